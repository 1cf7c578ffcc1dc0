import re
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from federkiel.factories import StoryFactory


@pytest.mark.django_db
def test_story_page_by_id_and_slug_shows_german_date(client, blog, owner):
    story = StoryFactory(
        blog=blog,
        author=owner,
        title="Über Füße",
        published_at=datetime(2009, 1, 8, 21, 59, tzinfo=ZoneInfo("Europe/Berlin")),
    )
    assert story.slug == "ueber-fuesse"
    for key in (story.pk, story.slug):
        response = client.get(f"/kiel/stories/{key}/")
        assert response.status_code == 200
        html = response.content.decode()
        assert "Donnerstag, 8. Januar 2009, 21:59" in html
        assert 'class="story h-entry"' in html


@pytest.mark.django_db
def test_front_page_queries_do_not_grow_with_stories(client, blog, owner):
    StoryFactory.create_batch(2, blog=blog, author=owner, topic_names=["a", "b"])
    with CaptureQueriesContext(connection) as few:
        assert client.get("/kiel/").status_code == 200
    StoryFactory.create_batch(8, blog=blog, author=owner, topic_names=["a", "b"])
    with CaptureQueriesContext(connection) as many:
        assert client.get("/kiel/").status_code == 200
    assert len(many) == len(few)


@pytest.mark.django_db
def test_story_page_in_english_blog_shows_english_date_and_labels(client, owner):
    from federkiel.factories import BlogFactory, MembershipFactory

    english = BlogFactory(name="port", language="en", time_zone="America/New_York")
    MembershipFactory(blog=english, user=owner)
    story = StoryFactory(
        blog=english,
        author=owner,
        title="Harbour",
        topic_names=["Ships"],
        published_at=datetime(2009, 1, 8, 21, 59, tzinfo=ZoneInfo("America/New_York")),
    )
    html = client.get(f"/port/stories/{story.pk}/").content.decode()
    assert "Thursday, January 8, 2009, 9:59 PM" in html
    assert "Jan 8, 21:59" in html
    assert "You are not signed in." in html and "Topics" in html
    assert '<html lang="en">' in html


@pytest.mark.django_db
def test_story_page_in_german_blog_shows_short_and_long_dates(client, blog, owner):
    StoryFactory(
        blog=blog,
        author=owner,
        title="Kiel",
        topic_names=["Hafen"],
        published_at=datetime(2009, 1, 8, 23, 47, tzinfo=ZoneInfo("Europe/Berlin")),
    )
    html = client.get("/kiel/stories/kiel/").content.decode()
    assert "Donnerstag, 8. Januar 2009, 23:47" in html
    assert "8. Jan, 23:47" in html
    assert "Du bist nicht angemeldet." in html and "Themen" in html


@pytest.mark.django_db
@pytest.mark.parametrize("page", ["0", "-1", "abc", "1.5", "", "99", "9" * 30, "9" * 5000, "1e400"])
def test_front_page_bad_page_numbers_are_404(client, blog, owner, page):
    StoryFactory.create_batch(3, blog=blog, author=owner)
    response = client.get("/kiel/", {"page": page})
    if page == "":
        assert response.status_code == 200
    else:
        assert response.status_code == 404


@pytest.mark.django_db
def test_front_page_paginates_by_blog_page_size(client, blog, owner):
    blog.page_size = 2
    blog.save()
    for n in range(5):
        StoryFactory(blog=blog, author=owner, title=f"Nummer {n}")
    first = client.get("/kiel/").content.decode()
    main = first[first.index("<main") : first.index("</main>")]  # the sidebar lists all five
    assert "Nummer 4" in main and "Nummer 3" in main and "Nummer 2" not in main
    assert 'href="/kiel/?page=2"' in first
    second = client.get("/kiel/?page=2").content.decode()
    assert "Nummer 2" in second and "Nummer 1" in second
    assert 'rel="prev" href="/kiel/"' in second
    last = client.get("/kiel/?page=3").content.decode()
    assert "Nummer 0" in last and 'rel="next"' not in last
    assert client.get("/kiel/?page=4").status_code == 404


@pytest.mark.django_db
def test_front_page_hides_drafts_and_future_stories_from_everyone(client, blog, owner):
    from datetime import timedelta

    from django.utils import timezone

    StoryFactory(blog=blog, author=owner, title="Sichtbar")
    StoryFactory(blog=blog, author=owner, title="Entwurf", status="draft")
    StoryFactory(
        blog=blog, author=owner, title="Zukunft", published_at=timezone.now() + timedelta(hours=1)
    )
    client.force_login(owner)
    html = client.get("/kiel/").content.decode()
    assert "Sichtbar" in html and "Entwurf" not in html and "Zukunft" not in html


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("persona", "sees"),
    [
        (None, False),
        ("outsider", False),
        ("subscriber", False),
        ("contributor", False),
        ("author", True),
        ("manager", True),
        ("owner", True),
        ("admin_user", True),
    ],
)
def test_drafts_and_future_stories_visible_to_author_and_managers_only(
    request, client, blog, owner, persona, sees
):
    from datetime import timedelta

    from django.utils import timezone

    from federkiel.blogs.models import Role
    from federkiel.factories import MembershipFactory, UserFactory

    author = UserFactory(username="anna")
    MembershipFactory(blog=blog, user=author, role=Role.CONTRIBUTOR)
    draft = StoryFactory(blog=blog, author=author, title="Geheim", status="draft")
    future = StoryFactory(
        blog=blog, author=author, title="Bald", published_at=timezone.now() + timedelta(days=1)
    )
    if persona == "author":
        client.force_login(author)
    elif persona:
        client.force_login(request.getfixturevalue(persona))
    for story in (draft, future):
        for key in (story.pk, story.slug):
            response = client.get(f"/kiel/stories/{key}/")
            assert response.status_code == (200 if sees else 404), (persona, key)


