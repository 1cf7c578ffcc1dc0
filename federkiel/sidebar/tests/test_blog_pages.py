import re
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation

from federkiel.blogs.models import Blog
from federkiel.factories import ModuleFactory, StoryFactory
from federkiel.sidebar.kinds import Kind
from federkiel.sidebar.models import Module, Sidebar
from federkiel.sidebar.presenters import sidebar_data
from federkiel.stats.models import PageViews, Referrer
from federkiel.stats.tests.traces import assert_stored_nowhere
from federkiel.stories.models import Story

BROWSER = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 Chrome/130 Safari/537.36"

SETTINGS = {
    Kind.TEXT: {"text": "<p>Carpe Diem</p>"},
    Kind.RECENT: {"count": 5},
    Kind.USER_STATUS: {},
    Kind.BLOG_STATUS: {},
    Kind.CONTACT: {"address": "olga@example.org", "show_as": "text"},
    Kind.LINKS: {"links": [{"title": "Antville", "url": "https://antville.org/"}]},
    Kind.COUNTER: {},
    Kind.REFERRERS: {"count": 5},
    Kind.CALENDAR: {},
    Kind.TOPICS: {},
    Kind.SUBSCRIBE: {},
    Kind.SEARCH: {},
}


def get(client, url):
    return client.get(url, HTTP_USER_AGENT=BROWSER)


def aside(response):
    html = response.content.decode()
    return html[html.index("<aside") : html.index("</aside>")]


@pytest.mark.django_db
def test_a_blog_never_arranged_shows_the_default_set_without_storing_it(client, blog):
    response = get(client, "/kiel/")
    side = aside(response)
    assert "User Status" in side
    assert "Du bist nicht angemeldet." in side
    assert re.search(r'href="/accounts/login/\?next=(/|%2F)kiel(/|%2F)"', side)
    assert "Zuletzt geschrieben" in side
    assert "Noch nichts geschrieben." in side
    assert "Online seit" in side and "Zuletzt aktualisiert:" in side
    headings = re.findall(r"<h2>(.*?)</h2>", side)
    assert headings == [
        "User Status",
        "Rückblick",
        "Zuletzt geschrieben",
        "Themen",
        "Status",
        "Weblog abonnieren",
    ]
    assert not Module.objects.exists()


@pytest.mark.django_db
def test_login_status_names_the_member_with_profile_and_sign_out(client, blog, owner, subscriber):
    client.force_login(owner)
    side = aside(get(client, "/kiel/"))
    assert "Olga" in side and "Profil" in side and "Abmelden" in side
    assert re.search(r'name="csrfmiddlewaretoken" value="[A-Za-z0-9]{64}"', side)
    assert "Du bist nicht angemeldet." not in side
    assert 'href="/kiel/sidebar/">Seitenleiste anpassen' in side
    client.force_login(subscriber)
    side = aside(get(client, "/kiel/"))
    assert "Sven" in side and "Seitenleiste anpassen" not in side


@pytest.mark.django_db
def test_modules_appear_in_their_order_and_hidden_ones_not_at_all(client, blog):
    ModuleFactory(
        blog=blog, kind=Kind.TEXT, title="Zweitens", position=1, settings=SETTINGS[Kind.TEXT]
    )
    ModuleFactory(
        blog=blog, kind=Kind.TEXT, title="Erstens", position=0, settings={"text": "<p>eins</p>"}
    )
    ModuleFactory(
        blog=blog,
        kind=Kind.LINKS,
        title="Geheim",
        position=2,
        hidden=True,
        settings=SETTINGS[Kind.LINKS],
    )
    side = aside(get(client, "/kiel/"))
    assert side.index("Erstens") < side.index("Zweitens")
    assert "Geheim" not in side and "antville.org" not in side
    assert "User Status" not in side  # arranged blogs show only their own modules


@pytest.mark.django_db
def test_a_sidebar_emptied_by_its_owner_stays_empty(client, blog):
    Sidebar.objects.create(blog=blog)
    side = aside(get(client, "/kiel/"))
    assert "<section" not in side


def _all_kinds(blog, times):
    for _ in range(times):
        for kind, settings in SETTINGS.items():
            ModuleFactory(blog=blog, kind=kind, settings=settings)


