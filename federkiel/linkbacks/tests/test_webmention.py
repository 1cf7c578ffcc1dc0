import pytest
from django.test import override_settings

from federkiel.blogs.links import resolve_blog_url
from federkiel.blogs.models import Visibility
from federkiel.comments.models import Comment, CommentSettings
from federkiel.factories import BlogFactory, StoryFactory
from federkiel.linkbacks.models import Linkback
from federkiel.linkbacks.tasks import verify_linkback
from federkiel.linkbacks.tests.helpers import assert_inert_where_shown
from federkiel.linkbacks.tests.server import loopback_site
from federkiel.linkbacks.webmention import story_key
from federkiel.mail.models import OutgoingMail

pytestmark = pytest.mark.django_db

ENDPOINT = "/webmention/"


def target_of(story, settings, key=None):
    return f"{settings.BASE_URL}/{story.blog.name}/stories/{key or story.pk}/"


def entry(target, *, author="Ada Autorin", author_url="https://ada.example/", text="Schön!"):
    return f"""<!doctype html><html><head><title>Seitentitel</title></head><body>
<article class="h-entry"><h1 class="p-name">Antwort auf Füße</h1>
<a class="p-author h-card" href="{author_url}">{author}</a>
<div class="e-content"><p>{text} Siehe <a href="{target}">diesen Beitrag</a>.</p></div>
</article></body></html>"""


def send(client, source, target, capture):
    with capture(execute=True):
        return client.post(ENDPOINT, {"source": source, "target": target})


def test_story_page_names_the_endpoints(client, story, settings):
    response = client.get(f"/{story.blog.name}/stories/{story.pk}/")
    html = response.content.decode()
    webmention, pingback = f"{settings.BASE_URL}/webmention/", f"{settings.BASE_URL}/xmlrpc/"
    assert response["Link"] == f'<{webmention}>; rel="webmention"'
    assert f'<link rel="webmention" href="{webmention}">' in html
    assert response["X-Pingback"] == pingback
    assert f'<link rel="pingback" href="{pingback}">' in html


@pytest.mark.parametrize("mode", ["members", "nobody"])
def test_no_endpoints_named_where_none_are_taken(client, story, blog, mode):
    CommentSettings.objects.create(blog=blog, mode=mode)
    response = client.get(f"/{story.blog.name}/stories/{story.pk}/")
    assert not response.has_header("Link") and not response.has_header("X-Pingback")
    assert 'rel="webmention"' not in response.content.decode()
    assert 'rel="pingback"' not in response.content.decode()


def test_mention_lands_in_the_thread_with_author(
    client, story, settings, site, publish_at_once, django_capture_on_commit_callbacks
):
    target = target_of(story, settings)
    source = site.page("/antwort", entry(target))
    response = send(client, source, target, django_capture_on_commit_callbacks)
    assert response.status_code == 202
    comment = Comment.objects.get(story=story)
    assert comment.kind == Comment.Kind.WEBMENTION
    assert comment.state == Comment.State.PUBLISHED
    assert (comment.guest_name, comment.guest_website) == ("Ada Autorin", "https://ada.example/")
    assert "Antwort auf Füße" in comment.text and "Schön! Siehe diesen Beitrag." in comment.text
    assert Linkback.objects.get(comment=comment).source_url == source
    html = client.get(f"/{story.blog.name}/stories/{story.pk}/").content.decode()
    assert "(Webmention)" in html
    assert f'href="{source}" rel="nofollow ugc noopener">Antwort auf Füße</a>' in html


def test_first_mention_is_held_and_moderators_told(
    client, story, owner, settings, site, django_capture_on_commit_callbacks
):
    target = target_of(story, settings)
    send(client, site.page("/a", entry(target)), target, django_capture_on_commit_callbacks)
    assert Comment.objects.get(story=story).state == Comment.State.PENDING
    assert OutgoingMail.objects.filter(to=owner.email).count() == 1


def test_page_title_when_there_is_no_h_entry(
    client, story, settings, site, publish_at_once, django_capture_on_commit_callbacks
):
    target = target_of(story, settings)
    source = site.page("/plain", f'<title>Nur ein Titel</title><p><a href="{target}">x</a>')
    send(client, source, target, django_capture_on_commit_callbacks)
    comment = Comment.objects.get(story=story)
    assert comment.text == "Nur ein Titel"
    assert comment.guest_name == "127.0.0.1"  # the host, lacking an author
    assert comment.guest_website == source


