from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from federkiel.blogs.models import Visibility
from federkiel.factories import BlogFactory, MembershipFactory, StoryFactory
from federkiel.feeds.tests.validation import check_json_feed, parse, validate_atom
from federkiel.stories.models import Story
from federkiel.stories.writing import save_story

BERLIN = ZoneInfo("Europe/Berlin")
STORY_FEEDS = ["/kiel/feeds/{}/", "/kiel/feeds/topics/reisen/{}/", "/feeds/{}/"]


@pytest.fixture
def stories(blog, owner):
    """Two published stories of kiel, a draft, a scheduled one, one of a private blog."""
    published = [
        StoryFactory(blog=blog, author=owner, title="Nach Oslo",
                     text="Mit der **Fähre**. ![Bild](/media/oslo.jpg) [mehr](/kiel/topics/)",
                     topic_names=["Reisen", "Meer"],
                     published_at=datetime(2009, 1, 8, 21, 59, tzinfo=BERLIN)),
        StoryFactory(blog=blog, author=owner, title="Kieler Woche", topic_names=["Reisen"],
                     published_at=datetime(2009, 6, 20, 12, tzinfo=BERLIN)),
    ]  # fmt: skip
    StoryFactory(blog=blog, author=owner, title="Entwurf", status=Story.Status.DRAFT,
                 topic_names=["Reisen"])  # fmt: skip
    StoryFactory(blog=blog, author=owner, title="Geplant", topic_names=["Reisen"],
                 published_at=timezone.now() + timedelta(days=1))  # fmt: skip
    hidden = BlogFactory(name="geheim", visibility=Visibility.RESTRICTED)
    StoryFactory(blog=hidden, title="Nur für Mitglieder")
    return published


@pytest.mark.django_db
@pytest.mark.parametrize("path", STORY_FEEDS)
def test_rss_and_atom_parse_cleanly_with_full_content(client, stories, path):
    for fmt in ("rss", "atom"):
        response = client.get(path.format(fmt))
        assert response.status_code == 200
        assert response["Content-Type"].startswith(f"application/{fmt}+xml")
        feed = parse(response.content)
        assert [e.title for e in feed.entries] == ["Kieler Woche", "Nach Oslo"]
        oslo = feed.entries[1]
        full_text = oslo.content[0].value if fmt == "atom" else oslo.description
        assert "<strong>Fähre</strong>" in full_text
        assert 'src="http://127.0.0.1:8000/media/oslo.jpg"' in full_text
        assert 'href="http://127.0.0.1:8000/kiel/topics/"' in full_text
        assert oslo.id.startswith("tag:")
        assert oslo.link.endswith("/kiel/stories/nach-oslo/")
        assert {t.term for t in oslo.tags} == {"Reisen", "Meer"}
        assert oslo.author == "Olga"
        assert oslo.published_parsed[:5] == (2009, 1, 8, 20, 59)  # 21:59 in Berlin
        self_links = [link.href for link in feed.feed.links if link.rel == "self"]
        assert self_links == [f"http://127.0.0.1:8000{path.format(fmt)}"]


@pytest.mark.django_db
def test_dates_carry_the_blogs_utc_offset(client, stories):
    rss = client.get("/kiel/feeds/rss/").content.decode()
    assert "<pubDate>Thu, 08 Jan 2009 21:59:00 +0100</pubDate>" in rss
    atom = client.get("/kiel/feeds/atom/").content.decode()
    assert "<published>2009-01-08T21:59:00+01:00</published>" in atom
    assert "<published>2009-06-20T12:00:00+02:00</published>" in atom
    feed = check_json_feed(client.get("/kiel/feeds/json/").content)
    assert feed["items"][1]["date_published"] == "2009-01-08T21:59:00+01:00"


@pytest.mark.django_db
def test_atom_feeds_validate_against_rfc_4287_schema(client, stories):
    empty = BlogFactory(name="leer")
    MembershipFactory(blog=empty)
    documents = [client.get(path.format("atom")).content for path in STORY_FEEDS]
    documents.append(client.get("/leer/feeds/atom/").content)
    validate_atom(*documents)


@pytest.mark.django_db
def test_schema_check_rejects_an_invalid_atom_feed(client, stories):
    valid = client.get("/kiel/feeds/atom/").content
    broken = valid.replace(b"<id>tag:", b"<identifier>tag:", 1).replace(
        b"</id>", b"</identifier>", 1
    )
    with pytest.raises(AssertionError):
        validate_atom(broken)