@pytest.mark.django_db
def test_missing_and_private_look_the_same(client, blog, owner, outsider):
    from federkiel.blogs.models import Visibility
    from federkiel.factories import BlogFactory

    hidden_blog = BlogFactory(name="geheim", visibility=Visibility.CLOSED)
    StoryFactory(blog=hidden_blog, title="Versteckt", slug="")
    draft = StoryFactory(blog=blog, author=owner, title="Entwurf", status="draft")
    client.force_login(outsider)
    missing_blog = client.get("/gibtesnicht/")
    private_blog = client.get("/geheim/")
    private_story = client.get("/geheim/stories/versteckt/")
    missing_story_private_blog = client.get("/geheim/stories/nichts/")
    draft_by_id = client.get(f"/kiel/stories/{draft.pk}/")
    draft_by_slug = client.get(f"/kiel/stories/{draft.slug}/")
    missing_story = client.get("/kiel/stories/nichts/")
    missing_id = client.get("/kiel/stories/99999/")
    huge_id = client.get("/kiel/stories/" + "9" * 5000 + "/")
    responses = [
        missing_blog,
        private_blog,
        private_story,
        missing_story_private_blog,
        draft_by_id,
        draft_by_slug,
        missing_story,
        missing_id,
        huge_id,
    ]
    assert {r.status_code for r in responses} == {404}
    # The page's sign-out form carries a CSRF token masked anew for every response.
    token = re.compile(rb'name="csrfmiddlewaretoken" value="[^"]+"')
    assert len({token.sub(b"", r.content) for r in responses}) == 1
    assert b"Versteckt" not in private_story.content


@pytest.mark.django_db
def test_story_page_shows_edit_links_only_to_those_allowed(client, blog, owner, contributor):
    story = StoryFactory(blog=blog, author=owner)
    orphan = StoryFactory(blog=blog, author=None, title="Verwaist")
    edit_link = f'href="/kiel/stories/{story.pk}/edit/"'
    assert edit_link not in client.get(f"/kiel/stories/{story.pk}/").content.decode()
    # a story of a deleted account is not "owned" by guests (None == None)
    front = client.get("/kiel/").content.decode()
    assert "/edit/" not in front
    assert "/edit/" not in client.get(f"/kiel/stories/{orphan.pk}/").content.decode()
    client.force_login(contributor)
    assert edit_link not in client.get(f"/kiel/stories/{story.pk}/").content.decode()
    client.force_login(owner)
    assert edit_link in client.get(f"/kiel/stories/{story.pk}/").content.decode()
    assert f'href="/kiel/stories/{orphan.pk}/edit/"' in client.get("/kiel/").content.decode()


def _count_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.django_db
@pytest.mark.parametrize("signed_in", [False, True])
def test_story_page_queries_do_not_grow_with_topics(client, blog, owner, signed_in):
    if signed_in:
        client.force_login(owner)
    few = StoryFactory(blog=blog, author=owner, topic_names=["a"])
    many = StoryFactory(blog=blog, author=owner, topic_names=[f"t{i}" for i in range(15)])
    StoryFactory.create_batch(5, blog=blog, author=owner, topic_names=["a", "b"])
    assert _count_queries(client, f"/kiel/stories/{few.pk}/") == _count_queries(
        client, f"/kiel/stories/{many.slug}/"
    )


@pytest.mark.django_db
@pytest.mark.parametrize("signed_in", [False, True])
def test_front_page_queries_constant_signed_in_or_not(client, blog, owner, signed_in):
    if signed_in:
        client.force_login(owner)
    StoryFactory.create_batch(1, blog=blog, author=owner, topic_names=["a"])
    one = _count_queries(client, "/kiel/")
    for n in range(12):
        StoryFactory(blog=blog, author=owner, topic_names=[f"x{n}", f"y{n}", "z"])
    assert _count_queries(client, "/kiel/") == one
    assert _count_queries(client, "/kiel/?page=2") == one


@pytest.mark.django_db
def test_story_topics_link_to_their_topic_pages(client, blog, owner):
    story = StoryFactory(blog=blog, author=owner, topic_names=["Kieler Woche"])
    html = client.get(f"/kiel/stories/{story.pk}/").content.decode()
    assert (
        '<a class="p-category" rel="tag" href="/kiel/topics/kieler-woche/">Kieler Woche</a>' in html
    )
    assert client.get("/kiel/topics/kieler-woche/").status_code == 200
