"""The search box module sends its words to the blog's own search page."""

import re

import pytest
from django.test import override_settings

from federkiel.factories import CommentFactory, ModuleFactory, StoryFactory
from federkiel.sidebar.kinds import Kind

BROWSER = "Mozilla/5.0 Chrome/130"
SUBDOMAINS = override_settings(
    URL_MODE="subdomain",
    BASE_URL="http://example.org",
    BASE_DOMAIN="example.org",
    ALLOWED_HOSTS=["example.org", ".example.org"],
)


def search_box(html):
    start = html.index('class="module module-search"')
    return html[start : html.index("</section>", start)]


def form_of(box):
    """(action, method, field names) of the box's form."""
    form = re.search(r'<form [^>]*action="([^"]*)"[^>]*>', box)
    assert form, box
    method = re.search(r'method="([^"]*)"', form.group(0))
    return form.group(1), method.group(1) if method else "", re.findall(r'name="([^"]*)"', box)


@pytest.mark.django_db
def test_search_box_sends_the_query_to_the_blog_search(client, blog, owner):
    ModuleFactory(blog=blog, kind=Kind.SEARCH, title="Suche")
    story = StoryFactory(blog=blog, author=owner, title="Regatta", text="Segeln auf der Förde.")
    CommentFactory(story=story, text="Segeln macht Spaß.")
    box = search_box(client.get("/kiel/", HTTP_USER_AGENT=BROWSER).content.decode())
    assert "<h2>Suche</h2>" in box
    action, method, names = form_of(box)
    assert (action, method, names) == ("/kiel/search/", "get", ["q"])
    assert 'role="search"' in box
    label = re.search(r'<label [^>]*for="([^"]*)"[^>]*>([^<]*)</label>', box)
    assert label and label.group(2) == "Dieses Weblog durchsuchen nach"
    assert f'id="{label.group(1)}"' in box
    # What the form sends finds the story and the comment on the blog's search page.
    results = client.get(action, {names[0]: "segeln"}).content.decode()
    assert "2 Treffer für „segeln“." in results
    assert 'href="/kiel/stories/regatta/"' in results


@pytest.mark.django_db
@SUBDOMAINS
def test_search_box_works_on_the_blogs_subdomain(client, blog, owner):
    ModuleFactory(blog=blog, kind=Kind.SEARCH, title="Suche")
    StoryFactory(blog=blog, author=owner, title="Regatta", text="Segeln auf der Förde.")
    page = client.get("/", HTTP_HOST="kiel.example.org", HTTP_USER_AGENT=BROWSER)
    action, _method, names = form_of(search_box(page.content.decode()))
    assert action == "http://kiel.example.org/search/"
    results = client.get("/search/", {names[0]: "Förde"}, HTTP_HOST="kiel.example.org")
    assert results.status_code == 200
    assert "1 Treffer für „Förde“." in results.content.decode()


@pytest.mark.django_db
def test_two_search_boxes_have_their_own_field_ids(client, blog):
    ModuleFactory(blog=blog, kind=Kind.SEARCH, title="Oben")
    ModuleFactory(blog=blog, kind=Kind.SEARCH, title="Unten")
    html = client.get("/kiel/", HTTP_USER_AGENT=BROWSER).content.decode()
    ids = re.findall(r'<input type="search" id="([^"]*)"', html)
    assert len(ids) == 2 and len(set(ids)) == 2


@pytest.mark.django_db
def test_the_owner_can_add_a_search_box(client, blog, owner):
    client.force_login(owner)
    form = client.get("/kiel/sidebar/add/?kind=search").content.decode()
    assert 'value="Dieses Weblog durchsuchen"' in form
    response = client.post("/kiel/sidebar/add/", {"kind": "search", "title": "Suchen"})
    assert response.status_code == 302
    box = search_box(client.get("/kiel/", HTTP_USER_AGENT=BROWSER).content.decode())
    assert "<h2>Suchen</h2>" in box
