from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from federkiel.archive.calendar import this_months_calendar
from federkiel.blogs.models import Visibility
from federkiel.comments.models import Comment
from federkiel.factories import CommentFactory, StoryFactory
from federkiel.stories.models import Story

BERLIN = ZoneInfo("Europe/Berlin")


def at(*args):
    return datetime(*args, tzinfo=BERLIN)


def main(response):
    """The page without the sidebar, whose "recently written" lists other days' stories."""
    html = response.content.decode()
    return html[html.index("<main") : html.index("</main>")]


@pytest.fixture
def january(blog, owner):
    """Stories around 8 January 2009 (Berlin), and one draft on that day."""
    return {
        "late": StoryFactory(blog=blog, author=owner, title="Late on the 8th",
                             published_at=at(2009, 1, 8, 23, 30)),
        "early": StoryFactory(blog=blog, author=owner, title="Early on the 9th",
                              published_at=at(2009, 1, 9, 0, 30)),
        "draft": StoryFactory(blog=blog, author=owner, title="A draft on the 8th",
                              status=Story.Status.DRAFT, published_at=at(2009, 1, 8, 12)),
        "november": StoryFactory(blog=blog, author=owner, title="In November",
                                 published_at=at(2008, 11, 3, 9)),
        "march": StoryFactory(blog=blog, author=owner, title="In March",
                              published_at=at(2009, 3, 1, 9)),
    }  # fmt: skip


@pytest.mark.django_db
def test_day_archive_counts_days_in_the_blogs_time_zone(client, january):
    html = main(client.get("/kiel/20090108/"))
    assert "Late on the 8th" in html
    assert "Early on the 9th" not in html
    assert "A draft on the 8th" not in html
    assert '<h1 class="archive-heading p-name">Donnerstag, 8. Januar 2009</h1>' in html
    html = main(client.get("/kiel/20090109/"))
    assert "Early on the 9th" in html
    assert "Late on the 8th" not in html


@pytest.mark.django_db
def test_front_page_with_day_parameter_shows_that_day(client, january):
    response = client.get("/kiel/?day=20090108")
    assert response.status_code == 200
    assert "Late on the 8th" in main(response)
    assert "Early on the 9th" not in main(response)
    assert client.get("/kiel/?day=20091399").status_code == 404


@pytest.mark.django_db
def test_month_archive(client, january):
    html = main(client.get("/kiel/200901/"))
    assert "Januar 2009" in html
    assert "Late on the 8th" in html and "Early on the 9th" in html
    assert "In March" not in html and "In November" not in html
    assert "A draft on the 8th" not in html


@pytest.mark.django_db
def test_calendar_links_days_with_stories_and_neighbouring_months(client, january):
    html = client.get("/kiel/200901/").content.decode()
    assert '<a href="/kiel/20090108/">8</a>' in html
    assert '<a href="/kiel/20090109/">9</a>' in html
    assert '<nav class="calendar" aria-label="Rückblick">' in html
    assert '<a href="/kiel/20090110/">' not in html
    # December and February have no stories: the links skip them.
    assert '<a rel="prev" href="/kiel/200811/">« November 2008</a>' in html
    assert '<a rel="next" href="/kiel/200903/">März 2009 »</a>' in html


@pytest.mark.django_db
def test_calendar_ignores_scheduled_stories(client, blog, owner):
    StoryFactory(blog=blog, author=owner, title="Now")
    later = timezone.now() + timedelta(days=40)
    StoryFactory(blog=blog, author=owner, title="Scheduled", published_at=later)
    now = timezone.localtime(timezone.now(), BERLIN)
    html = client.get(f"/kiel/{now:%Y%m}/").content.decode()
    assert 'rel="next"' not in html.split('class="calendar"')[1]
    assert "Scheduled" not in html


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path",
    [
        "/kiel/20091399/",
        "/kiel/20090230/",
        "/kiel/00000101/",
        "/kiel/99991231/",
        "/kiel/200913/",
        "/kiel/999912/",
        "/kiel/20090110/",  # a real day without stories
        "/kiel/200902/",  # a real month without stories
        "/kiel/20090108/?page=2",
        "/kiel/20090108/?page=0",
        "/kiel/20090108/?page=abc",
        "/kiel/20090108/?page=1e3",
        "/kiel/20090108/?page=99999999999999999999999999",
        "/kiel/20090108/?page=" + "9" * 5000,
        "/kiel/topics/nothing-here/",
        "/kiel/topics/reisen/?page=-1",
        "/kiel/topics/reisen/?page=999999999999",
    ],
)
def test_bad_archive_addresses_get_a_clear_404_page(client, january, path):
    StoryFactory(blog=january["late"].blog, topic_names=["Reisen"])
    response = client.get(path)
    assert response.status_code == 404
    html = response.content.decode()
    assert 'class="archive-notice"' in html
    assert "Kieler Nachrichten" in html  # in the blog's own layout