def test_a_link_to_the_slug_address_counts(
    client, story, settings, site, publish_at_once, django_capture_on_commit_callbacks
):
    target = target_of(story, settings)
    source = site.page("/slug", entry(target_of(story, settings, key=story.slug)))
    assert send(client, source, target, django_capture_on_commit_callbacks).status_code == 202
    assert Comment.objects.filter(story=story).count() == 1


def test_a_source_without_the_link_makes_nothing(
    client, story, settings, site, django_capture_on_commit_callbacks
):
    target = target_of(story, settings)
    source = site.page("/other", entry("https://elsewhere.example/"))
    assert send(client, source, target, django_capture_on_commit_callbacks).status_code == 202
    assert not Comment.objects.exists()


def test_resent_mention_updates_and_runs_twice_safely(
    client, story, owner, settings, site, django_capture_on_commit_callbacks
):
    target = target_of(story, settings)
    source = site.page("/a", entry(target))
    send(client, source, target, django_capture_on_commit_callbacks)
    verify_linkback.call_local(story.pk, source, target, "127.0.0.1", "")
    assert Comment.objects.count() == 1
    assert OutgoingMail.objects.count() == 1
    site.page("/a", entry(target, text="Geändert!"))
    send(client, source, target, django_capture_on_commit_callbacks)
    comment = Comment.objects.get(story=story)
    assert "Geändert!" in comment.text
    assert Comment.objects.count() == 1


def test_withdrawn_when_the_link_goes_and_back_when_it_returns(
    client, story, settings, site, publish_at_once, django_capture_on_commit_callbacks
):
    target = target_of(story, settings)
    source = site.page("/a", entry(target))
    send(client, source, target, django_capture_on_commit_callbacks)
    site.page("/a", entry("https://elsewhere.example/"))
    send(client, source, target, django_capture_on_commit_callbacks)
    comment = Comment.objects.get(story=story)
    assert (comment.state, comment.deleted_by_author) == (Comment.State.DELETED, True)
    html = client.get(f"/{story.blog.name}/stories/{story.pk}/").content.decode()
    assert "Webmention" not in html.replace('rel="webmention"', "")
    site.page("/a", entry(target))
    send(client, source, target, django_capture_on_commit_callbacks)
    assert Comment.objects.get(story=story).state == Comment.State.PUBLISHED


@pytest.mark.parametrize("status", [410, 404])
def test_gone_source_deletes_the_mention(
    client, story, settings, site, publish_at_once, django_capture_on_commit_callbacks, status
):
    target = target_of(story, settings)
    source = site.page("/a", entry(target))
    send(client, source, target, django_capture_on_commit_callbacks)
    site.page("/a", "weg", status=status)
    send(client, source, target, django_capture_on_commit_callbacks)
    assert Comment.objects.get(story=story).state == Comment.State.DELETED


def test_a_moderators_removal_stays(
    client, story, settings, site, publish_at_once, django_capture_on_commit_callbacks
):
    target = target_of(story, settings)
    source = site.page("/a", entry(target))
    send(client, source, target, django_capture_on_commit_callbacks)
    Comment.objects.update(state=Comment.State.DELETED)
    send(client, source, target, django_capture_on_commit_callbacks)
    assert Comment.objects.get(story=story).state == Comment.State.DELETED


def test_sources_on_our_own_network_are_not_fetched(
    client, story, settings, django_capture_on_commit_callbacks
):
    with loopback_site() as site:  # loopback stays refused: the setting is off
        target = target_of(story, settings)
        source = site.page("/a", entry(target))
        assert send(client, source, target, django_capture_on_commit_callbacks).status_code == 202
        assert site.requests == []
    assert not Comment.objects.exists()


XSS = '"><script>alert(1)</script><img src=x onerror=alert(2)>'


def test_script_payloads_in_the_source_stay_inert(
    client, story, owner, settings, site, publish_at_once, django_capture_on_commit_callbacks
):
    target = target_of(story, settings)
    page = entry(target, author=f"Ada{XSS}", author_url="javascript:alert(5)", text=XSS).replace(
        '<h1 class="p-name">Antwort auf Füße</h1>', f'<h1 class="p-name">T&lt;script&gt;{XSS}</h1>'
    )
    send(client, site.page("/x", page), target, django_capture_on_commit_callbacks)
    comment = Comment.objects.get(story=story)
    assert comment.guest_website == site.base + "/x"  # javascript: is no web site
    assert_inert_where_shown(client, story, owner, "T&lt;script&gt;")  # shown as text


