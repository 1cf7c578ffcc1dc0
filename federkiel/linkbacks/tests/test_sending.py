import xmlrpc.client
from datetime import timedelta
from urllib.parse import urlencode

import pytest
from django.utils import timezone

from federkiel.blogs.models import Visibility
from federkiel.factories import StoryFactory
from federkiel.linkbacks import sending, tasks
from federkiel.linkbacks.models import SentLinkback
from federkiel.linkbacks.sending import TransientFailure, link_header, send_for_story, story_url
from federkiel.linkbacks.tests.server import Route
from federkiel.stories.models import Story
from federkiel.stories.writing import StoryInput, save_story, update_story

pytestmark = pytest.mark.django_db

PAGE = "<!doctype html><html><head>{head}</head><body><p>Hallo</p>{body}</body></html>"


@pytest.fixture(autouse=True)
def sending_on(settings):
    settings.LINKBACKS_SEND = True


def html(head="", body=""):
    return PAGE.format(head=head, body=body)


def story_linking(blog, owner, *urls, **kwargs):
    text = " ".join(f"[Link {n}]({url})" for n, url in enumerate(urls))
    return StoryFactory(blog=blog, author=owner, title="Über Füße", text=text, **kwargs)


def webmention_body(story, target):
    return urlencode({"source": story_url(story), "target": target}).encode()


def rows(story):
    return {
        row.target_url: (row.method, row.status) for row in SentLinkback.objects.filter(story=story)
    }


@pytest.mark.parametrize(
    "advertise",
    [
        lambda e: ({"Link": f'<{e}>; rel="webmention"'}, ""),
        lambda e: ({"Link": f"<https://other.example/x>; rel=next, <{e}>; rel=webmention"}, ""),
        lambda e: ({}, f'<link rel="webmention" href="{e}">'),
        lambda e: ({}, f'<a rel="nofollow webmention" href="{e}">endpoint</a>'),
        lambda e: ({}, '<link rel="webmention" href="/endpoint">'),
    ],
    ids=["header", "header-among-others", "link", "a", "relative"],
)
def test_webmention_sent_to_discovered_endpoint(blog, owner, site, advertise):
    endpoint = site.endpoint("/endpoint")
    headers, head = advertise(endpoint)
    target = site.page("/post", html(head=head), headers=headers)
    story = story_linking(blog, owner, target)
    send_for_story(story.pk)
    assert [(p.path, p.content_type, p.body) for p in site.posts] == [
        ("/endpoint", "application/x-www-form-urlencoded", webmention_body(story, target))
    ]
    assert rows(story) == {target: ("webmention", "sent")}


def test_empty_href_means_the_page_itself(blog, owner, site):
    target = site.page("/post?x=1", html(head='<link rel="webmention" href="">'))
    site.endpoint("/post?x=1")
    story = story_linking(blog, owner, target)
    send_for_story(story.pk)
    assert [(p.path, p.body) for p in site.posts] == [("/post?x=1", webmention_body(story, target))]


def test_relative_endpoint_resolved_against_final_address(blog, owner, site):
    site.page("/deep/page", html(head='<link rel="webmention" href="wm">'))
    target = site.page("/moved", "", status=301, headers={"Location": "/deep/page"})
    site.endpoint("/deep/wm")
    story = story_linking(blog, owner, target)
    send_for_story(story.pk)
    assert [p.path for p in site.posts] == ["/deep/wm"]


def test_header_preferred_to_html_and_webmention_to_pingback(blog, owner, site):
    site.endpoint("/header")
    site.endpoint("/html")
    site.endpoint("/xmlrpc")
    head = '<link rel="pingback" href="/xmlrpc"><link rel="webmention" href="/html">'
    target = site.page("/post", html(head=head), headers={"Link": '</header>; rel="webmention"'})
    send_for_story(story_linking(blog, owner, target).pk)
    assert [p.path for p in site.posts] == ["/header"]


@pytest.mark.parametrize("by_header", [True, False])
def test_pingback_sent_when_no_webmention_endpoint(blog, owner, site, by_header):
    answer = xmlrpc.client.dumps(("Thanks!",), methodresponse=True).encode()
    endpoint = site.endpoint("/xmlrpc", Route(body=answer, content_type="text/xml"))
    if by_header:
        target = site.page("/post", html(), headers={"X-Pingback": endpoint})
    else:
        target = site.page("/post", html(head=f'<link rel="pingback" href="{endpoint}">'))
    story = story_linking(blog, owner, target)
    send_for_story(story.pk)
    [posted] = site.posts
    assert posted.content_type == "text/xml; charset=utf-8"
    assert xmlrpc.client.loads(posted.body) == ((story_url(story), target), "pingback.ping")
    row = SentLinkback.objects.get(story=story)
    assert (row.method, row.status, row.response) == ("pingback", "sent", "")


