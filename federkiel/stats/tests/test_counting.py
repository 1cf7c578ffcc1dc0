"""Counting views: what is counted, what it costs, and that nothing about a visitor is kept."""

from datetime import UTC, datetime, time, timedelta
from unittest import mock

import pytest
from django.db import connection
from django.test import RequestFactory, override_settings
from django.test.utils import CaptureQueriesContext

from federkiel.blogs.models import Blog, Visibility
from federkiel.factories import StoryFactory
from federkiel.stats.counting import blog_today, count_view, referrer_source
from federkiel.stats.models import PageViews, Referrer, StoryViews
from federkiel.stats.tests.traces import assert_stored_nowhere

BROWSER = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 Chrome/130 Safari/537.36"


def get(client, url, **extra):
    return client.get(url, HTTP_USER_AGENT=BROWSER, **extra)


@pytest.mark.django_db
def test_a_story_page_counts_the_blog_and_the_story_other_pages_the_blog(client, blog, owner):
    story = StoryFactory(blog=blog, author=owner, title="Gelesen")
    other = StoryFactory(blog=blog, author=owner, title="Ungelesen")
    get(client, "/kiel/stories/gelesen/")
    get(client, f"/kiel/stories/{story.pk}/")
    get(client, "/kiel/")
    get(client, "/kiel/topics/")
    assert PageViews.objects.get(blog=blog).views == 4
    row = StoryViews.objects.get()
    assert (row.story_id, row.blog_id, row.day, row.views) == (
        story.pk,
        blog.pk,
        blog_today(blog),
        2,
    )
    assert not StoryViews.objects.filter(story=other).exists()


@pytest.mark.django_db
def test_robots_heads_posts_and_missing_pages_are_not_counted(client, blog, owner):
    StoryFactory(blog=blog, author=owner, title="Gelesen")
    referer = {"HTTP_REFERER": "https://woher.example/"}
    client.get("/kiel/stories/gelesen/", HTTP_USER_AGENT="Googlebot/2.1", **referer)
    client.get("/kiel/stories/gelesen/", **referer)  # no user agent
    client.head("/kiel/stories/gelesen/", HTTP_USER_AGENT=BROWSER, **referer)
    get(client, "/kiel/stories/nirgends/", **referer)
    assert get(client, "/kiel/20091399/", **referer).status_code == 404  # in the blog's layout
    for model in (PageViews, StoryViews, Referrer):
        assert not model.objects.exists(), model


@pytest.mark.django_db
def test_a_view_costs_at_most_three_upserts_and_reads_nothing(blog, owner):
    story = StoryFactory(blog=blog, author=owner)
    request = RequestFactory().get(
        "/kiel/", HTTP_USER_AGENT=BROWSER, HTTP_REFERER="https://woher.example/a?b=c"
    )
    for _ in range(2):  # the first view inserts, the second updates: the same statements
        with CaptureQueriesContext(connection) as queries:
            count_view(request, blog, story.pk)
        statements = [q["sql"] for q in queries]
        assert len(statements) == 3, statements
        assert all(sql.startswith("INSERT INTO") for sql in statements), statements
    with CaptureQueriesContext(connection) as queries:
        count_view(RequestFactory().get("/kiel/", HTTP_USER_AGENT=BROWSER), blog)
    assert len(queries) == 1
    with CaptureQueriesContext(connection) as queries:
        count_view(RequestFactory().get("/kiel/", HTTP_USER_AGENT="curl/8"), blog, story.pk)
    assert len(queries) == 0
    assert PageViews.objects.get().views == 3
    assert StoryViews.objects.get().views == 2
    assert Referrer.objects.get().views == 2


@pytest.mark.django_db
def test_referrers_add_up_per_host_and_day_and_keep_blogs_apart(client, blog):
    other = Blog.objects.create(name="andere", title="Andere")
    for url in ("https://woher.example/a", "http://WOHER.example:8080/b?c=d", "https://x.example/"):
        get(client, "/kiel/", HTTP_REFERER=url)
    get(client, "/andere/", HTTP_REFERER="https://woher.example/")
    rows = {(r.blog.name, r.source): r.views for r in Referrer.objects.all()}
    assert rows == {
        ("kiel", "woher.example"): 2,
        ("kiel", "x.example"): 1,
        ("andere", "woher.example"): 1,
    }
    assert {r.day for r in Referrer.objects.filter(blog=other)} == {blog_today(other)}


