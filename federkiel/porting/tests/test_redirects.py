"""Old addresses of imported stories and files redirect to their new pages."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import override_settings
from django.utils import timezone

from federkiel.media.models import MediaFile
from federkiel.porting.loader import load
from federkiel.porting.models import OldPath
from federkiel.porting.redirects import normalise
from federkiel.porting.tests.core_helpers import (
    ListSource,
    blog_record,
    media,
    media_root,  # noqa: F401 (autouse fixture)
    story,
)
from federkiel.stories.models import Story

pytestmark = pytest.mark.django_db


@pytest.fixture
def imported(blog, owner):
    """Into the blog "kiel": a twoday story, a WordPress post, a draft and a file."""
    records = [
        blog_record(),
        story("1234", "Der Hafen", old_paths=["/stories/1234/", "/stories/der-hafen-alt/"]),
        story("5", "Titel", old_paths=["/2009/01/08/titel/", "/?p=5"]),
        story("6", "Geheim", status="draft", old_paths=["/stories/6/"]),
        story("7", "Bald", published_at=timezone.now() + timedelta(days=2), old_paths=["/bald/"]),
        media("m", "notiz.txt", b"Hallo\n", old_paths=["/static/kiel/files/notiz.txt"]),
        story("8", "Einstellungen", old_paths=["/settings/"]),
    ]
    load(ListSource(records), blog_name="kiel", owner=owner)
    return {s.title: s for s in Story.objects.filter(blog=blog)}


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("/kiel/stories/1234/", "/kiel/stories/der-hafen/"),
        ("/kiel/stories/1234", "/kiel/stories/1234/"),  # the slash first, as everywhere
        ("/kiel/stories/der-hafen-alt/", "/kiel/stories/der-hafen/"),
        ("/kiel/2009/01/08/titel/", "/kiel/stories/titel/"),
        ("/kiel/2009/01/08/titel", "/kiel/stories/titel/"),
        ("/kiel/?p=5", "/kiel/stories/titel/"),
        ("/kiel/?p=5&utm_source=x", "/kiel/stories/titel/"),
    ],
)
def test_old_story_addresses_redirect_permanently(client, imported, old, new):
    response = client.get(old)
    assert response.status_code == 301
    assert response["Location"] == new


def test_old_file_addresses_redirect_to_the_file(client, imported):
    media_file = MediaFile.objects.get()
    response = client.get("/kiel/static/kiel/files/notiz.txt")
    assert response.status_code == 301
    assert response["Location"] == f"/kiel/media/files/{media_file.key}/notiz.txt"


def test_unknown_old_addresses_are_404(client, imported):
    assert client.get("/kiel/stories/999999/").status_code == 404
    assert client.get("/kiel/2010/02/02/nichts/").status_code == 404
    assert client.get("/kiel/?p=77").status_code == 200  # just the front page
    assert client.get("/nirgendwo/stories/1234/").status_code == 404


def test_drafts_and_scheduled_stories_are_not_revealed(client, imported, owner):
    assert client.get("/kiel/stories/6/").status_code == 404
    assert client.get("/kiel/bald/").status_code == 404
    client.force_login(owner)
    assert client.get("/kiel/stories/6/")["Location"] == "/kiel/stories/geheim/"
    assert client.get("/kiel/bald/")["Location"] == "/kiel/stories/bald/"


def test_real_pages_win_over_old_addresses(client, imported, owner):
    client.force_login(owner)
    # The settings page stays the settings page.
    assert client.get("/kiel/settings/").status_code == 200
    # A story of this blog whose id is an old address keeps its own page.
    real = imported["Der Hafen"]
    OldPath.objects.create(blog=real.blog, path=f"/stories/{imported['Titel'].pk}", story=real)
    assert client.get(f"/kiel/stories/{imported['Titel'].pk}/").status_code == 200


def test_slashes_are_still_appended_to_real_pages(client, imported):
    assert client.get("/kiel/20090108")["Location"] == "/kiel/20090108/"
    assert client.get("/kiel/topics")["Location"] == "/kiel/topics/"


def test_a_restricted_blog_redirects_members_only(client, imported, blog, subscriber):
    blog.visibility = "restricted"
    blog.save()
    assert client.get("/kiel/2009/01/08/titel/").status_code == 404
    client.force_login(subscriber)
    assert client.get("/kiel/2009/01/08/titel/")["Location"] == "/kiel/stories/titel/"


@override_settings(
    URL_MODE="subdomain",
    BASE_URL="http://example.org",
    BASE_DOMAIN="example.org",
    ALLOWED_HOSTS=["example.org", ".example.org"],
)
def test_old_addresses_redirect_in_subdomain_mode(client, imported):
    host = {"HTTP_HOST": "kiel.example.org"}
    response = client.get("/stories/1234/", **host)
    assert response.status_code == 301
    assert response["Location"] == "http://kiel.example.org/stories/der-hafen/"
    response = client.get("/2009/01/08/titel/", **host)
    assert response["Location"] == "http://kiel.example.org/stories/titel/"
    assert client.get("/?p=5", **host)["Location"] == "http://kiel.example.org/stories/titel/"
    assert client.get("/20090108", **host)["Location"] == "/20090108/"


@pytest.mark.parametrize(
    ("raw", "normal"),
    [
        ("/stories/1234/", "/stories/1234"),
        ("stories/1234", "/stories/1234"),
        ("http://alt.example/2009/01/titel/?utm=x", "/2009/01/titel"),
        ("/?p=5&x=1", "/?p=5"),
        ("/%C3%BCber/", "/über"),
        ("/", ""),
        ("", ""),
        ("/a/../b", ""),
        ("/" + "x" * 1001, ""),
    ],
)
def test_paths_are_stored_normalised(raw, normal):
    assert normalise(raw) == normal


def test_old_topic_addresses_redirect_to_the_topic(client, blog, owner):
    from federkiel.porting.canonical import TopicRecord

    records = [
        blog_record(),
        TopicRecord(
            "t", "Kieler Woche", old_paths=["/topics/KiWo+2009/", "/tags/Gr%C3%BC%C3%9Fe/"]
        ),
        story("1", "Segeln", topic_refs=["t"]),
    ]
    result = load(ListSource(records), blog_name="kiel", owner=owner)
    assert result.old_paths == 2
    for old in ("/kiel/topics/KiWo+2009/", "/kiel/tags/Grüße/", "/kiel/tags/Gr%C3%BC%C3%9Fe/"):
        response = client.get(old)
        assert (response.status_code, response["Location"]) == (301, "/kiel/topics/kieler-woche/")
    assert client.get("/kiel/topics/KiWo+2010/").status_code == 404


def test_an_old_address_has_exactly_one_target(blog, imported):
    from django.db import IntegrityError, transaction

    from federkiel.stories.models import Topic

    story = imported["Der Hafen"]
    topic = Topic.objects.create(blog=blog, name="Hafen", slug="hafen")
    with pytest.raises(IntegrityError), transaction.atomic():
        OldPath.objects.create(blog=blog, path="/x", story=story, topic=topic)
    with pytest.raises(IntegrityError), transaction.atomic():
        OldPath.objects.create(blog=blog, path="/y")
