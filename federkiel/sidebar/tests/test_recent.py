"""'Zuletzt geschrieben' shows only this blog's own published writing, to everyone."""

from datetime import timedelta

import pytest
from django.utils import timezone

from federkiel.blogs.models import Role, Visibility
from federkiel.factories import BlogFactory, MembershipFactory, ModuleFactory, StoryFactory
from federkiel.sidebar.kinds import Kind
from federkiel.stories.models import Story

BROWSER = "Mozilla/5.0 Chrome/130"


def recent_box(client, url):
    html = client.get(url, HTTP_USER_AGENT=BROWSER).content.decode()
    start = html.index('class="module module-recent"')
    return html[start : html.index("</section>", start)]


@pytest.fixture
def neighbours(owner):
    """Stories on other blogs of every visibility, by the same owner, newer than ours."""
    for visibility in Visibility:
        other = BlogFactory(name=f"nachbar-{visibility}", visibility=visibility)
        MembershipFactory(blog=other, user=owner, role=Role.OWNER)
        StoryFactory(blog=other, author=owner, title=f"Fremd {visibility}")


@pytest.mark.django_db
def test_recent_lists_only_published_stories_of_this_blog(client, blog, owner, neighbours):
    ModuleFactory(blog=blog, kind=Kind.RECENT, title="Zuletzt geschrieben", settings={"count": 10})
    StoryFactory(
        blog=blog,
        author=owner,
        title="Öffentlich",
        published_at=timezone.now() - timedelta(hours=1),
    )
    StoryFactory(blog=blog, author=owner, title="Entwurf", status=Story.Status.DRAFT)
    StoryFactory(
        blog=blog, author=owner, title="Geplant", published_at=timezone.now() + timedelta(days=1)
    )
    for viewer in (None, owner):
        if viewer:
            client.force_login(viewer)
        box = recent_box(client, "/kiel/")
        assert "Öffentlich" in box
        assert "Olga - " in box
        for hidden in ("Entwurf", "Geplant", "Fremd"):
            assert hidden not in box


@pytest.mark.django_db
@pytest.mark.parametrize("visibility", [Visibility.RESTRICTED, Visibility.CLOSED])
def test_a_private_blogs_writing_stays_on_its_own_pages(client, owner, outsider, visibility):
    private = BlogFactory(name="privat", visibility=visibility)
    MembershipFactory(blog=private, user=owner, role=Role.OWNER)
    StoryFactory(blog=private, author=owner, title="Vertraulich")
    ModuleFactory(blog=private, kind=Kind.RECENT)
    public = BlogFactory(name="offen")
    ModuleFactory(blog=public, kind=Kind.RECENT)
    client.force_login(outsider)
    assert client.get("/privat/", HTTP_USER_AGENT=BROWSER).status_code == 404
    assert "Vertraulich" not in recent_box(client, "/offen/")
    client.logout()
    assert client.get("/privat/", HTTP_USER_AGENT=BROWSER).status_code in (403, 404, 302)
    client.force_login(owner)
    assert "Vertraulich" in recent_box(client, "/privat/")
    assert "Vertraulich" not in recent_box(client, "/offen/")


@pytest.mark.django_db
def test_recent_shows_the_newest_first_as_many_as_set(client, blog, owner):
    now = timezone.now()
    for age in range(6):
        StoryFactory(
            blog=blog, author=owner, title=f"Alter {age}", published_at=now - timedelta(days=age)
        )
    ModuleFactory(blog=blog, kind=Kind.RECENT, settings={"count": 3})
    box = recent_box(client, "/kiel/")
    assert box.count("<li>") == 3
    assert box.index("Alter 0") < box.index("Alter 1") < box.index("Alter 2")
    assert "Alter 3" not in box