@pytest.mark.django_db
def test_empty_day_404_names_the_day_and_keeps_the_calendar(client, january):
    html = client.get("/kiel/20090110/").content.decode()
    assert "Es gibt keine Beiträge am Samstag, 10. Januar 2009." in html
    assert '<a href="/kiel/20090108/">8</a>' in html


@pytest.mark.django_db
def test_day_archive_paginates(client, blog, owner):
    blog.page_size = 2
    blog.save()
    for hour in range(5):
        StoryFactory(blog=blog, author=owner, title=f"Hour {hour}",
                     published_at=at(2009, 1, 8, 10 + hour))  # fmt: skip
    first = main(client.get("/kiel/20090108/"))
    assert "Hour 4" in first and "Hour 3" in first and "Hour 2" not in first
    assert 'href="/kiel/20090108/?page=2"' in first
    last = main(client.get("/kiel/20090108/?page=3"))
    assert "Hour 0" in last


@pytest.mark.django_db
def test_topic_page_paginates_newest_first(client, blog, owner):
    blog.page_size = 2
    blog.save()
    for day in range(1, 4):
        StoryFactory(blog=blog, author=owner, title=f"Reise {day}", topic_names=["Reisen"],
                     published_at=at(2009, 1, day, 12))  # fmt: skip
    # Newer than all of them, but in another topic: not counted on these pages.
    StoryFactory(blog=blog, author=owner, title="Daheim", topic_names=["Zuhause"],
                 published_at=at(2009, 2, 1, 12))  # fmt: skip
    first = main(client.get("/kiel/topics/reisen/"))
    assert first.index("Reise 3") < first.index("Reise 2")
    assert "Reise 1" not in first and "Daheim" not in first
    assert '<a rel="next" href="/kiel/topics/reisen/?page=2">' in first
    assert 'rel="prev"' not in first
    assert "Seite 1 / 2" in first
    second = main(client.get("/kiel/topics/reisen/?page=2"))
    assert "Reise 1" in second
    assert "Reise 3" not in second and "Reise 2" not in second and "Daheim" not in second
    assert '<a rel="prev" href="/kiel/topics/reisen/?page=1">' in second
    assert 'rel="next"' not in second
    assert client.get("/kiel/topics/reisen/?page=3").status_code == 404


@pytest.mark.django_db
def test_topic_page_list_and_twoday_addresses(client, blog, owner):
    StoryFactory(blog=blog, author=owner, title="Kiel to Oslo", topic_names=["Reisen", "Fähre"])
    StoryFactory(blog=blog, author=owner, title="Kiel to Riga", topic_names=["Reisen"])
    StoryFactory(blog=blog, author=owner, title="Secret", topic_names=["Geheim"],
                 status=Story.Status.DRAFT)  # fmt: skip
    html = client.get("/kiel/topics/reisen/").content.decode()
    assert "Thema: Reisen" in html
    assert "Kiel to Oslo" in html and "Kiel to Riga" in html
    html = client.get("/kiel/topics/").content.decode()
    assert (
        '<a href="/kiel/topics/reisen/">Reisen</a> <span class="count">(2 Beiträge)</span>' in html
    )
    assert '<a href="/kiel/topics/faehre/">Fähre</a> <span class="count">(1 Beitrag)</span>' in html
    assert "Geheim" not in html
    # A topic with drafts only is as unknown as one that does not exist.
    assert client.get("/kiel/topics/geheim/").status_code == 404
    assert client.get("/kiel/topics/Geheim/").status_code == 404
    response = client.get("/kiel/topics/F%C3%A4hre/")
    assert response.status_code == 301
    assert response["Location"] == "/kiel/topics/faehre/"
    response = client.get("/kiel/topics/Reisen/")
    assert response.status_code == 301
    assert response["Location"] == "/kiel/topics/reisen/"


