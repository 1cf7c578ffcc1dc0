"""Home page, directory, profiles, sitemaps and robots.txt show only what is public."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from federkiel.accounts.models import User
from federkiel.blogs.dates import short_date
from federkiel.blogs.models import Blog, Role, Visibility
from federkiel.comments.models import Comment
from federkiel.factories import (
    BlogFactory,
    CommentFactory,
    MembershipFactory,
    StoryFactory,
    UserFactory,
)
from federkiel.stories.models import Story


@pytest.fixture
def writer(db):
    return UserFactory(username="schreiberin", display_name="Die Schreiberin", bio="Ich schreibe.")


@pytest.fixture
def blogs(writer):
    """One public, one restricted and one closed blog, each with a story by `writer`."""
    made = {}
    for visibility in Visibility.values:
        blog = BlogFactory(
            name=f"{visibility}-blog", title=f"Title {visibility}", visibility=visibility
        )
        MembershipFactory(blog=blog, user=writer, role=Role.OWNER)
        StoryFactory(blog=blog, author=writer, title=f"Story in {visibility}")
        made[visibility] = blog
    StoryFactory(blog=made["public"], author=writer, title="A draft", status=Story.Status.DRAFT)
    return made


def _only_public(html):
    assert "Story in public" in html or "Title public" in html
    for hidden in ("restricted", "closed"):
        assert f"Story in {hidden}" not in html
        assert f"Title {hidden}" not in html
        assert f"{hidden}-blog" not in html
    assert "A draft" not in html


def test_home_shows_only_public_blogs_and_stories(client, blogs):
    response = client.get("/")
    assert response.status_code == 200
    html = response.content.decode()
    _only_public(html)
    assert "Story in public" in html
    assert 'href="/public-blog/"' in html


def between(html, start, end):
    return html[html.index(start) : html.index(end, html.index(start))]


def test_home_shows_each_section_with_its_content(client, writer):
    berlin = ZoneInfo("Europe/Berlin")
    old = Blog.objects.get(pk=BlogFactory(name="alt", title="Altes Blog", tagline="Seit Jahren",
                                          language="de").pk)  # fmt: skip
    new = BlogFactory(name="neu", title="Neues Blog", tagline="Frisch", language="de")
    for blog in (old, new):
        MembershipFactory(blog=blog, user=writer, role=Role.OWNER)
    StoryFactory(blog=new, author=writer, title="Erster Versuch",
                 published_at=datetime(2009, 1, 8, 23, 47, tzinfo=berlin))  # fmt: skip
    story = StoryFactory(blog=old, author=writer, title="Neuigkeit",
                         published_at=datetime(2009, 1, 9, 12, tzinfo=berlin))  # fmt: skip
    comment = CommentFactory(story=story, author=None, guest_name="Gast", text="Schön hier")
    now = timezone.now()
    Blog.objects.filter(pk=old.pk).update(created_at=now - timedelta(days=400), updated_at=now)
    Blog.objects.filter(pk=new.pk).update(created_at=now, updated_at=now - timedelta(days=2))
    html = client.get("/").content.decode()

    assert (
        '<form class="inline" role="search" method="get" action="/search/">'
        '<input type="search" name="q"'
    ) in html
    stories = between(html, '<section class="newest-stories', "</ul>")
    assert stories.index("Neuigkeit") < stories.index("Erster Versuch")
    assert '<a class="u-url p-name" href="/alt/stories/neuigkeit/">Neuigkeit</a>' in stories
    assert (
        'von <a href="/users/schreiberin/">Die Schreiberin</a> in <a href="/alt/">Altes Blog</a>, '
        '<time class="dt-published" datetime="2009-01-09T11:00:00+00:00">9. Jan, 12:00</time>'
    ) in stories
    comments = between(html, '<ul class="newest-comments">', "</ul>")
    assert f'<a href="/alt/stories/neuigkeit/#comment-{comment.pk}">Schön hier</a>' in comments
    assert 'Gast zu <a href="/alt/stories/neuigkeit/">Neuigkeit</a>' in comments
    updated = between(html, "<h2>Kürzlich aktualisiert</h2>", "</ul>")
    assert updated.index("Altes Blog") < updated.index("Neues Blog")
    assert f'<li><a href="/alt/">Altes Blog</a> <small>{short_date(now, old)}</small>' in updated
    newest = between(html, '<ul class="new-blogs">', "</ul>")
    assert newest.index("Neues Blog") < newest.index("Altes Blog")
    assert '<li><a href="/neu/">Neues Blog</a> <small>Frisch</small></li>' in newest


def test_directory_lists_public_blogs_with_story_counts(client, blogs):
    html = client.get("/directory/").content.decode()
    _only_public(html)
    assert "<td>1</td>" in html  # the draft is not counted
    assert client.get("/directory/?page=99").status_code == 404
    assert client.get("/directory/?page=abc").status_code == 404


def test_profile_shows_public_blogs_and_stories_only(client, blogs, writer):
    response = client.get("/users/schreiberin/")
    assert response.status_code == 200
    html = response.content.decode()
    _only_public(html)
    assert "Die Schreiberin" in html and "Ich schreibe." in html
    assert 'class="h-card profile"' in html


def test_profile_shows_the_person_their_blogs_stories_and_comments(client, blogs, writer):
    User.objects.filter(pk=writer.pk).update(
        bio="Ich schreibe.\nAm liebsten <abends>.", website="https://schreiberin.example/"
    )
    only_reading = BlogFactory(name="gelesen", title="Nur gelesen")
    MembershipFactory(blog=only_reading, user=writer, role=Role.SUBSCRIBER)
    public = Story.objects.get(title="Story in public")
    mine = CommentFactory(story=public, author=writer, text="Mein Senf dazu")
    CommentFactory(story=public, author=writer, text="Noch geprüft", state=Comment.State.PENDING)
    CommentFactory(story=public, author=None, guest_name="Gast", text="Fremder Senf")
    for hidden in ("restricted", "closed"):
        CommentFactory(story=Story.objects.get(title=f"Story in {hidden}"), author=writer,
                       text=f"Senf in {hidden}")  # fmt: skip
    html = client.get("/users/schreiberin/").content.decode()
    _only_public(html)
    assert '<h1 class="p-name">Die Schreiberin</h1>' in html
    assert '<p class="p-nickname">@schreiberin</p>' in html
    assert '<p class="p-note">Ich schreibe.<br>Am liebsten &lt;abends&gt;.</p>' in html
    assert (
        '<a class="u-url" rel="me nofollow ugc" href="https://schreiberin.example/">'
        "https://schreiberin.example/</a>"
    ) in html
    blogs_part = between(html, "<h2>Weblogs</h2>", "</ul>")
    assert '<li><a href="/public-blog/">Title public</a></li>' in blogs_part
    assert "Nur gelesen" not in blogs_part  # a subscriber does not write there
    stories = between(html, "<h2>Neueste Beiträge</h2>", "</ul>")
    assert '<a href="/public-blog/stories/story-in-public/">Story in public</a>' in stories
    comments = between(html, '<ul class="profile-comments">', "</ul>")
    assert (
        f'<a href="/public-blog/stories/story-in-public/#comment-{mine.pk}">Mein Senf dazu</a>'
    ) in comments
    for absent in ("Noch geprüft", "Fremder Senf", "Senf in restricted", "Senf in closed"):
        assert absent not in html


@pytest.mark.parametrize(
    ("website", "linked"),
    [("http://schreiberin.example/", True), ("javascript:alert(1)", False),
     ("ftp://schreiberin.example/", False), ("//schreiberin.example/", False)],
)  # fmt: skip
def test_profile_links_only_http_web_sites(client, writer, website, linked):
    # Written past the form, which refuses these (an import, the shell).
    User.objects.filter(pk=writer.pk).update(website=website)
    html = client.get("/users/schreiberin/").content.decode()
    assert ('class="u-url"' in html) is linked
    assert (f'href="{website}"' in html) is linked


def test_profile_of_unknown_or_inactive_user_is_404(client, writer):
    assert client.get("/users/nobody/").status_code == 404
    writer.is_active = False
    writer.save()
    assert client.get("/users/schreiberin/").status_code == 404


def test_platform_sitemap_lists_only_public_content(client, blogs):
    index = client.get("/sitemap.xml")
    assert index.status_code == 200
    assert b"sitemap-blogs.xml" in index.content and b"sitemap-stories.xml" in index.content
    blogs_xml = client.get("/sitemap-blogs.xml").content.decode()
    assert "http://127.0.0.1:8000/public-blog/" in blogs_xml
    stories_xml = client.get("/sitemap-stories.xml").content.decode()
    assert "/public-blog/stories/story-in-public/" in stories_xml
    for xml in (blogs_xml, stories_xml):
        assert "restricted" not in xml and "closed" not in xml and "a-draft" not in xml


def test_blog_sitemap_and_robots(client, blogs):
    xml = client.get("/public-blog/sitemap.xml").content.decode()
    assert "/public-blog/stories/story-in-public/" in xml
    assert "a-draft" not in xml
    for hidden in ("restricted-blog", "closed-blog"):
        assert client.get(f"/{hidden}/sitemap.xml").status_code == 404
    robots = client.get("/public-blog/robots.txt").content.decode()
    assert "Sitemap: http://127.0.0.1:8000/public-blog/sitemap.xml" in robots
    assert client.get("/restricted-blog/robots.txt").status_code == 404


def test_platform_robots_txt(client, db):
    response = client.get("/robots.txt")
    assert response["Content-Type"].startswith("text/plain")
    body = response.content.decode()
    assert "Disallow: /accounts/" in body
    assert "Sitemap: http://127.0.0.1:8000/sitemap.xml" in body


@pytest.mark.parametrize(
    "path",
    ["/", "/directory/", "/users/schreiberin/", "/offen/sitemap.xml", "/sitemap.xml",
     "/sitemap-blogs.xml", "/sitemap-stories.xml"],
)  # fmt: skip
def test_platform_pages_and_sitemaps_run_constant_queries(client, writer, path):
    home = BlogFactory(name="offen")
    MembershipFactory(blog=home, user=writer, role=Role.OWNER)

    def grow():
        blog = BlogFactory()
        MembershipFactory(blog=blog, user=writer, role=Role.OWNER)
        stories = StoryFactory.create_batch(2, blog=blog, author=writer)
        stories.append(StoryFactory(blog=home, author=writer, topic_names=[blog.name, "alle"]))
        for story in stories:
            CommentFactory(story=story, author=writer)
            CommentFactory(story=story, author=None, guest_name="Gast")

    grow()
    with CaptureQueriesContext(connection) as few:
        assert client.get(path).status_code == 200
    for _ in range(5):
        grow()
    with CaptureQueriesContext(connection) as many:
        assert client.get(path).status_code == 200
    assert len(many) == len(few)