def test_pingback_fault_recorded_as_failed(blog, owner, site):
    fault = xmlrpc.client.dumps(xmlrpc.client.Fault(17, "no link here")).encode()
    endpoint = site.endpoint("/xmlrpc", Route(body=fault, content_type="text/xml"))
    target = site.page("/post", html(), headers={"X-Pingback": endpoint})
    story = story_linking(blog, owner, target)
    send_for_story(story.pk)
    row = SentLinkback.objects.get(story=story)
    assert (row.status, row.response, row.transient) == ("failed", "17: no link here", False)


def test_page_without_endpoint(blog, owner, site):
    target = site.page("/plain", html(body='<a href="/elsewhere">x</a>'))
    story = story_linking(blog, owner, target)
    send_for_story(story.pk)
    assert site.posts == []
    assert rows(story) == {target: ("", "no_endpoint")}


def test_server_error_retried_until_sent(blog, owner, site):
    endpoint = site.endpoint("/wm", Route(status=500, body=b"oops"), Route(status=202))
    target = site.page("/post", html(), headers={"Link": f'<{endpoint}>; rel="webmention"'})
    story = story_linking(blog, owner, target)
    with pytest.raises(TransientFailure):
        send_for_story(story.pk)
    row = SentLinkback.objects.get(story=story)
    assert (row.status, row.transient, row.response) == ("failed", True, "HTTP 500: oops")
    send_for_story(story.pk)  # what huey's retry does
    assert len(site.posts) == 2 and site.posts[0].body == site.posts[1].body
    row.refresh_from_db()
    assert (row.status, row.transient) == ("sent", False)
    assert tasks.send_linkbacks.task_class.default_retries == 3


def test_permanent_failure_is_not_retried(blog, owner, site):
    endpoint = site.endpoint("/wm", Route(status=400, body=b"no"))
    target = site.page("/post", html(), headers={"Link": f'<{endpoint}>; rel="webmention"'})
    story = story_linking(blog, owner, target)
    send_for_story(story.pk)
    send_for_story(story.pk)
    assert len(site.posts) == 1
    assert rows(story) == {target: ("webmention", "failed")}


def test_running_twice_sends_nothing_twice(blog, owner, site):
    endpoint = site.endpoint("/wm")
    one = site.page("/one", html(), headers={"Link": f'<{endpoint}>; rel="webmention"'})
    two = site.page("/two", html(head=f'<link rel="webmention" href="{endpoint}">'))
    story = story_linking(blog, owner, one, two, f"{one}#top")
    send_for_story(story.pk)
    send_for_story(story.pk)
    assert sorted(p.body for p in site.posts) == sorted(
        [webmention_body(story, one), webmention_body(story, two)]
    )


def test_changed_story_sends_again_also_to_removed_links(blog, owner, site):
    endpoint = site.endpoint("/wm")
    kept = site.page("/kept", html(), headers={"Link": f'<{endpoint}>; rel="webmention"'})
    dropped = site.page("/dropped", html(), headers={"Link": f'<{endpoint}>; rel="webmention"'})
    story = story_linking(blog, owner, kept, dropped)
    send_for_story(story.pk)
    site.posts.clear()
    story.text = f"Now only [this]({kept})."
    save_story(story)
    send_for_story(story.pk)
    assert sorted(p.body for p in site.posts) == sorted(
        [webmention_body(story, kept), webmention_body(story, dropped)]
    )


def test_own_page_other_schemes_and_duplicates_skipped(blog, owner, site, settings):
    target = site.page("/post", html())
    story = story_linking(blog, owner, target, "mailto:a@example.org", "ftp://example.org/x")
    own = [story_url(story), f"{settings.BASE_URL}/{blog.name}/stories/{story.pk}/"]
    story.text += " " + " ".join(f"[me]({url})" for url in own) + f" [again]({target}#x)"
    save_story(story)
    assert sending.outgoing_links(story) == [target]


def test_links_capped(blog, owner, site, monkeypatch):
    monkeypatch.setattr(sending, "MAX_LINKS", 2)
    urls = [site.page(f"/p{n}", html()) for n in range(4)]
    story = story_linking(blog, owner, *urls)
    send_for_story(story.pk)
    assert sorted(rows(story)) == urls[:2]


@pytest.mark.parametrize(
    "change",
    [
        lambda story: setattr(story.blog, "visibility", Visibility.RESTRICTED),
        lambda story: setattr(story.blog, "visibility", Visibility.CLOSED),
        lambda story: setattr(story.blog, "send_linkbacks", False),
        lambda story: setattr(story, "status", Story.Status.DRAFT),
        lambda story: setattr(story, "published_at", timezone.now() + timedelta(hours=1)),
    ],
    ids=["restricted", "closed", "switched-off", "draft", "scheduled"],
)
def test_private_or_unpublished_sends_nothing(blog, owner, site, change):
    endpoint = site.endpoint("/wm")
    target = site.page("/post", html(), headers={"Link": f'<{endpoint}>; rel="webmention"'})
    story = story_linking(blog, owner, target)
    change(story)
    story.blog.save()
    story.save()
    send_for_story(story.pk)
    assert site.requests == [] and site.posts == []
    assert not SentLinkback.objects.exists()