@pytest.mark.django_db
@pytest.mark.parametrize("path", STORY_FEEDS)
def test_json_feeds_follow_the_spec(client, stories, path):
    response = client.get(path.format("json"))
    assert response["Content-Type"] == "application/feed+json"
    feed = check_json_feed(response.content)
    assert [item["title"] for item in feed["items"]] == ["Kieler Woche", "Nach Oslo"]
    assert feed["feed_url"] == f"http://127.0.0.1:8000{path.format('json')}"
    oslo = feed["items"][1]
    assert oslo["id"].startswith("tag:")
    assert "<strong>Fähre</strong>" in oslo["content_html"]
    assert oslo["authors"] == [{"name": "Olga"}]
    assert sorted(oslo["tags"]) == ["Meer", "Reisen"]


@pytest.mark.django_db
def test_an_author_web_site_that_is_not_http_is_left_out(client, stories, owner):
    type(owner).objects.filter(pk=owner.pk).update(website="javascript:alert(1)")
    for path in STORY_FEEDS:
        for fmt in ("rss", "atom", "json"):
            assert "javascript:" not in client.get(path.format(fmt)).content.decode()
    feed = check_json_feed(client.get("/kiel/feeds/json/").content)
    assert feed["items"][1]["authors"] == [{"name": "Olga"}]


@pytest.mark.django_db
def test_ids_stay_the_same_when_a_story_is_renamed(client, stories):
    before = check_json_feed(client.get("/kiel/feeds/json/").content)["items"][1]["id"]
    story = stories[0]
    story.title = "Nach Oslo und zurück"
    story.slug = ""
    save_story(story)
    item = check_json_feed(client.get("/kiel/feeds/json/").content)["items"][1]
    assert item["title"] == "Nach Oslo und zurück"
    assert item["id"] == before


# What a 304 costs: the blog, the topic, the stamp (the newest stories' ids and dates).
QUERIES_FOR_304 = {STORY_FEEDS[0]: 2, STORY_FEEDS[1]: 3, STORY_FEEDS[2]: 1}


@pytest.mark.django_db
@pytest.mark.parametrize("fmt", ["rss", "atom", "json"])
@pytest.mark.parametrize("path", STORY_FEEDS)
def test_conditional_get_answers_304_until_something_changes(client, stories, path, fmt):
    url = path.format(fmt)
    first = client.get(url)
    etag, last_modified = first["ETag"], first["Last-Modified"]
    assert client.get(url, headers={"If-None-Match": etag}).status_code == 304
    assert client.get(url, headers={"If-Modified-Since": last_modified}).status_code == 304
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url, headers={"If-None-Match": etag}).status_code == 304
    assert len(queries) == QUERIES_FOR_304[path]
    story = stories[0]
    story.text = "Geändert."
    save_story(story)
    changed = client.get(url, headers={"If-None-Match": etag})
    assert changed.status_code == 200
    assert changed["ETag"] != etag
    assert "Geändert." in changed.content.decode()
    etag = changed["ETag"]
    StoryFactory(blog=story.blog, author=story.author, title="Neu erschienen",
                 topic_names=["Reisen"])  # fmt: skip
    fresh = client.get(url, headers={"If-None-Match": etag})
    assert fresh.status_code == 200
    assert fresh["ETag"] != etag
    assert "Neu erschienen" in fresh.content.decode()
    assert client.get(url, headers={"If-None-Match": fresh["ETag"]}).status_code == 304


@pytest.mark.django_db
def test_each_format_has_its_own_etag(client, stories):
    etags = {client.get(f"/kiel/feeds/{fmt}/")["ETag"] for fmt in ("rss", "atom", "json")}
    assert len(etags) == 3


@pytest.mark.django_db
@pytest.mark.parametrize("path", STORY_FEEDS)
def test_feeds_leave_out_drafts_scheduled_and_private_stories(client, stories, path):
    for fmt in ("rss", "atom", "json"):
        body = client.get(path.format(fmt)).content.decode()
        for title in ("Entwurf", "Geplant", "Nur für Mitglieder"):
            assert title not in body


@pytest.mark.django_db
@pytest.mark.parametrize("visibility", [Visibility.RESTRICTED, Visibility.CLOSED])
def test_restricted_and_closed_blogs_have_no_feeds(client, blog, owner, admin_user, stories,
                                                   visibility):  # fmt: skip
    blog.visibility = visibility
    blog.save()
    paths = [p.format(f) for p in STORY_FEEDS[:2] for f in ("rss", "atom", "json")]
    paths += ["/kiel/rss", "/kiel/index.rdf"]
    for user in (None, owner, admin_user):
        if user:
            client.force_login(user)
        for path in paths:
            assert client.get(path).status_code == 404, (user, path)
        # Nor do their pages link any.
        assert 'rel="alternate"' not in client.get("/kiel/").content.decode()
    for fmt in ("rss", "atom", "json"):
        body = client.get(f"/feeds/{fmt}/").content.decode()
        assert "Nach Oslo" not in body


