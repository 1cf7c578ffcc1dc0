"""Story and front pages parse as microformats2 (h-entry in an h-feed) with mf2py."""

from datetime import datetime
from zoneinfo import ZoneInfo

import mf2py  # type: ignore[import-untyped]
import pytest

from federkiel.factories import StoryFactory

BASE = "http://127.0.0.1:8000"


def parse(client, path):
    response = client.get(path)
    assert response.status_code == 200
    return mf2py.parse(doc=response.content.decode(), url=BASE + path)


@pytest.fixture
def story(blog, owner):
    owner.display_name = "Olga Ostsee"
    owner.website = "https://olga.example.org/"
    owner.save()
    return StoryFactory(
        blog=blog,
        author=owner,
        title="Über Füße",
        text="Ein *kurzer* Text.",
        topic_names=["Kiel", "Segeln"],
        published_at=datetime(2009, 1, 8, 21, 59, tzinfo=ZoneInfo("Europe/Berlin")),
    )


def assert_entry(entry, story):
    props = entry["properties"]
    assert entry["type"] == ["h-entry"]
    assert props["name"] == ["Über Füße"]
    assert props["content"][0]["html"].strip() == "<p>Ein <em>kurzer</em> Text.</p>"
    assert props["content"][0]["value"].strip() == "Ein kurzer Text."
    assert len(props["published"]) == 1
    published = datetime.fromisoformat(props["published"][0])
    assert published == story.published_at
    assert published.utcoffset().total_seconds() == 3600  # in the blog's time zone
    assert props["url"] == [f"{BASE}/kiel/stories/{story.slug}/"]
    assert props["category"] == ["Kiel", "Segeln"]
    author = props["author"][0]
    assert author["type"] == ["h-card"]
    assert author["properties"]["name"] == ["Olga Ostsee"]
    assert author["properties"]["url"] == ["https://olga.example.org/"]


@pytest.mark.django_db
def test_story_page_is_an_h_entry(client, story):
    items = parse(client, f"/kiel/stories/{story.pk}/")["items"]
    entries = [item for item in items if item["type"] == ["h-entry"]]
    assert len(entries) == 1
    assert_entry(entries[0], story)


@pytest.mark.django_db
def test_front_page_is_an_h_feed_of_h_entries(client, blog, owner, story):
    StoryFactory(blog=blog, author=owner, title="Zweiter", published_at=story.published_at)
    items = parse(client, "/kiel/")["items"]
    feeds = [item for item in items if item["type"] == ["h-feed"]]
    assert len(feeds) == 1
    feed = feeds[0]
    assert feed["properties"]["name"] == ["Kieler Nachrichten"]
    entries = feed["children"]
    assert [e["properties"]["name"][0] for e in entries] == ["Zweiter", "Über Füße"]
    assert_entry(entries[1], story)


@pytest.mark.django_db
def test_author_without_website_and_former_author_are_h_cards(client, blog, owner):
    StoryFactory(blog=blog, author=owner, title="Mit Autorin")
    StoryFactory(blog=blog, author=None, title="Ohne Autor")
    feed = next(i for i in parse(client, "/kiel/")["items"] if i["type"] == ["h-feed"])
    entries = feed["children"]
    names = {
        e["properties"]["name"][0]: e["properties"]["author"][0]["properties"]["name"][0]
        for e in entries
    }
    assert names == {"Mit Autorin": "Olga", "Ohne Autor": "ein ehemaliges Mitglied"}


@pytest.mark.django_db
def test_an_author_web_site_that_is_not_http_is_not_linked(client, blog, owner):
    # The profile form refuses it; an import or the shell might not.
    type(owner).objects.filter(pk=owner.pk).update(website="javascript:alert(1)")
    StoryFactory(blog=blog, author=owner, title="Mit Autorin")
    html = client.get("/kiel/stories/mit-autorin/").content.decode()
    assert "javascript:" not in html
    assert '<span class="p-author h-card"><span class="p-name">Olga</span></span>' in html