@pytest.mark.django_db
def test_twoday_topic_names_with_plus_redirect_to_the_slug(client, blog, owner):
    StoryFactory(blog=blog, author=owner, topic_names=["Kieler Woche 2009"])
    response = client.get("/kiel/topics/Kieler+Woche+2009/")
    assert response.status_code == 301
    assert response["Location"] == "/kiel/topics/kieler-woche-2009/"
    assert client.get(response["Location"]).status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize("visibility", [Visibility.RESTRICTED, Visibility.CLOSED])
@pytest.mark.parametrize(
    "path", ["/kiel/20090108/", "/kiel/200901/", "/kiel/topics/", "/kiel/topics/reisen/",
             "/kiel/?day=20090108"]
)  # fmt: skip
def test_private_blogs_archives_are_404_for_outsiders(client, blog, owner, outsider,
                                                     visibility, path):  # fmt: skip
    StoryFactory(blog=blog, author=owner, published_at=at(2009, 1, 8, 12), topic_names=["Reisen"])
    blog.visibility = visibility
    blog.save()
    assert client.get(path).status_code == 404
    client.force_login(outsider)
    assert client.get(path).status_code == 404
    client.force_login(owner)
    assert client.get(path).status_code == 200


def _count_queries(client, path):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(path).status_code == 200
    return len(queries)


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/kiel/20090108/", "/kiel/200901/", "/kiel/topics/a/",
                                  "/kiel/topics/", "/kiel/?day=20090108"])  # fmt: skip
def test_archive_queries_do_not_grow_with_stories(client, blog, owner, path):
    def add(n):
        for i in range(n):
            StoryFactory(blog=blog, author=owner, topic_names=["a", f"t{i}"],
                         published_at=at(2009, 1, 8, 10) + timedelta(minutes=i))  # fmt: skip

    add(2)
    few = _count_queries(client, path)
    add(8)
    for story in Story.objects.filter(blog=blog):
        CommentFactory.create_batch(2, story=story)
    assert _count_queries(client, path) == few
    client.force_login(owner)
    few = _count_queries(client, path)
    add(3)
    assert _count_queries(client, path) == few


@pytest.mark.django_db
def test_this_months_calendar_marks_today_and_links_back(blog, owner):
    StoryFactory(blog=blog, author=owner, published_at=at(2009, 1, 8, 12))
    StoryFactory(blog=blog, author=owner)
    data = this_months_calendar(blog)
    today = timezone.localtime(timezone.now(), BERLIN).date()
    cells = [cell for week in data["weeks"] for cell in week if cell["day"]]
    assert [c["day"] for c in cells if c["is_today"]] == [today.day]
    assert [c["url"] for c in cells if c["url"]] == [f"/kiel/{today:%Y%m%d}/"]
    assert data["previous"]["url"] == "/kiel/200901/"
    assert data["next"] == {"title": "", "url": ""}
    assert len(data["weekdays"]) == 7 and data["weekdays"][0] == "Mo"


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/kiel/20090108/", "/kiel/200901/", "/kiel/topics/reisen/"])
def test_archive_lists_show_each_storys_published_comment_count(client, blog, owner, path):
    busy = StoryFactory(blog=blog, author=owner, title="Viel los", topic_names=["Reisen"],
                        published_at=at(2009, 1, 8, 10))  # fmt: skip
    StoryFactory(blog=blog, author=owner, title="Still", topic_names=["Reisen"],
                 published_at=at(2009, 1, 8, 9))  # fmt: skip
    one = StoryFactory(blog=blog, author=owner, title="Einer", topic_names=["Reisen"],
                       published_at=at(2009, 1, 8, 8))  # fmt: skip
    CommentFactory.create_batch(3, story=busy)
    for state in (Comment.State.PENDING, Comment.State.SPAM, Comment.State.DELETED):
        CommentFactory(story=busy, state=state)
    CommentFactory(story=one)
    html = main(client.get(path))
    assert '<a href="/kiel/stories/viel-los/#comments">3 Kommentare</a>' in html
    assert '<a href="/kiel/stories/still/#comments">0 Kommentare</a>' in html
    assert '<a href="/kiel/stories/einer/#comments">1 Kommentar</a>' in html
    assert html.index("Viel los") < html.index("3 Kommentare") < html.index("Still")
