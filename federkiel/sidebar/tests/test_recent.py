"""'Zuletzt geschrieben' shows only this blog's own published writing, to everyone."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from federkiel.blogs.models import Role, Visibility
from federkiel.comments.models import Comment
from federkiel.factories import (
    BlogFactory,
    CommentFactory,
    MembershipFactory,
    ModuleFactory,
    StoryFactory,
)
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
    assert box.count("<li ") == 3
    assert box.index("Alter 0") < box.index("Alter 1") < box.index("Alter 2")
    assert "Alter 3" not in box


@pytest.mark.django_db
def test_recent_mixes_comments_and_stories_by_date(client, blog, owner):
    now = timezone.now()
    old = StoryFactory(blog=blog, author=owner, title="Alte Geschichte",
                       published_at=now - timedelta(days=3))  # fmt: skip
    StoryFactory(blog=blog, author=owner, title="Mittlere Geschichte",
                 published_at=now - timedelta(days=2))  # fmt: skip
    comment = CommentFactory(story=old, author=None, guest_name="Schlafmütze",
                             text="Ein **sehr** langer Kommentar, der weit über sechzig Zeichen "
                                  "hinausgeht und deshalb gekürzt wird.",
                             created_at=now - timedelta(days=1))  # fmt: skip
    CommentFactory(story=old, author=owner, text="Die Antwort", created_at=now - timedelta(hours=1))
    ModuleFactory(blog=blog, kind=Kind.RECENT, settings={"count": 3})
    box = recent_box(client, "/kiel/")
    assert box.count("<li ") == 3
    assert box.index("Die Antwort") < box.index("Ein sehr langer") < box.index("Mittlere")
    assert "Alte Geschichte</a>" not in box  # the fourth entry
    assert (
        f'<a href="/kiel/stories/alte-geschichte/#comment-{comment.pk}" '
        'title="Kommentar zu „Alte Geschichte“">'
        "Ein sehr langer Kommentar, der weit über sechzig Zeichen…</a>"
    ) in box
    assert "Schlafmütze - " in box
    assert "Olga - " in box


@pytest.mark.django_db
def test_recent_dates_are_short_in_the_blogs_language_and_time_zone(client, blog, owner):
    berlin = ZoneInfo("Europe/Berlin")
    winter = StoryFactory(blog=blog, author=owner, title="Winter",
                          published_at=datetime(2009, 1, 8, 23, 47, tzinfo=berlin))  # fmt: skip
    CommentFactory(story=winter, author=None, guest_name="Gast", text="Sommer",
                   created_at=datetime(2009, 7, 15, 2, 9, tzinfo=berlin))  # fmt: skip
    ModuleFactory(blog=blog, kind=Kind.RECENT, settings={"count": 5})
    box = recent_box(client, "/kiel/")
    # 22:47 and 00:09 in UTC: the blog's own clock and words count, winter and summer.
    assert 'Olga - <time datetime="2009-01-08T23:47:00+01:00">8. Jan, 23:47</time>' in box
    assert 'Gast - <time datetime="2009-07-15T02:09:00+02:00">15. Jul, 02:09</time>' in box
    english = BlogFactory(name="english", language="en", time_zone="America/New_York")
    StoryFactory(blog=english, author=owner, title="Snow",
                 published_at=datetime(2009, 1, 8, 23, 47, tzinfo=berlin))  # fmt: skip
    ModuleFactory(blog=english, kind=Kind.RECENT)
    box = recent_box(client, "/english/")
    assert 'Olga - <time datetime="2009-01-08T17:47:00-05:00">Jan 8, 17:47</time>' in box


@pytest.mark.django_db
def test_recent_shows_only_published_comments_of_visible_stories(client, blog, owner, neighbours):
    ModuleFactory(blog=blog, kind=Kind.RECENT, settings={"count": 20})
    story = StoryFactory(blog=blog, author=owner, title="Sichtbar")
    draft = StoryFactory(blog=blog, author=owner, status=Story.Status.DRAFT)
    later = StoryFactory(blog=blog, author=owner, published_at=timezone.now() + timedelta(days=1))
    CommentFactory(story=story, text="Veröffentlicht")
    for state in (Comment.State.PENDING, Comment.State.SPAM, Comment.State.DELETED):
        CommentFactory(story=story, text=f"Zustand {state}", state=state)
    CommentFactory(story=draft, text="Am Entwurf")
    CommentFactory(story=later, text="Am Geplanten")
    for other in Story.objects.exclude(blog=blog):
        CommentFactory(story=other, text=f"Nebenan {other.blog.visibility}")
    client.force_login(owner)
    box = recent_box(client, "/kiel/")
    assert "Veröffentlicht" in box
    for hidden in ("Zustand", "Am Entwurf", "Am Geplanten", "Nebenan"):
        assert hidden not in box


def _queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        client.get(url, HTTP_USER_AGENT=BROWSER)
    return len(queries)


@pytest.mark.django_db
def test_recent_costs_the_same_queries_however_many_comments(client, blog, owner):
    ModuleFactory(blog=blog, kind=Kind.RECENT, settings={"count": 20})
    ModuleFactory(blog=blog, kind=Kind.RECENT, settings={"count": 3})
    story = StoryFactory(blog=blog, author=owner)
    CommentFactory(story=story)
    few = _queries(client, "/kiel/")
    for _ in range(10):
        CommentFactory(story=story)
        CommentFactory(story=story, author=None, guest_name="Gast")
    assert _queries(client, "/kiel/") == few