@pytest.mark.django_db
def test_page_queries_do_not_grow_with_modules(client, blog, owner):
    StoryFactory.create_batch(3, blog=blog, author=owner)
    client.force_login(owner)
    _all_kinds(blog, 1)
    get(client, "/kiel/")  # today's counter row exists from here on
    with CaptureQueriesContext(connection) as few:
        assert get(client, "/kiel/").status_code == 200
    _all_kinds(blog, 4)
    with CaptureQueriesContext(connection) as many:
        response = get(client, "/kiel/")
    assert aside(response).count("<section") == 5 * len(SETTINGS)
    assert len(many) == len(few), [q["sql"] for q in many]


@pytest.mark.django_db
def test_the_modules_themselves_cost_a_fixed_few_queries(blog, owner):
    StoryFactory.create_batch(3, blog=blog, author=owner)
    _all_kinds(blog, 3)
    request = RequestFactory().get("/kiel/")
    request.user = owner
    blog = Blog.objects.get(pk=blog.pk)
    blog.role_of(owner)  # the page has asked this already
    with CaptureQueriesContext(connection) as queries:
        data = sidebar_data(request, blog)
    assert len(data) == 3 * len(SETTINGS)
    # the modules, the recent stories and comments, the counter, the referrers, the
    # calendar (3: days, months before and after), the topics
    assert len(queries) == 9, [q["sql"] for q in queries]


@pytest.mark.django_db
def test_text_box_html_stored_by_other_means_is_cleaned_on_the_page(client, blog):
    ModuleFactory(
        blog=blog,
        kind=Kind.TEXT,
        settings={
            "text": '<script>alert(1)</script><a href="javascript:alert(2)" onclick="x()">hi</a>'
        },
    )
    side = aside(get(client, "/kiel/"))
    assert "<script" not in side and "javascript:" not in side and "onclick" not in side
    assert "hi</a>" in side


@pytest.mark.django_db
def test_blog_status_tells_age_and_last_update(client, blog):
    berlin = ZoneInfo("Europe/Berlin")
    # Noon Berlin time, so a DST change between then and now can't shift the date.
    today = timezone.localtime(timezone.now(), berlin).date()
    founded = datetime.combine(today - timedelta(days=7368), time(12), tzinfo=berlin)
    Blog.objects.filter(pk=blog.pk).update(
        created_at=founded,
        updated_at=datetime(2025, 7, 15, 2, 9, tzinfo=berlin),
    )
    ModuleFactory(blog=blog, kind=Kind.BLOG_STATUS, title="Status")
    side = aside(get(client, "/kiel/"))
    assert "Online seit 7.368 Tagen" in side
    assert "Zuletzt aktualisiert: <time" in side and ">15. Jul, 02:09</time>" in side


@pytest.mark.django_db
def test_blog_status_in_english(client, blog):
    # Yesterday at noon in the blog's zone: 24 hours back can be two calendar days ago
    # (or none) when the clocks changed overnight.
    today = timezone.localtime(timezone.now(), blog.tz).date()
    yesterday = datetime.combine(today - timedelta(days=1), time(12), tzinfo=blog.tz)
    Blog.objects.filter(pk=blog.pk).update(language="en", created_at=yesterday)
    ModuleFactory(blog=blog, kind=Kind.BLOG_STATUS, title="Status")
    side = aside(get(client, "/kiel/"))
    assert "Online for 1 day" in side and "Last updated:" in side


@pytest.mark.django_db
def test_contact_address_spelled_out_or_as_mail_link(client, blog):
    ModuleFactory(blog=blog, kind=Kind.CONTACT, settings=SETTINGS[Kind.CONTACT])
    side = aside(get(client, "/kiel/"))
    assert "Mail an mich unter" in side
    assert "olga (at) example (punkt) org" in side
    assert "olga@example.org" not in side
    Module.objects.update(settings={"address": "olga@example.org", "show_as": "link"})
    side = aside(get(client, "/kiel/"))
    assert '<a href="mailto:olga@example.org">olga@example.org</a>' in side


@pytest.mark.django_db
def test_link_list_shows_only_web_links(client, blog):
    ModuleFactory(
        blog=blog,
        kind=Kind.LINKS,
        title="Blogroll",
        settings={
            "links": [
                {"title": "Antville", "url": "https://antville.org/"},
                {"title": "Böse", "url": "javascript:alert(1)"},
            ]
        },
    )
    side = aside(get(client, "/kiel/"))
    assert '<a href="https://antville.org/">Antville</a>' in side
    assert "Böse" not in side


