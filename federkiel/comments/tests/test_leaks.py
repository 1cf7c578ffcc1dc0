"""Comments of restricted and closed blogs never show up where non-members look.

One test per path a comment could leak through: search (blog and platform), comment
feeds, the home page, sitemaps, profile pages and the "recently written" module.
Each also checks that a public blog's comment does show, so a test cannot pass on an
empty page.
"""

import pytest

from federkiel.blogs.models import Role, Visibility
from federkiel.factories import (
    BlogFactory,
    CommentFactory,
    MembershipFactory,
    ModuleFactory,
    StoryFactory,
    UserFactory,
)
from federkiel.sidebar.kinds import Kind

pytestmark = pytest.mark.django_db
PRIVATE = [Visibility.RESTRICTED, Visibility.CLOSED]
BROWSER = "Mozilla/5.0 Chrome/130"


@pytest.fixture
def writer(db):
    return UserFactory(username="schreiberin", display_name="Die Schreiberin")


@pytest.fixture
def public(writer):
    blog = BlogFactory(name="offen", title="Offenes Weblog", language="de")
    ModuleFactory(blog=blog, kind=Kind.RECENT, settings={"count": 20})
    story = StoryFactory(blog=blog, title="Offene Geschichte")
    CommentFactory(story=story, author=writer, text="Offener Kommentar Leuchtturm")
    return blog


@pytest.fixture(params=PRIVATE)
def private(request, writer, public):
    """A restricted or closed blog where `writer` comments; `writer` is its subscriber."""
    blog = BlogFactory(
        name="privat", title="Privates Weblog", language="de", visibility=request.param
    )
    MembershipFactory(blog=blog, user=UserFactory(username="eigner"), role=Role.OWNER)
    MembershipFactory(blog=blog, user=writer, role=Role.SUBSCRIBER)
    ModuleFactory(blog=blog, kind=Kind.RECENT, settings={"count": 20})
    story = StoryFactory(blog=blog, title="Verborgene Geschichte")
    CommentFactory(story=story, author=writer, text="Geheimer Kommentar Leuchtturm")
    return blog


def _secret_free(html):
    assert "Geheimer Kommentar" not in html
    assert "Verborgene Geschichte" not in html
    assert "/privat/" not in html


def test_platform_search(client, private, outsider):
    for viewer in (None, outsider):
        if viewer:
            client.force_login(viewer)
        html = client.get("/search/", {"q": "Leuchtturm"}).content.decode()
        assert "Offener Kommentar" in html.replace("<mark>Leuchtturm</mark>", "Leuchtturm")
        _secret_free(html)


def test_blog_search(client, private, public, outsider):
    client.force_login(outsider)
    assert client.get("/privat/search/", {"q": "Leuchtturm"}).status_code == 404
    html = client.get("/offen/search/", {"q": "Geheimer"}).content.decode()
    assert "Nichts gefunden" in html
    _secret_free(html)
    client.logout()
    response = client.get("/privat/search/", {"q": "Leuchtturm"})
    assert response.status_code in (302, 403, 404)
    _secret_free(response.content.decode())


def test_comment_feeds(client, private, writer, outsider):
    story = private.stories.get()
    paths = ["/privat/feeds/comments/{}/", f"/privat/feeds/stories/{story.pk}/comments/{{}}/"]
    for viewer in (None, outsider, writer):
        if viewer:
            client.force_login(viewer)
        for path in paths:
            for fmt in ("rss", "atom", "json"):
                assert client.get(path.format(fmt)).status_code == 404
        public_feed = client.get("/offen/feeds/comments/rss/").content.decode()
        assert "Offener Kommentar" in public_feed
        _secret_free(public_feed)


def test_home_page(client, private, outsider):
    for viewer in (None, outsider):
        if viewer:
            client.force_login(viewer)
        html = client.get("/").content.decode()
        assert "Offener Kommentar" in html
        _secret_free(html)


def test_sitemaps(client, private):
    assert client.get("/privat/sitemap.xml").status_code == 404
    for path in ("/sitemap-stories.xml", "/sitemap-blogs.xml", "/offen/sitemap.xml"):
        xml = client.get(path).content.decode()
        assert "/offen/" in xml
        assert "/privat/" not in xml and "verborgene-geschichte" not in xml


def test_profile_page(client, private, writer, outsider):
    for viewer in (None, outsider, writer):
        if viewer:
            client.force_login(viewer)
        html = client.get("/users/schreiberin/").content.decode()
        assert "Offener Kommentar" in html
        _secret_free(html)


def test_recently_written_module(client, private, writer, outsider):
    client.force_login(outsider)
    assert client.get("/privat/", HTTP_USER_AGENT=BROWSER).status_code == 404
    html = client.get("/offen/", HTTP_USER_AGENT=BROWSER).content.decode()
    box = html[html.index('class="module module-recent"') :]
    assert "Offener Kommentar" in box
    _secret_free(box)
    # Its own members see it on the private blog's pages only.
    owner = private.memberships.get(role=Role.OWNER).user
    reader = writer if private.visibility == Visibility.RESTRICTED else owner
    client.force_login(reader)
    assert "Geheimer Kommentar" in client.get("/privat/", HTTP_USER_AGENT=BROWSER).content.decode()
    _secret_free(client.get("/offen/", HTTP_USER_AGENT=BROWSER).content.decode())
