"""Home page, directory, profiles, sitemaps and robots.txt show only what is public."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from federkiel.blogs.models import Role, Visibility
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


@pytest.mark.parametrize("path", ["/", "/directory/", "/users/schreiberin/"])
def test_platform_pages_run_constant_queries(client, writer, path):
    def grow():
        blog = BlogFactory()
        MembershipFactory(blog=blog, user=writer, role=Role.OWNER)
        for story in StoryFactory.create_batch(2, blog=blog, author=writer):
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