@pytest.mark.parametrize(
    ("referer", "source"),
    [
        ("https://woher.example/pfad/seite?q=geheim#x", "woher.example"),
        ("http://user:secret@Woher.Example.:8443/", "woher.example"),
        ("https://bücher.example/", "xn--bcher-kva.example"),
        ("https://127.0.0.1:8000/andere/", None),  # the platform's own host, but an IP
        ("https://203.0.113.9/", None),
        ("https://[2001:db8::1]/", None),
        ("ftp://woher.example/", None),
        ("javascript:alert(1)", None),
        ("android-app://com.example/", None),
        ("woher.example", None),
        ("https://", None),
        ("https://bad_host.example/", None),
        ("https://[nonsense/", None),
        ("https://" + "a" * 2000 + ".example/", None),
        ("", None),
        ("http://testserver/kiel/stories/1/", None),  # the blog itself
        ("http://testserver/KIEL/", None),
        ("http://testserver/andere/", "testserver/andere/"),  # another blog of the platform
        ("http://testserver/accounts/login/", "testserver"),  # a platform page
        ("http://testserver/", "testserver"),
    ],
)
@pytest.mark.django_db
def test_referrer_source_in_path_mode(blog, referer, source):
    assert referrer_source(referer, blog, "testserver") == source


@override_settings(URL_MODE="subdomain", BASE_URL="https://federkiel.example")
@pytest.mark.django_db
def test_referrer_source_in_subdomain_mode(blog):
    assert (
        referrer_source("https://kiel.federkiel.example/x/", blog, "kiel.federkiel.example") is None
    )
    assert referrer_source("https://kiel.federkiel.example/", blog, "") is None
    assert referrer_source(
        "https://andere.federkiel.example/x/", blog, "kiel.federkiel.example"
    ) == ("andere.federkiel.example")
    assert referrer_source("https://federkiel.example/andere/", blog, "") == "federkiel.example"


@pytest.mark.django_db
def test_restricted_and_closed_blogs_count_their_members_views_only(client, blog, owner):
    for visibility in (Visibility.RESTRICTED, Visibility.CLOSED):
        blog.visibility = visibility
        blog.save()
        client.logout()
        assert get(client, "/kiel/", HTTP_REFERER="https://a.example/").status_code in (302, 404)
        client.force_login(owner)
        assert get(client, "/kiel/", HTTP_REFERER="https://b.example/").status_code == 200
    assert PageViews.objects.get().views == 2
    assert list(Referrer.objects.values_list("source", flat=True)) == ["b.example"]


@pytest.mark.django_db
def test_nothing_about_the_visitor_is_stored_anywhere(client, blog, owner):
    StoryFactory(blog=blog, author=owner, title="Gelesen")
    visitor = {
        "REMOTE_ADDR": "203.0.113.77",
        "HTTP_X_FORWARDED_FOR": "198.51.100.23",
        "HTTP_X_REAL_IP": "198.51.100.24",
        "HTTP_USER_AGENT": "Mozilla/5.0 Zaunkoenig-Browser/4711",
        "HTTP_ACCEPT_LANGUAGE": "de-CH",
        "HTTP_REFERER": "https://woher.example/spur/fahrte?suche=geheimnis&id=4242",
    }
    neighbour = {**visitor, "HTTP_REFERER": "http://testserver/andere/pfad/?suche=nachbar"}
    for path, headers in (
        ("/kiel/", visitor),
        ("/kiel/stories/gelesen/", visitor),
        ("/kiel/topics/?ref=quelle", visitor),
        ("/kiel/", neighbour),
    ):
        response = client.get(path, **headers)
        assert response.status_code == 200
        assert not set(response.cookies) - {"csrftoken"}
    assert PageViews.objects.get().views == 4
    assert StoryViews.objects.get().views == 1
    assert sorted(Referrer.objects.values_list("source", flat=True)) == [
        "testserver/andere/",
        "woher.example",
    ]
    for model, fields in (
        (PageViews, ["id", "blog_id", "day", "views"]),
        (StoryViews, ["id", "blog_id", "story_id", "day", "views"]),
        (Referrer, ["id", "blog_id", "day", "source", "views"]),
    ):
        assert [f.attname for f in model._meta.concrete_fields] == fields
    traces = ("203.0.113.77", "198.51.100.23", "198.51.100.24", "Zaunkoenig", "de-CH",
              "spur", "fahrte", "geheimnis", "4242", "quelle", "pfad", "nachbar")  # fmt: skip
    assert_stored_nowhere(traces)


@pytest.mark.django_db
def test_a_view_is_counted_on_the_day_of_the_blogs_time_zone(client, blog, owner):
    story = StoryFactory(blog=blog, author=owner, title="Gelesen")
    blog.time_zone = "Pacific/Kiritimati"  # UTC+14
    blog.save()
    # Tomorrow (the story is published by then) at 20:00 UTC: the day after in Kiritimati.
    tomorrow = datetime.now(UTC).date() + timedelta(days=1)
    late_evening_utc = datetime.combine(tomorrow, time(20), tzinfo=UTC)
    with mock.patch("django.utils.timezone.now", return_value=late_evening_utc):
        get(client, "/kiel/stories/gelesen/", HTTP_REFERER="https://woher.example/")
    kiritimati_day = tomorrow + timedelta(days=1)
    assert PageViews.objects.get().day == kiritimati_day
    assert StoryViews.objects.get(story=story).day == kiritimati_day
    assert Referrer.objects.get().day == kiritimati_day
