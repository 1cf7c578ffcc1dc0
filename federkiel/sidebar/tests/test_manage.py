"""The sidebar settings page: owner only; add, move, hide, change, remove, reorder."""

import pytest
from django.test import override_settings

from federkiel.blogs.models import Visibility
from federkiel.factories import BlogFactory, ModuleFactory
from federkiel.sidebar.kinds import DEFAULT_SET, MAX_MODULES, Kind
from federkiel.sidebar.models import Module, Sidebar


def kinds_in_order(blog):
    return list(
        Module.objects.filter(blog=blog).order_by("position").values_list("kind", flat=True)
    )


def titles_in_order(blog):
    return list(
        Module.objects.filter(blog=blog).order_by("position").values_list("title", flat=True)
    )


@pytest.fixture
def arranged(blog):
    """Three modules: A (text), B (links), C (blog status)."""
    ModuleFactory(blog=blog, kind=Kind.TEXT, title="A", position=0, settings={"text": "<p>a</p>"})
    ModuleFactory(
        blog=blog,
        kind=Kind.LINKS,
        title="B",
        position=1,
        settings={"links": [{"title": "X", "url": "https://example.org/"}]},
    )
    ModuleFactory(blog=blog, kind=Kind.BLOG_STATUS, title="C", position=2)
    Sidebar.objects.create(blog=blog)
    return {m.title: m for m in Module.objects.filter(blog=blog)}


@pytest.mark.django_db
def test_only_owners_and_admins_arrange_the_sidebar(
    client, blog, owner, manager, contributor, subscriber, outsider, admin_user
):
    assert client.get("/kiel/sidebar/").status_code in (302, 403)
    for user in (manager, contributor, subscriber, outsider):
        client.force_login(user)
        assert client.get("/kiel/sidebar/").status_code == 403
        assert client.post("/kiel/sidebar/add/", {"kind": "counter"}).status_code == 403
    assert not Module.objects.exists()
    for user in (owner, admin_user):
        client.force_login(user)
        assert client.get("/kiel/sidebar/").status_code == 200


@pytest.mark.django_db
def test_a_closed_blog_is_not_found_for_outsiders(client, outsider):
    BlogFactory(name="zu", visibility=Visibility.CLOSED)
    client.force_login(outsider)
    assert client.get("/zu/sidebar/").status_code == 404


@pytest.mark.django_db
def test_first_visit_stores_the_default_set(client, blog, owner):
    client.force_login(owner)
    response = client.get("/kiel/sidebar/")
    assert kinds_in_order(blog) == DEFAULT_SET
    html = response.content.decode()
    assert "Seitenleiste: Kieler Nachrichten" in html
    assert "User Status" in html and "Zuletzt geschrieben" in html
    client.get("/kiel/sidebar/")
    assert Module.objects.count() == len(DEFAULT_SET)


@pytest.mark.django_db
def test_owner_adds_a_text_box_at_the_bottom(client, blog, owner):
    client.force_login(owner)
    form = client.get("/kiel/sidebar/add/?kind=text").content.decode()
    assert 'value="Notizen"' in form and 'name="settings-text"' in form
    response = client.post(
        "/kiel/sidebar/add/",
        {
            "kind": "text",
            "title": "Carpe Diem",
            "settings-text": "<b>Heute</b><script>x()</script>",
        },
        follow=True,
    )
    module = Module.objects.get(kind=Kind.TEXT)
    assert kinds_in_order(blog) == [*DEFAULT_SET, "text"]
    assert module.settings == {"text": "<b>Heute</b>"}
    assert "„Carpe Diem“ wurde unten in der Seitenleiste hinzugefügt." in response.content.decode()
    page = client.get("/kiel/", HTTP_USER_AGENT="Mozilla/5.0").content.decode()
    assert "<h2>Carpe Diem</h2>" in page and "<b>Heute</b>" in page


@pytest.mark.django_db
def test_owner_adds_a_referrer_list_with_its_number_of_sites(client, blog, owner):
    client.force_login(owner)
    form = client.get("/kiel/sidebar/add/?kind=referrers").content.decode()
    assert 'value="Referrer"' in form and 'name="settings-count"' in form
    client.post(
        "/kiel/sidebar/add/",
        {"kind": "referrers", "title": "Woher", "settings-count": "3"},
    )
    assert Module.objects.get(kind=Kind.REFERRERS).settings == {"count": 3}
    page = client.get("/kiel/", HTTP_USER_AGENT="Mozilla/5.0").content.decode()
    assert "<h2>Woher</h2>" in page and "Keine Referrer in den letzten 7 Tagen." in page


