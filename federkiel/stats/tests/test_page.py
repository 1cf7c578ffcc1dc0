"""The statistics page: what owners and managers see, in the blog's language and days."""

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from federkiel.blogs.models import Blog, Role, Visibility
from federkiel.factories import MembershipFactory, StoryFactory, UserFactory
from federkiel.stats.counting import blog_today
from federkiel.stats.models import PageViews, Referrer, StoryViews


def add_views(blog, days_ago, views, story=None, source=None):
    day = blog_today(blog) - timedelta(days=days_ago)
    PageViews.objects.update_or_create(blog=blog, day=day, defaults={"views": views})
    if story is not None:
        StoryViews.objects.create(blog=blog, story=story, day=day, views=views)
    if source is not None:
        Referrer.objects.create(blog=blog, day=day, source=source, views=views)


def section(html, heading_id):
    start = html.index(f'id="{heading_id}"')
    return html[start : html.index("</section>", start)]


@pytest.fixture
def read_blog(blog, owner):
    """Views today, 3 days ago, 20 days ago and 200 days ago, on two stories."""
    fresh = StoryFactory(blog=blog, author=owner, title="Frisch")
    old = StoryFactory(blog=blog, author=owner, title="Alt & bewährt")
    add_views(blog, 0, 5, fresh, "woher.example")
    add_views(blog, 3, 7, fresh, "anders.example")
    add_views(blog, 20, 100, old, "anders.example")
    add_views(blog, 200, 1000, old)
    other = Blog.objects.create(name="andere", title="Andere")
    add_views(other, 0, 99, StoryFactory(blog=other, author=owner, title="Fremd"), "fremd.example")
    return blog


@pytest.mark.django_db
def test_owner_sees_totals_days_top_stories_and_referrers(client, read_blog, owner):
    client.force_login(owner)
    html = client.get("/kiel/stats/").content.decode()
    totals = re.findall(r"<dt>(.*?)</dt><dd>(.*?)</dd>", section(html, "totals-heading"))
    assert totals == [
        ("Heute", "5"),
        ("letzte 7 Tage", "12"),
        ("letzte 30 Tage", "112"),
        ("Insgesamt", "1.112"),
    ]
    days = section(html, "days-heading")
    assert days.count("<rect ") == 30 and days.count("<tr><td><time") == 30
    today = blog_today(read_blog)
    assert f'<time datetime="{today.isoformat()}">' in days
    assert re.search(r'height="120"><title>[^<]*: 100</title>', days)  # the busiest day
    stories = section(html, "stories-heading")
    assert "(letzte 30 Tage)" in stories
    assert re.findall(r'<a href="([^"]+)">(.*?)</a></td><td>(\d+)</td>', stories) == [
        ("/kiel/stories/alt-bewaehrt/", "Alt &amp; bewährt", "100"),
        ("/kiel/stories/frisch/", "Frisch", "12"),
    ]
    referrers = section(html, "referrers-heading")
    assert re.findall(r"<td>([a-z.]+)</td><td>(\d+)</td>", referrers) == [
        ("anders.example", "107"),
        ("woher.example", "5"),
    ]
    assert "Fremd" not in html and "fremd.example" not in html and '<a href="http' not in referrers


@pytest.mark.django_db
def test_totals_count_whole_days_back_from_today(client, blog, owner):
    for days_ago, views in ((0, 1), (6, 10), (7, 100), (29, 1000), (30, 10000)):
        add_views(blog, days_ago, views)
    client.force_login(owner)
    html = client.get("/kiel/stats/").content.decode()
    totals = re.findall(r"<dd>(.*?)</dd>", section(html, "totals-heading"))
    assert totals == ["1", "11", "1.111", "11.111"]


@pytest.mark.django_db
def test_days_are_in_the_blogs_language(client, read_blog, owner):
    client.force_login(owner)
    today = blog_today(read_blog)
    german = client.get("/kiel/stats/").content.decode()
    weekday = ["Mo", "Di", "Mi", "Do", "Fr", "Sa", "So"][today.weekday()]
    assert f">{weekday}, {today.day}. " in german
    Blog.objects.filter(pk=read_blog.pk).update(language="en")
    english = client.get("/kiel/stats/").content.decode()
    assert f">{today:%a}, {today:%b} {today.day}</time>" in english


