"""Subdomain mode: feeds and archives of `kiel.example.org` link within that host."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.test import override_settings

from federkiel.factories import StoryFactory
from federkiel.feeds.tests.validation import check_json_feed, parse

SUBDOMAINS = override_settings(
    URL_MODE="subdomain",
    BASE_URL="http://example.org",
    BASE_DOMAIN="example.org",
    ALLOWED_HOSTS=["example.org", ".example.org"],
)
KIEL = {"HTTP_HOST": "kiel.example.org"}


@pytest.fixture
def story(blog, owner):
    return StoryFactory(
        blog=blog,
        author=owner,
        title="Hafen",
        text="![Kran](/media/kran.jpg)",
        topic_names=["Hafen"],
        published_at=datetime(2009, 1, 8, 12, tzinfo=ZoneInfo("Europe/Berlin")),
    )


@pytest.mark.django_db
@SUBDOMAINS
def test_feeds_on_the_blogs_own_host(client, story):
    atom = parse(client.get("/feeds/atom/", **KIEL).content)
    assert [link.href for link in atom.feed.links if link.rel == "self"] == [
        "http://kiel.example.org/feeds/atom/"
    ]
    entry = atom.entries[0]
    assert entry.link == "http://kiel.example.org/stories/hafen/"
    assert entry.id.startswith("tag:example.org,")
    assert 'src="http://kiel.example.org/media/kran.jpg"' in entry.content[0].value
    topic = check_json_feed(client.get("/feeds/topics/hafen/json/", **KIEL).content)
    assert topic["home_page_url"] == "http://kiel.example.org/topics/hafen/"
    response = client.get("/rss", **KIEL)
    assert response.status_code == 301
    assert response["Location"] == "http://kiel.example.org/feeds/rss/"
    html = client.get("/", **KIEL).content.decode()
    assert 'href="http://kiel.example.org/feeds/atom/"' in html


@pytest.mark.django_db
@SUBDOMAINS
def test_platform_feed_on_the_platform_host(client, story):
    feed = check_json_feed(client.get("/feeds/json/", HTTP_HOST="example.org").content)
    assert feed["feed_url"] == "http://example.org/feeds/json/"
    assert feed["items"][0]["url"] == "http://kiel.example.org/stories/hafen/"


@pytest.mark.django_db
@SUBDOMAINS
def test_archives_on_the_blogs_own_host(client, story):
    html = client.get("/200901/", **KIEL).content.decode()
    assert "Hafen" in html
    assert '<a href="http://kiel.example.org/20090108/">8</a>' in html
    assert client.get("/20090108/", **KIEL).status_code == 200
    response = client.get("/topics/Hafen/", **KIEL)
    assert response["Location"] == "http://kiel.example.org/topics/hafen/"


@pytest.mark.django_db
@SUBDOMAINS
def test_comment_feeds_on_the_blogs_own_host(client, story):
    from federkiel.factories import CommentFactory

    comment = CommentFactory(story=story, text="Schöner Kran.")
    feed = check_json_feed(client.get(f"/feeds/stories/{story.pk}/comments/json/", **KIEL).content)
    assert feed["feed_url"] == f"http://kiel.example.org/feeds/stories/{story.pk}/comments/json/"
    assert feed["items"][0]["url"] == f"http://kiel.example.org/stories/hafen/#comment-{comment.pk}"
    atom = parse(client.get("/feeds/comments/atom/", **KIEL).content)
    assert [link.href for link in atom.feed.links if link.rel == "self"] == [
        "http://kiel.example.org/feeds/comments/atom/"
    ]
    page = client.get("/stories/hafen/", **KIEL).content.decode()
    assert f'href="http://kiel.example.org/feeds/stories/{story.pk}/comments/rss/"' in page
    assert 'href="http://kiel.example.org/feeds/comments/rss/"' in page