@pytest.mark.django_db
def test_bad_input_is_refused_in_german_and_kept(client, blog, owner):
    client.force_login(owner)
    response = client.post(
        "/kiel/sidebar/add/",
        {
            "kind": "links",
            "title": "Meine Links",
            "settings-links": "Gut https://a.example/\nSchlecht javascript:alert(1)",
        },
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Zeile 2: „javascript:alert(1)“ ist keine Webadresse" in html
    assert 'value="Meine Links"' in html
    assert "Schlecht javascript:alert(1)</textarea>" in html
    assert not Module.objects.filter(kind=Kind.LINKS).exists()


@pytest.mark.django_db
def test_english_speakers_get_english_errors(client, blog, owner):
    client.force_login(owner)
    response = client.post(
        "/kiel/sidebar/add/",
        {"kind": "recent", "title": "x", "settings-count": "99"},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert "Ensure this value is less than or equal to 20." in response.content.decode()


@pytest.mark.django_db
def test_unknown_kind_is_refused(client, blog, owner):
    client.force_login(owner)
    response = client.get("/kiel/sidebar/add/?kind=iframe", follow=True)
    assert "Wähle, welche Art von Modul du hinzufügen willst." in response.content.decode()
    response = client.post("/kiel/sidebar/add/", {"kind": "iframe", "title": "x"})
    assert response.status_code == 302
    assert not Module.objects.filter(kind="iframe").exists()


@pytest.mark.django_db
def test_owner_moves_modules_up_and_down(client, blog, owner, arranged):
    client.force_login(owner)
    client.post(f"/kiel/sidebar/{arranged['C'].pk}/move/", {"direction": "up"})
    assert titles_in_order(blog) == ["A", "C", "B"]
    client.post(f"/kiel/sidebar/{arranged['A'].pk}/move/", {"direction": "down"})
    assert titles_in_order(blog) == ["C", "A", "B"]
    client.post(f"/kiel/sidebar/{arranged['C'].pk}/move/", {"direction": "up"})
    assert titles_in_order(blog) == ["C", "A", "B"]
    assert list(Module.objects.order_by("position").values_list("position", flat=True)) == [0, 1, 2]
    assert (
        client.post(f"/kiel/sidebar/{arranged['A'].pk}/move/", {"direction": "left"}).status_code
        == 400
    )
    assert client.get(f"/kiel/sidebar/{arranged['A'].pk}/move/").status_code == 405


@pytest.mark.django_db
def test_owner_hides_and_shows_a_module(client, blog, owner, arranged):
    client.force_login(owner)
    response = client.post(
        f"/kiel/sidebar/{arranged['B'].pk}/visibility/", {"hidden": "1"}, follow=True
    )
    assert "„B“ ist jetzt verborgen." in response.content.decode()
    assert Module.objects.get(title="B").hidden
    page = client.get("/kiel/").content.decode()
    assert "<h2>B</h2>" not in page and "<h2>A</h2>" in page
    client.post(f"/kiel/sidebar/{arranged['B'].pk}/visibility/", {"hidden": "0"})
    assert not Module.objects.get(title="B").hidden


@pytest.mark.django_db
def test_owner_changes_title_and_settings(client, blog, owner, arranged):
    client.force_login(owner)
    url = f"/kiel/sidebar/{arranged['B'].pk}/"
    assert "X https://example.org/</textarea>" in client.get(url).content.decode()
    response = client.post(
        url, {"title": "Blogroll", "settings-links": "Antville https://antville.org/"}
    )
    assert response.status_code == 302
    module = Module.objects.get(pk=arranged["B"].pk)
    assert module.title == "Blogroll"
    assert module.settings == {"links": [{"title": "Antville", "url": "https://antville.org/"}]}
    response = client.post(url, {"title": "Kaputt", "settings-links": ""})
    assert "Dieses Feld ist zwingend erforderlich." in response.content.decode()
    assert Module.objects.get(pk=arranged["B"].pk).title == "Blogroll"


@pytest.mark.django_db
def test_owner_removes_a_module_after_confirming(client, blog, owner, arranged):
    client.force_login(owner)
    url = f"/kiel/sidebar/{arranged['A'].pk}/delete/"
    assert "„A“ entfernen?" in client.get(url).content.decode()
    assert Module.objects.count() == 3
    client.post(url)
    assert titles_in_order(blog) == ["B", "C"]
    assert list(Module.objects.order_by("position").values_list("position", flat=True)) == [0, 1]


@pytest.mark.django_db
def test_removing_every_module_leaves_the_sidebar_empty(client, blog, owner):
    client.force_login(owner)
    client.get("/kiel/sidebar/")
    for module in Module.objects.all():
        client.post(f"/kiel/sidebar/{module.pk}/delete/")
    assert "Die Seitenleiste ist leer." in client.get("/kiel/sidebar/").content.decode()
    page = client.get("/kiel/").content.decode()
    assert "<section" not in page[page.index("<aside") :]
    assert not Module.objects.exists()


@pytest.mark.django_db
def test_reorder_by_dragging(client, blog, owner, arranged):
    client.force_login(owner)
    ids = [arranged[t].pk for t in ("C", "A", "B")]
    response = client.post("/kiel/sidebar/order/", {"order": ids})
    assert response.status_code == 200 and response.json() == {"ok": True}
    assert titles_in_order(blog) == ["C", "A", "B"]
    for bad in (ids[:2], [*ids, ids[0]], ["x"]):
        response = client.post("/kiel/sidebar/order/", {"order": bad})
        assert response.status_code == 400
        assert "reload" in response.json()["error"] or "neu" in response.json()["error"]
    assert titles_in_order(blog) == ["C", "A", "B"]


@pytest.mark.django_db
def test_modules_of_other_blogs_are_not_found(client, blog, owner):
    foreign = ModuleFactory(blog=BlogFactory(name="fremd"), kind=Kind.TEXT, settings={"text": "x"})
    client.force_login(owner)
    for url in ("", "move/", "visibility/", "delete/"):
        assert (
            client.post(f"/kiel/sidebar/{foreign.pk}/{url}", {"direction": "up"}).status_code == 404
        )
    assert Module.objects.get(pk=foreign.pk).settings == {"text": "x"}


@pytest.mark.django_db
def test_a_sidebar_has_a_limit(client, blog, owner):
    Sidebar.objects.create(blog=blog)
    for _ in range(MAX_MODULES):
        ModuleFactory(blog=blog, kind=Kind.COUNTER)
    client.force_login(owner)
    assert (
        "Entferne eines, um ein anderes hinzuzufügen."
        in client.get("/kiel/sidebar/").content.decode()
    )
    response = client.post("/kiel/sidebar/add/", {"kind": "counter", "title": "Noch einer"})
    assert "Eine Seitenleiste fasst höchstens 30 Module." in response.content.decode()
    assert Module.objects.count() == MAX_MODULES


@pytest.mark.django_db
def test_admins_who_do_not_own_the_blog_get_the_basic_html_list(client, blog, admin_user, owner):
    html = '<p>Bild: <img src="https://example.org/a.png"></p>'
    for user in (admin_user, owner):
        client.force_login(user)
        client.post(
            "/kiel/sidebar/add/", {"kind": "text", "title": user.username, "settings-text": html}
        )
    assert "<img" not in Module.objects.get(title="root").settings["text"]
    assert "<img" in Module.objects.get(title="olga").settings["text"]


@pytest.mark.django_db
def test_a_new_blog_starts_with_the_default_set(outsider):
    from federkiel.blogs.lifecycle import create_blog
    from federkiel.blogs.models import Blog

    blog = create_blog(Blog(name="neu", title="Neu", language="en"), outsider)
    assert kinds_in_order(blog) == DEFAULT_SET
    assert titles_in_order(blog)[:3] == ["User Status", "Looking back", "Recently written"]
    assert Sidebar.objects.filter(blog=blog).exists()


SUBDOMAINS = override_settings(
    URL_MODE="subdomain",
    BASE_URL="http://example.org",
    BASE_DOMAIN="example.org",
    ALLOWED_HOSTS=["example.org", ".example.org"],
)


@pytest.mark.django_db
@SUBDOMAINS
def test_the_sidebar_page_works_on_the_blogs_subdomain(client, blog, owner, arranged):
    ModuleFactory(blog=blog, kind=Kind.USER_STATUS, title="D", position=3)
    client.force_login(owner)
    page = client.get("/", HTTP_HOST="kiel.example.org").content.decode()
    assert 'href="http://kiel.example.org/sidebar/">Seitenleiste anpassen' in page
    html = client.get("/sidebar/", HTTP_HOST="kiel.example.org").content.decode()
    assert f'action="http://kiel.example.org/sidebar/{arranged["C"].pk}/move/"' in html
    response = client.post(
        f"/sidebar/{arranged['C'].pk}/move/", {"direction": "up"}, HTTP_HOST="kiel.example.org"
    )
    assert response["Location"] == f"http://kiel.example.org/sidebar/#module-{arranged['C'].pk}"
    assert titles_in_order(blog) == ["A", "C", "B", "D"]