@pytest.mark.django_db
def test_the_period_chooses_top_stories_and_referrers(client, read_blog, owner):
    client.force_login(owner)
    week = client.get("/kiel/stats/?days=7").content.decode()
    assert "Alt &amp; bewährt" not in section(week, "stories-heading")
    assert re.search(r'aria-current="page">letzte 7 Tage<', week)
    assert "<td>anders.example</td><td>7</td>" in section(week, "referrers-heading")
    year = client.get("/kiel/stats/?days=365").content.decode()
    assert re.search(r"bewährt</a></td><td>1.100</td>", year)


@pytest.mark.parametrize("days", ["-1", "0", "10" * 12, "abc", "", "7.0", "３０", "31", "%00"])
@pytest.mark.django_db
def test_a_tampered_period_falls_back_to_30_days(client, read_blog, owner, days):
    client.force_login(owner)
    response = client.get("/kiel/stats/", {"days": days})
    assert response.status_code == 200
    html = response.content.decode()
    assert re.search(r'aria-current="page">letzte 30 Tage<', html)
    assert "(letzte 30 Tage)" in section(html, "stories-heading")


@pytest.mark.django_db
def test_queries_do_not_grow_with_days_stories_or_referrers(client, blog, owner):
    client.force_login(owner)
    add_views(blog, 0, 1, StoryFactory(blog=blog, author=owner), "a.example")
    with CaptureQueriesContext(connection) as few:
        client.get("/kiel/stats/?days=365")
    for n in range(1, 40):
        add_views(blog, n, n, StoryFactory(blog=blog, author=owner), f"s{n}.example")
    with CaptureQueriesContext(connection) as many:
        html = client.get("/kiel/stats/?days=365").content.decode()
    assert section(html, "stories-heading").count("<tr>") == 11  # head + top 10
    assert len(many) == len(few), [q["sql"] for q in many]
    stats_queries = [q for q in many if "stats_" in q["sql"]]
    assert len(stats_queries) == 4, [q["sql"] for q in stats_queries]


@pytest.mark.django_db
def test_managers_see_the_page_without_the_owners_links(client, read_blog, manager):
    client.force_login(manager)
    html = client.get("/kiel/stats/").content.decode()
    assert "Alt &amp; bewährt" in html
    assert 'href="/kiel/settings/"' not in html and 'href="/kiel/members/"' not in html


@pytest.mark.parametrize("visibility", [Visibility.PUBLIC, Visibility.RESTRICTED])
@pytest.mark.django_db
def test_others_get_nothing(client, read_blog, contributor, subscriber, outsider, visibility):
    Blog.objects.filter(pk=read_blog.pk).update(visibility=visibility)
    response = client.get("/kiel/stats/")
    assert response.status_code in (302, 404)
    assert "/accounts/login/" in response.get("Location", "/accounts/login/")
    for user in (contributor, subscriber, outsider):
        client.force_login(user)
        response = client.get("/kiel/stats/?days=365")
        expected = 404 if (user == outsider and visibility == Visibility.RESTRICTED) else 403
        assert response.status_code == expected, user
        assert b"woher.example" not in response.content and b"Frisch" not in response.content


@pytest.mark.django_db
def test_owner_pages_and_dashboard_link_the_statistics(client, blog, owner):
    closed = Blog.objects.create(name="zu", title="Zu", visibility=Visibility.CLOSED)
    readable = Blog.objects.create(name="offen", title="Offen")
    MembershipFactory(blog=closed, user=owner, role=Role.MANAGER)
    MembershipFactory(blog=readable, user=owner, role=Role.CONTRIBUTOR)
    client.force_login(owner)
    assert 'href="/kiel/stats/"' in client.get("/kiel/settings/").content.decode()
    dashboard = client.get("/dashboard/").content.decode()
    assert 'href="/kiel/stats/"' in dashboard
    assert "/zu/stats/" not in dashboard and "/offen/stats/" not in dashboard
    manager = UserFactory(username="mia")
    MembershipFactory(blog=readable, user=manager, role=Role.MANAGER)
    client.force_login(manager)
    assert 'href="/offen/stats/"' in client.get("/dashboard/").content.decode()
