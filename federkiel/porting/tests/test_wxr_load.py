"""End to end: the WordPress 6.x fixture through WxrSource and the loader into the database."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import translation

from federkiel.accounts.models import User
from federkiel.comments.models import Comment
from federkiel.factories import UserFactory
from federkiel.porting.canonical import PortingError
from federkiel.porting.loader import load
from federkiel.porting.models import OldPath
from federkiel.porting.redirects import target_url
from federkiel.porting.tests.wxr_helpers import FIXTURES, comment, item, write, wxr
from federkiel.porting.wxr import WxrSource
from federkiel.stories.models import Story

pytestmark = pytest.mark.django_db
WP6 = FIXTURES / "wordpress-6.x.xml"


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


@pytest.fixture
def owner(db):
    return UserFactory(username="anna", email="anna@notizen.example.org")


def test_wordpress_6_export_lands_in_the_database(owner):
    result = load(WxrSource(WP6), blog_name="notizen", owner=owner, match_users=True)
    blog = result.blog
    assert (blog.title, blog.language, blog.time_zone) == (
        "Notizen aus Kiel",
        "de",
        "Europe/Berlin",
    )
    assert result.stories == 9 and result.comments == 9

    stories = {s.title: s for s in Story.objects.filter(blog=blog).prefetch_related("topics")}
    hallo = stories["Hallo Welt!"]
    assert hallo.status == "published"
    assert hallo.published_at == datetime(2024, 3, 10, 13, 30, tzinfo=UTC)
    assert hallo.slug == "hallo-welt"
    assert hallo.author == owner  # matched by e-mail address
    assert sorted(t.name for t in hallo.topics.all()) == ["Allgemein", "Kiel"]
    assert "<p>Zweiter Absatz,<br>" in hallo.rendered_html
    oslo = stories["Mit der Fähre nach Oslo"]
    assert "<!--" not in oslo.rendered_html and "<figure>" in oslo.rendered_html
    assert oslo.comments_open is False
    assert sorted(t.name for t in oslo.topics.all()) == [
        "Essen & Trinken",
        "Fähre",
        "Ostsee",
        "Reisen",
    ]
    assert stories["Winter an der Förde"].status == "draft"
    assert stories["Winter an der Förde"].published_at == datetime(2024, 11, 20, 20, 5, tzinfo=UTC)
    assert stories["Kieler Woche 2031"].status == "published"
    assert not stories["Kieler Woche 2031"].is_public  # its date has not come yet
    assert [t.name for t in stories["Über mich"].topics.all()] == ["Seiten"]
    assert "Alter Kram" not in stories and "faehre" not in stories

    comments = {c.guest_name or c.author.username: c for c in Comment.objects.filter(story=hallo)}
    root = comments["Schlafmütze"]
    assert root.parent is None and root.state == "published" and root.kind == "comment"
    assert root.created_at == datetime(2024, 3, 10, 14, 2, 11, tzinfo=UTC)
    assert root.guest_website == "https://schlafmuetze.example.com/"
    assert comments["anna"].parent == root and comments["anna"].author == owner
    assert comments["PeZwo"].parent == root  # a reply to a reply
    assert comments["Fährblog » Neue Blogs aus Kiel"].kind == "pingback"
    assert comments["Hafenkante"].kind == "trackback"
    assert comments["Erstkommentator"].state == "pending"
    assert comments["Billig Uhren"].state == "spam"
    # bernd has an account only when operators import (match_users): here he does.
    bernd = User.objects.get(email="bernd@example.net")
    deleted = Comment.objects.get(story=hallo, author=bernd)
    assert deleted.state == "deleted"


def test_old_wordpress_addresses_lead_to_the_stories(owner):
    blog = load(WxrSource(WP6), blog_name="notizen", owner=owner).blog
    hallo = Story.objects.get(blog=blog, slug="hallo-welt")
    paths = OldPath.objects.filter(blog=blog, story=hallo).values_list("path", flat=True)
    assert sorted(paths) == ["/2024/03/10/hallo-welt", "/?p=10"]
    assert target_url(blog, "/?p=10", AnonymousUser()) == "/notizen/stories/hallo-welt/"
    assert (
        target_url(blog, "/2024/03/10/hallo-welt/", AnonymousUser())
        == "/notizen/stories/hallo-welt/"
    )
    page = Story.objects.get(blog=blog, title="Über mich")
    assert target_url(blog, "/ueber-mich/", AnonymousUser()).endswith(f"/stories/{page.slug}/")
    # A draft's old address does not reveal it.
    assert target_url(blog, "/2024/10/01/nur-fuer-mich/", AnonymousUser()) is None


def test_owner_upload_creates_no_accounts(owner):
    before = User.objects.count()
    result = load(WxrSource(WP6), blog_name="notizen", owner=owner)
    assert User.objects.count() == before
    assert set(Story.objects.filter(blog=result.blog).values_list("author", flat=True)) == {
        owner.pk
    }


def test_a_bad_item_late_in_the_file_leaves_nothing_behind(owner, tmp_path):
    text = wxr(item(1, comments=comment(2)) + item(3, comments=comment(4, parent=99)))
    with pytest.raises(PortingError) as raised:
        load(WxrSource(write(tmp_path, text)), blog_name="testblog", owner=owner)
    assert raised.value.item == "post 3 “Ein Beitrag”"
    assert not Story.objects.exists() and not Comment.objects.exists()
    from federkiel.blogs.models import Blog

    assert not Blog.objects.filter(name="testblog").exists()


def test_truncated_file_leaves_nothing_behind(owner, tmp_path):
    data = WP6.read_bytes()
    path = write(tmp_path, data[: int(len(data) * 0.8)])
    with pytest.raises(PortingError, match="ends too early"):
        load(WxrSource(path), blog_name="notizen", owner=owner)
    assert not Story.objects.exists()


def test_progress_is_reported_from_the_bytes_read(owner):
    seen = []
    load(WxrSource(WP6), blog_name="notizen", owner=owner, progress=lambda f, _l: seen.append(f))
    assert seen[-1] == 1.0
    assert seen == sorted(seen)


def test_comments_without_text_do_not_stop_the_import(owner, tmp_path):
    text = wxr(
        item(
            1,
            comments=comment(2, content="  ")
            + comment(3, content="")
            + comment(4, parent=3, content="Antwort auf nichts"),
        )
    )
    source = WxrSource(write(tmp_path, text))
    load(source, blog_name="testblog", owner=owner)
    kept = {c.text: c for c in Comment.objects.all()}
    assert set(kept) == {"", "<p>Antwort auf nichts</p>"}
    assert kept[""].state == "deleted"
    assert kept["<p>Antwort auf nichts</p>"].parent == kept[""]
    assert any("2 comments without text" in w for w in source.warnings)


def test_wordpress_category_and_tag_addresses_redirect_to_the_topic(client, owner):
    load(WxrSource(WP6), blog_name="notizen", owner=owner, match_users=True)
    expected = {
        "/notizen/category/allgemein/": "/notizen/topics/allgemein/",
        "/notizen/category/reisen/ostsee/": "/notizen/topics/ostsee/",
        "/notizen/category/ostsee/": "/notizen/topics/ostsee/",
        "/notizen/tag/kiel/": "/notizen/topics/kiel/",
        "/notizen/tag/f%C3%A4hre/": "/notizen/topics/faehre/",
        "/notizen/tag/fähre/": "/notizen/topics/faehre/",
    }
    for old, new in expected.items():
        response = client.get(old)
        assert (response.status_code, response["Location"]) == (301, new), old
    assert client.get("/notizen/category/reisen/kiel/").status_code == 404
    assert client.get("/notizen/tag/unbekannt/").status_code == 404


def test_a_new_blog_gets_the_fixed_zone_its_dates_agree_on(tmp_path, owner):
    post = item(1, date="2024-03-10 08:30:00", date_gmt="2024-03-10 13:30:00")
    draft = item(2, status="draft", date="2024-11-20 21:05:00", date_gmt="0000-00-00 00:00:00")
    result = load(WxrSource(write(tmp_path, wxr(post + draft))), blog_name="newyork", owner=owner)
    assert result.blog.time_zone == "Etc/GMT+5"  # five hours behind UTC
    stored = Story.objects.get(blog=result.blog, status=Story.Status.DRAFT)
    assert stored.published_at == datetime(2024, 11, 21, 2, 5, tzinfo=UTC)
