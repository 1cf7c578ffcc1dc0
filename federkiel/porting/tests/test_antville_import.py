"""The Antville fixture through the one loader: what a twoday user finds after moving."""

from datetime import datetime
from typing import cast
from zoneinfo import ZoneInfo

import pytest

from federkiel.accounts.models import User
from federkiel.blogs.models import Blog, Membership
from federkiel.comments.models import Comment, CommentSettings
from federkiel.factories import UserFactory
from federkiel.media.models import MediaFile
from federkiel.porting import loader
from federkiel.porting.antville import AntvilleSource
from federkiel.porting.canonical import PortingError
from federkiel.porting.models import OldPath
from federkiel.porting.tests.portzip_helpers import (
    antville_rows,
    english_messages,  # noqa: F401
    json_bytes,
    write_antville_zip,
)
from federkiel.stories.models import Story

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english_messages")]
BERLIN = ZoneInfo("Europe/Berlin")


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.MEDIA_ROOT.mkdir()
    return settings.MEDIA_ROOT


def files_in(root):
    return sorted(p for p in root.rglob("*") if p.is_file())


def test_an_antville_site_becomes_a_blog(tmp_path):
    owner = cast(User, UserFactory(username="joerg", email="joerg@example.org"))
    result = loader.load(
        AntvilleSource(write_antville_zip(tmp_path)), blog_name="kiel", owner=owner,
        match_users=True,
    )  # fmt: skip
    blog = Blog.objects.get(name="kiel")
    assert result.created_blog and blog.title == "Kieler Woche – Grüße von der Förde"
    assert blog.language == "de" and blog.time_zone == "Europe/Berlin" and blog.page_size == 15
    assert CommentSettings.for_blog(blog).mode == "anyone"
    stories = {s.title: s for s in Story.objects.filter(blog=blog)}
    assert set(stories) == {
        "Über Möwen", "Die Regatta fällt aus – zu viel Wind.", "Entwurf über die Straße",
    }  # fmt: skip
    first = stories["Über Möwen"]
    assert first.author == owner  # matched by address: Jörg is the importing owner
    assert first.published_at == datetime(2009, 1, 8, 21, 59, tzinfo=BERLIN)
    assert sorted(first.topics.values_list("name", flat=True)) == ["Kieler Woche", "Vögel"]
    assert stories["Entwurf über die Straße"].status == "draft"
    assert stories["Entwurf über die Straße"].author.username == "schlafmuetze"
    top = Comment.objects.get(story=first, parent=None, state="published")
    assert "Grüße aus Köln" in top.rendered_html
    assert sorted(top.replies.values_list("state", flat=True)) == ["deleted", "published"]
    assert Comment.objects.get(state="pending").guest_name == "Gästin Ärger"
    assert MediaFile.objects.filter(blog=blog).count() == 2
    old = set(OldPath.objects.filter(blog=blog).values_list("path", "story__title"))
    assert ("/stories/5001", "Über Möwen") in old
    assert ("/stories/regatta", "Die Regatta fällt aus – zu viel Wind.") in old
    # schlafmütze had an address in export.xml: an account, and her role.
    assert Membership.objects.get(blog=blog, user__username="schlafmuetze").role == "contributor"


def test_a_broken_comment_leaves_nothing_behind(tmp_path, media_root):
    owner = cast(User, UserFactory(username="joerg", email="joerg@example.org"))
    comments = antville_rows("comments.json")
    comments[0]["status"] = "weird"  # the last comment the loader would see
    path = write_antville_zip(tmp_path, {"comments.json": json_bytes(comments)})
    users_before = User.objects.count()
    with pytest.raises(PortingError) as caught:
        loader.load(AntvilleSource(path), blog_name="kiel", owner=owner, match_users=True)
    assert caught.value.item == "comments.json entry 1"
    assert not Blog.objects.filter(name="kiel").exists()
    assert Story.objects.count() == 0 and Comment.objects.count() == 0
    assert MediaFile.objects.count() == 0 and User.objects.count() == users_before
    assert files_in(media_root) == []


def test_the_formats_are_recognised(tmp_path):
    from federkiel.porting import detect
    from federkiel.porting.antville import AntvilleSource as Antville
    from federkiel.porting.ourzip import OurZipSource, write_export
    from federkiel.porting.tests.portzip_helpers import sample_blog

    antville_zip = write_antville_zip(tmp_path)
    ours = tmp_path / "ours.zip"
    write_export(sample_blog(), ours)
    with detect.opened(antville_zip, time_zone="Europe/Vienna") as (fmt, source):
        assert fmt.key == "antville" and isinstance(source, Antville)
        assert source.time_zone == "Europe/Vienna"
    with detect.opened(ours) as (fmt, source):
        assert fmt.key == "ourzip" and isinstance(source, OurZipSource)