@pytest.mark.django_db
def test_visitor_counter_counts_page_views_of_browsers_only(client, blog):
    ModuleFactory(blog=blog, kind=Kind.COUNTER, title="Besucher")
    get(client, "/kiel/")
    get(client, "/kiel/")
    client.get("/kiel/", HTTP_USER_AGENT="Googlebot/2.1 (+http://www.google.com/bot.html)")
    client.get("/kiel/")  # no user agent at all
    client.head("/kiel/", HTTP_USER_AGENT=BROWSER)
    client.get("/kiel/nonexistent-page/", HTTP_USER_AGENT=BROWSER)
    row = PageViews.objects.get(blog=blog)
    assert row.views == 2
    assert row.day == timezone.localtime(timezone.now(), blog.tz).date()
    side = aside(get(client, "/kiel/"))
    assert "Seitenaufrufe heute: 3" in side and "Seitenaufrufe insgesamt: 3" in side
    assert not get(client, "/kiel/").cookies.keys() - {"csrftoken"}


@pytest.mark.django_db
def test_visitor_counter_stores_nothing_about_the_visitor_and_sets_no_cookie(client, blog, owner):
    ModuleFactory(blog=blog, kind=Kind.COUNTER)
    StoryFactory(blog=blog, author=owner, title="Gelesen")
    visitor = {"REMOTE_ADDR": "203.0.113.77", "HTTP_X_FORWARDED_FOR": "198.51.100.23",
               "HTTP_USER_AGENT": "Mozilla/5.0 Zaunkoenig-Browser/4711",
               "HTTP_REFERER": "https://woher.example/spur?suche=geheim"}  # fmt: skip
    for path in ("/kiel/", "/kiel/topics/"):
        response = client.get(path, **visitor)
        assert response.status_code == 200
        assert not response.cookies, path
    # The comment form needs its CSRF token; that is the only cookie.
    response = client.get("/kiel/stories/gelesen/", **visitor)
    assert set(response.cookies) == {"csrftoken"}
    assert PageViews.objects.get(blog=blog).views == 3
    fields = [field.attname for field in PageViews._meta.concrete_fields]
    assert fields == ["id", "blog_id", "day", "views"]
    # The referring host is counted (docs/statistics.md); its path and query are not.
    traces = ("203.0.113.77", "198.51.100.23", "Zaunkoenig", "spur", "geheim")
    assert_stored_nowhere(traces)


@pytest.mark.django_db
def test_visitor_counter_adds_up_days_and_keeps_blogs_apart(client, blog):
    other = Blog.objects.create(name="andere", title="Andere")
    today = timezone.localtime(timezone.now(), blog.tz).date()
    PageViews.objects.create(blog=blog, day=today - timedelta(days=1), views=1000)
    PageViews.objects.create(blog=other, day=today, views=50)
    ModuleFactory(blog=blog, kind=Kind.COUNTER)
    side = aside(get(client, "/kiel/"))
    assert "Seitenaufrufe heute: 1" in side
    assert "Seitenaufrufe insgesamt: 1.001" in side


@pytest.mark.django_db
def test_referrer_list_shows_the_weeks_top_sites_as_text(client, blog):
    other = Blog.objects.create(name="andere", title="Andere")
    today = timezone.localtime(timezone.now(), blog.tz).date()
    rows = [
        (blog, 0, "eins.example", 3),
        (blog, 6, "eins.example", 2),
        (blog, 1, "zwei.example", 4),
        (blog, 2, "drei.example", 1),
        (blog, 7, "alt.example", 90),  # eight days ago: too old
        (other, 0, "fremd.example", 50),
    ]
    for owner_blog, days_ago, source, views in rows:
        Referrer.objects.create(
            blog=owner_blog, day=today - timedelta(days=days_ago), source=source, views=views
        )
    ModuleFactory(blog=blog, kind=Kind.REFERRERS, title="Referrer", settings={"count": 2})
    ModuleFactory(blog=blog, kind=Kind.REFERRERS, title="Spitze", settings={"count": 1})
    side = aside(get(client, "/kiel/"))
    assert "<h2>Referrer</h2>" in side
    items = re.findall(r"<li>(.*?) <span", side)
    assert items == ["eins.example", "zwei.example", "eins.example"]
    assert '<span class="module-meta">(5)</span>' in side
    assert '<a href="http' not in side