@pytest.mark.parametrize(
    ("source", "target", "message"),
    [
        ("", "{target}", "Gib source und target an."),
        ("https://a.example/", "", "Gib source und target an."),
        ("ftp://a.example/", "{target}", "http(s)"),
        ("javascript:alert(1)", "{target}", "http(s)"),
        ("https://a.example/", "ftp://{target}", "http(s)"),
        ("{target}", "{target}#x", "unterscheiden"),
        ("https://a.example/", "https://elsewhere.example/kiel/stories/1/", "kein Beitrag"),
        ("https://a.example/", "{base}/kiel/", "kein Beitrag"),
        ("https://a.example/", "{base}/kiel/stories/999999/", "veröffentlichter Beitrag"),
        ("https://a.example/", "{base}/nirgends/stories/1/", "veröffentlichter Beitrag"),
    ],
)
def test_bad_requests_get_400_with_a_reason(client, story, settings, source, target, message):
    fill = {"target": target_of(story, settings), "base": settings.BASE_URL}
    response = client.post(
        ENDPOINT,
        {"source": source.format(**fill), "target": target.format(**fill)},
        HTTP_ACCEPT_LANGUAGE="de",
    )
    assert response.status_code == 400
    assert message in response.content.decode()


@pytest.mark.parametrize("change", ["draft", "restricted", "closed", "signed_in", "no_comments"])
def test_stories_that_take_none_get_400(client, story, blog, settings, change):
    if change == "draft":
        story.status = "draft"
        story.save()
    elif change in ("restricted", "closed"):
        blog.visibility = Visibility.RESTRICTED if change == "restricted" else Visibility.CLOSED
        blog.save()
    elif change == "signed_in":
        CommentSettings.objects.create(blog=blog, mode="signed_in")
    else:
        story.comments_open = False
        story.save()
    response = client.post(
        ENDPOINT, {"source": "https://a.example/", "target": target_of(story, settings)}
    )
    assert response.status_code == 400


@pytest.mark.parametrize("endpoint", ["/webmention/", "/xmlrpc/"])
def test_platform_endpoints_take_only_post_and_are_reserved_names(client, endpoint):
    from django.core.exceptions import ValidationError

    from federkiel.blogs.models import validate_not_reserved

    response = client.get(endpoint)
    assert response.status_code == 405
    assert response["Allow"] == "POST"
    with pytest.raises(ValidationError):
        validate_not_reserved(endpoint.strip("/"))


def test_story_urls_in_path_mode(settings):
    assert story_key(f"{settings.BASE_URL}/kiel/stories/12/") == ("kiel", "12")
    assert story_key(f"{settings.BASE_URL}/kiel/stories/ueber-fuesse/") == ("kiel", "ueber-fuesse")
    assert story_key("https://127.0.0.1:8000/kiel/stories/12/?x=1") == ("kiel", "12")
    assert story_key(f"{settings.BASE_URL}/kiel/stories/%C3%BCber/") == ("kiel", "über")
    assert story_key(f"{settings.BASE_URL}/kiel/") is None
    assert story_key("https://evil.example/kiel/stories/12/") is None
    assert story_key("http://127.0.0.1:9999/kiel/stories/12/") is None


@override_settings(
    URL_MODE="subdomain",
    BASE_URL="https://example.org",
    BASE_DOMAIN="example.org",
    ALLOWED_HOSTS=["example.org", ".example.org"],
)
def test_story_urls_in_subdomain_mode():
    assert story_key("https://kiel.example.org/stories/12/") == ("kiel", "12")
    assert story_key("http://kiel.example.org/stories/ueber-fuesse/") == ("kiel", "ueber-fuesse")
    assert story_key("https://a.b.example.org/stories/12/") is None
    assert story_key("https://kiel.example.org.evil.example/stories/12/") is None
    assert resolve_blog_url("https://example.org/webmention/").view_name == (
        "linkbacks_platform:webmention"
    )


@override_settings(
    URL_MODE="subdomain",
    BASE_URL="http://example.org",
    BASE_DOMAIN="example.org",
    ALLOWED_HOSTS=["example.org", ".example.org"],
)
def test_webmention_for_a_subdomain_story(client, owner, django_capture_on_commit_callbacks):
    blog = BlogFactory(name="hafen")
    story = StoryFactory(blog=blog, author=owner)
    response = client.post(
        ENDPOINT,
        {"source": "https://a.example/", "target": f"http://hafen.example.org/stories/{story.pk}/"},
        HTTP_HOST="example.org",
    )
    assert response.status_code == 202