def test_publishing_queues_sending_after_commit(
    blog, owner, site, django_capture_on_commit_callbacks
):
    endpoint = site.endpoint("/wm")
    target = site.page("/post", html(), headers={"Link": f'<{endpoint}>; rel="webmention"'})
    story = story_linking(blog, owner, target, status=Story.Status.DRAFT)
    data = StoryInput(title=story.title, text=story.text, status=Story.Status.DRAFT)
    with django_capture_on_commit_callbacks(execute=True):
        update_story(story, data)
    assert site.posts == []
    data = StoryInput(title=story.title, text=story.text, status=Story.Status.PUBLISHED)
    with django_capture_on_commit_callbacks(execute=True):
        update_story(story, data)
    assert [p.body for p in site.posts] == [webmention_body(story, target)]


def test_scheduled_story_sent_when_its_date_has_come(blog, owner, site):
    endpoint = site.endpoint("/wm")
    target = site.page("/post", html(), headers={"Link": f'<{endpoint}>; rel="webmention"'})
    story = story_linking(blog, owner, target, published_at=timezone.now() + timedelta(hours=1))
    assert tasks.scheduled_stories_due() == []
    now = timezone.now()
    Story.objects.filter(pk=story.pk).update(
        published_at=now - timedelta(minutes=5), modified_at=now - timedelta(hours=1)
    )
    assert tasks.scheduled_stories_due() == [story.pk]
    tasks.send_for_scheduled_stories()
    assert [p.body for p in site.posts] == [webmention_body(story, target)]
    blog.visibility = Visibility.RESTRICTED
    blog.save()
    assert tasks.scheduled_stories_due() == []


def test_story_published_at_once_is_not_picked_up_again(blog, owner):
    StoryFactory(blog=blog, author=owner)
    assert tasks.scheduled_stories_due() == []


def test_refused_address_fails_without_retry(blog, owner, settings):
    settings.LINKBACK_FETCH_ALLOW_LOOPBACK = False
    story = story_linking(blog, owner, "http://127.0.0.1:9/x")
    send_for_story(story.pk)
    row = SentLinkback.objects.get(story=story)
    assert (row.status, row.transient) == ("failed", False)


def test_link_header_parsing():
    value = '<a>; rel="x webmention", <b;c>; title="a, b"; rel=webmention, <d>; rel=next'
    assert link_header(value) == [
        ("a", {"x", "webmention"}),
        ("b;c", {"webmention"}),
        ("d", {"next"}),
    ]


def test_posts_obey_the_address_checks(settings):
    from federkiel.linkbacks.fetch import Refused, post

    settings.LINKBACK_FETCH_ALLOW_LOOPBACK = False
    for url in ("http://127.0.0.1:9/wm", "http://10.0.0.1/wm", "ftp://example.org/wm"):
        with pytest.raises(Refused):
            post(url, b"source=a&target=b", "application/x-www-form-urlencoded")


def test_edit_page_lists_the_pages_told_in_the_readers_language(client, blog, owner, site):
    endpoint = site.endpoint("/wm", Route(status=400, body=b"nope"))
    told = site.page("/told", html(), headers={"Link": f'<{endpoint}>; rel="webmention"'})
    plain = site.page("/plain", html())
    story = story_linking(blog, owner, told, plain)
    send_for_story(story.pk)
    story.text = f"[Only]({told})"
    save_story(story)
    client.force_login(owner)
    edit = f"/{blog.name}/stories/{story.pk}/edit/"
    german = client.get(edit, HTTP_ACCEPT_LANGUAGE="de").content.decode()
    assert "Verlinkte Seiten, die von diesem Beitrag erfahren haben" in german
    assert (
        f'<a href="{told}" rel="nofollow noopener">{told}</a>:\n      fehlgeschlagen (Webmention)'
        in german
    )
    assert "HTTP 400: nope" in german
    assert "keine Empfangsadresse gefunden" in german and "nicht mehr verlinkt" in german
    english = client.get(edit, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "no endpoint found" in english and "no longer linked" in english


def test_edit_page_without_sent_linkbacks_has_no_list(client, blog, owner):
    story = StoryFactory(blog=blog, author=owner)
    client.force_login(owner)
    assert (
        "sent-linkbacks"
        not in client.get(f"/{blog.name}/stories/{story.pk}/edit/").content.decode()
    )