@pytest.mark.django_db
def test_an_empty_referrer_list_says_so(client):
    Blog.objects.create(name="english", title="English", language="en")
    ModuleFactory(blog=Blog.objects.get(name="english"), kind=Kind.REFERRERS)
    assert "No referrers in the last 7 days." in aside(get(client, "/english/"))


@pytest.mark.django_db
def test_default_titles_follow_the_blog_language(client):
    Blog.objects.create(name="english", title="English", language="en")
    side = aside(get(client, "/english/"))
    assert "You are not signed in." in side
    assert re.search(r"<h2>Recently written</h2>", side)
    with translation.override("de"):
        assert "Nothing written yet." in side


@pytest.mark.django_db
def test_calendar_links_this_months_days_with_stories(client, blog, owner):
    now = timezone.localtime(timezone.now(), blog.tz)
    # Today's midnight, not "five minutes ago", which is yesterday (or last month) just
    # after midnight.
    midnight = datetime.combine(now.date(), time(0), tzinfo=blog.tz)
    StoryFactory(blog=blog, author=owner, published_at=midnight)
    StoryFactory(blog=blog, author=owner, status=Story.Status.DRAFT, published_at=midnight)
    ModuleFactory(blog=blog, kind=Kind.CALENDAR, title="Rückblick")
    side = aside(get(client, "/kiel/"))
    assert '<nav class="calendar"' in side
    assert f'<a href="/kiel/{now:%Y%m%d}/">{now.day}</a>' in side
    assert side.count('<td class="today"><a') + side.count("<td><a") == 1


@pytest.mark.django_db
def test_topics_list_published_topics_with_their_number(client, blog, owner):
    StoryFactory(blog=blog, author=owner, topic_names=["Reisen", "Fähre"])
    StoryFactory(blog=blog, author=owner, topic_names=["Reisen"])
    StoryFactory(blog=blog, author=owner, topic_names=["Geheim"], status=Story.Status.DRAFT)
    ModuleFactory(blog=blog, kind=Kind.TOPICS, title="Themen")
    side = aside(get(client, "/kiel/"))
    assert '<a href="/kiel/topics/faehre/">Fähre</a> <span class="count">(1)</span>' in side
    assert '<a href="/kiel/topics/reisen/">Reisen</a> <span class="count">(2)</span>' in side
    assert side.index("Fähre") < side.index("Reisen")
    assert "Geheim" not in side


@pytest.mark.django_db
def test_subscribe_links_the_feeds_of_public_blogs_only(client, blog, owner):
    ModuleFactory(blog=blog, kind=Kind.SUBSCRIBE, title="Weblog abonnieren")
    side = aside(get(client, "/kiel/"))
    assert '<a href="/kiel/feeds/rss/" type="application/rss+xml">RSS</a>' in side
    assert '<a href="/kiel/feeds/atom/" type="application/atom+xml">Atom</a>' in side
    assert '<a href="/kiel/feeds/json/" type="application/feed+json">JSON Feed</a>' in side
    comments = side[side.index('class="module-comment-feeds"') :]
    labels = [side.index(">Beiträge<"), side.index(">Kommentare<"), side.index("comment-feeds")]
    assert labels == sorted(labels)
    assert '<a href="/kiel/feeds/comments/rss/" type="application/rss+xml">RSS</a>' in comments
    assert '<a href="/kiel/feeds/comments/atom/" type="application/atom+xml">Atom</a>' in comments
    assert '<a href="/kiel/feeds/comments/json/" type="application/feed+json">JSON' in comments
    Blog.objects.filter(pk=blog.pk).update(visibility="restricted")
    client.force_login(owner)
    side = aside(get(client, "/kiel/"))
    assert "Weblog abonnieren" not in side and "/feeds/" not in side


@pytest.mark.django_db
def test_modules_with_nothing_to_show_are_left_out(client, blog):
    ModuleFactory(blog=blog, kind=Kind.TEXT, title="Leer", settings={"text": "<script>x</script>"})
    ModuleFactory(blog=blog, kind=Kind.LINKS, title="Kaputt", settings={"links": "nope"})
    ModuleFactory(blog=blog, kind=Kind.CONTACT, title="Niemand", settings={})
    ModuleFactory(blog=blog, kind=Kind.COUNTER, title="Da")
    side = aside(get(client, "/kiel/"))
    assert re.findall(r"<h2>(.*?)</h2>", side) == ["Da"]