@pytest.mark.django_db
def test_unknown_topics_and_blogs_have_no_feeds(client, stories):
    assert client.get("/kiel/feeds/topics/nichts/rss/").status_code == 404
    assert client.get("/nobody/feeds/rss/").status_code == 404
    assert client.get("/kiel/feeds/rdf/").status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize("alias", ["/kiel/rss", "/kiel/index.rdf"])
def test_twoday_feed_addresses_redirect_to_rss(client, stories, alias):
    response = client.get(alias)
    assert response.status_code == 301
    assert response["Location"] == "/kiel/feeds/rss/"
    assert client.get("/nobody/rss").status_code == 404


@pytest.mark.django_db
def test_blog_pages_link_their_feeds(client, stories):
    feeds = [
        '<link rel="alternate" type="application/rss+xml" title="Kieler Nachrichten (RSS)" '
        'href="/kiel/feeds/rss/">',
        '<link rel="alternate" type="application/atom+xml" title="Kieler Nachrichten (Atom)" '
        'href="/kiel/feeds/atom/">',
        '<link rel="alternate" type="application/feed+json" '
        'title="Kieler Nachrichten (JSON Feed)" href="/kiel/feeds/json/">',
    ]
    for path in ["/kiel/", "/kiel/stories/nach-oslo/", "/kiel/20090108/", "/kiel/200901/",
                 "/kiel/topics/", "/kiel/topics/reisen/"]:  # fmt: skip
        html = client.get(path).content.decode()
        for link in feeds:
            assert link in html, path
    topic_page = client.get("/kiel/topics/reisen/").content.decode()
    assert (
        '<link rel="alternate" type="application/rss+xml" '
        'title="Kieler Nachrichten – Thema: Reisen (RSS)" href="/kiel/feeds/topics/reisen/rss/">'
    ) in topic_page


@pytest.mark.django_db
def test_platform_home_links_the_platform_feeds(client, stories):
    html = client.get("/").content.decode()
    assert 'type="application/atom+xml"' in html
    assert 'href="/feeds/atom/"' in html


@pytest.mark.django_db
def test_blog_in_another_time_zone(client, owner):
    blog = BlogFactory(name="nyc", time_zone="America/New_York")
    StoryFactory(blog=blog, author=owner, title="Snow",
                 published_at=datetime(2009, 1, 8, 21, 59, tzinfo=BERLIN))  # fmt: skip
    assert "<pubDate>Thu, 08 Jan 2009 15:59:00 -0500</pubDate>" in (
        client.get("/nyc/feeds/rss/").content.decode()
    )


def _count(client, path):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(path).status_code == 200
    return len(queries)


@pytest.mark.django_db
@pytest.mark.parametrize("path", [p.format("atom") for p in STORY_FEEDS])
def test_feed_queries_do_not_grow_with_stories(client, blog, owner, path):
    def add(n):
        for i in range(n):
            StoryFactory(blog=blog, author=owner, topic_names=["Reisen", f"t{i}"])

    add(2)
    few = _count(client, path)
    add(8)
    assert _count(client, path) == few


@pytest.mark.django_db
@pytest.mark.parametrize("path", STORY_FEEDS)
def test_an_authors_new_name_or_web_site_changes_the_etag(client, stories, owner, path):
    url = path.format("atom")
    etag = client.get(url)["ETag"]
    owner.display_name = "Olga Ostsee"
    owner.save()
    renamed = client.get(url, headers={"If-None-Match": etag})
    assert renamed.status_code == 200
    assert "Olga Ostsee" in renamed.content.decode()
    owner.website = "https://olga.example/"
    owner.save()
    linked = client.get(url, headers={"If-None-Match": renamed["ETag"]})
    assert linked.status_code == 200
    assert "https://olga.example/" in linked.content.decode()


@pytest.mark.django_db
def test_a_renamed_blog_changes_the_platform_feeds_etag(client, stories, blog):
    etag = client.get("/feeds/atom/")["ETag"]
    blog.name = "kiel-neu"
    blog.save()
    moved = client.get("/feeds/atom/", headers={"If-None-Match": etag})
    assert moved.status_code == 200
    assert "/kiel-neu/stories/nach-oslo/" in moved.content.decode()
