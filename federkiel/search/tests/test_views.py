"""The search pages, the OpenSearch documents and their links."""

import xml.etree.ElementTree as ET

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from federkiel.blogs.models import Visibility
from federkiel.factories import BlogFactory, MembershipFactory, StoryFactory

pytestmark = pytest.mark.django_db
OPENSEARCH = "{http://a9.com/-/spec/opensearch/1.1/}"


def test_blog_search_page_in_the_blog_layout(client, blog, owner):
    StoryFactory(blog=blog, author=owner, title="Kieler Woche", text="Segeln und Feiern.")
    response = client.get("/kiel/search/", {"q": "segeln"})
    html = response.content.decode()
    assert response.status_code == 200
    assert response["Content-Language"] == "de"
    assert 'class="blog-header"' in html
    assert "1 Treffer für „segeln“." in html
    assert "<mark>Segeln</mark> und Feiern." in html
    assert 'href="/kiel/stories/kieler-woche/"' in html


def test_platform_search_page_lists_blogs(client, blog, owner):
    StoryFactory(blog=blog, author=owner, title="Kieler Woche", text="Segeln.")
    response = client.get("/search/", {"q": "Woche"}, HTTP_ACCEPT_LANGUAGE="en")
    html = response.content.decode()
    assert response.status_code == 200
    assert "1 result for “Woche”." in html
    assert "Kieler <mark>Woche</mark>" in html
    assert ">Kieler Nachrichten</a>" in html


def test_an_empty_search_shows_the_form_and_a_hint(client, blog):
    for url in ("/search/", "/kiel/search/"):
        response = client.get(url, {"q": "  "})
        assert response.status_code == 200
        assert 'type="search"' in response.content.decode()
        assert "search-hint" in response.content.decode()


def test_titles_and_texts_are_escaped_in_results(client, blog, owner):
    StoryFactory(
        blog=blog,
        author=owner,
        title="<script>alert('Hafen')</script>",
        text="`<img src=x onerror=alert(1)>` Hafen",
    )
    for url in ("/search/", "/kiel/search/"):
        html = client.get(url, {"q": "hafen"}).content.decode().replace("&#x27;", "&#39;")
        assert "<script>alert" not in html
        assert "<img src=x" not in html
        assert "&lt;script&gt;alert(&#39;<mark>Hafen</mark>&#39;)" in html
        html = client.get(url, {"q": "<b>hafen"}).content.decode()
        assert "<b>" not in html
        assert "&lt;b&gt;hafen" in html


@pytest.mark.parametrize(
    "query",
    ['"', '"Hafen', "Hafen*", "NEAR(Hafen, 2)", "AND", "-", ":", "(", ")", "^", "x" * 10_000,
     "Hafen" * 3000, "\x00", "%s %(x)s", "' OR 1=1 --"],
)  # fmt: skip
def test_bad_queries_give_a_page(client, blog, owner, query):
    StoryFactory(blog=blog, author=owner, title="Hafen")
    for url in ("/search/", "/kiel/search/"):
        assert client.get(url, {"q": query}).status_code == 200


@pytest.mark.parametrize("page", ["999999999999999999999", "-5", "abc", "1e9", ""])
def test_odd_page_numbers_give_a_page(client, blog, owner, page):
    StoryFactory(blog=blog, author=owner, title="Hafen")
    for url in ("/search/", "/kiel/search/"):
        response = client.get(url, {"q": "hafen", "page": page})
        assert response.status_code == 200
        assert "<mark>Hafen</mark>" in response.content.decode()


def test_too_long_query_is_announced(client, blog):
    response = client.get("/search/", {"q": "wort " * 2000}, HTTP_ACCEPT_LANGUAGE="en")
    assert "only the beginning was used" in response.content.decode()


def test_pager_links_keep_the_query(client, blog, owner):
    for n in range(25):
        StoryFactory(blog=blog, author=owner, title=f"Möwe {n}")
    html = client.get("/kiel/search/", {"q": "möwe"}).content.decode()
    assert 'rel="next" href="/kiel/search/?q=m%C3%B6we&amp;page=2"' in html
    html = client.get("/kiel/search/", {"q": "möwe", "page": 2}).content.decode()
    assert 'rel="prev" href="/kiel/search/?q=m%C3%B6we&amp;page=1"' in html


@pytest.mark.parametrize("visibility", [Visibility.RESTRICTED, Visibility.CLOSED])
def test_blog_search_of_a_hidden_blog_is_not_found(client, blog, owner, outsider, visibility):
    StoryFactory(blog=blog, author=owner, title="Geheimnis")
    blog.visibility = visibility
    blog.save()
    assert client.get("/kiel/search/", {"q": "Geheimnis"}).status_code == 404
    client.force_login(outsider)
    assert client.get("/kiel/search/", {"q": "Geheimnis"}).status_code == 404
    assert client.get("/kiel/opensearch.xml").status_code == 404
    html = client.get("/search/", {"q": "Geheimnis"}).content.decode()
    assert "search-hit" not in html
    assert "/kiel/stories/" not in html


def test_closed_blog_search_is_not_found_for_managers(client, blog, owner, manager):
    StoryFactory(blog=blog, author=owner, title="Geheimnis")
    blog.visibility = Visibility.CLOSED
    blog.save()
    client.force_login(manager)
    assert client.get("/kiel/search/", {"q": "Geheimnis"}).status_code == 404
    client.force_login(owner)
    assert (
        "<mark>Geheimnis</mark>" in client.get("/kiel/search/", {"q": "Geheimnis"}).content.decode()
    )


def _count_queries(client, url, params):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, params)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize("url", ["/search/", "/kiel/search/"])
def test_query_count_does_not_grow_with_results(client, blog, owner, url):
    client.force_login(owner)
    for _ in range(3):
        MembershipFactory(user=owner, blog=BlogFactory(visibility=Visibility.RESTRICTED))
    StoryFactory(blog=blog, author=owner, title="Leuchtturm eins")
    few = _count_queries(client, url, {"q": "leuchtturm"})
    for n in range(30):
        StoryFactory(blog=blog, author=owner, title=f"Leuchtturm {n}", text="Leuchtturm " * n)
    many = _count_queries(client, url, {"q": "leuchtturm"})
    assert few == many
    assert _count_queries(client, url, {"q": "leuchtturm", "page": 2}) == many


@pytest.mark.parametrize(("url", "queries"), [("/opensearch.xml", 0), ("/kiel/opensearch.xml", 1)])
def test_opensearch_documents_cost_the_same_few_queries_always(client, blog, owner, url, queries):
    StoryFactory(blog=blog, author=owner)
    assert _count_queries(client, url, {}) == queries  # the blog, if any
    for _ in range(5):
        StoryFactory(blog=blog, author=owner)
        StoryFactory(blog=BlogFactory())
    assert _count_queries(client, url, {}) == queries
    client.force_login(owner)
    signed_in = _count_queries(client, url, {})
    MembershipFactory(user=owner, blog=BlogFactory())
    assert _count_queries(client, url, {}) == signed_in


def test_platform_opensearch_document(client):
    response = client.get("/opensearch.xml")
    assert response["Content-Type"].startswith("application/opensearchdescription+xml")
    root = ET.fromstring(response.content)
    assert root.find(f"{OPENSEARCH}ShortName").text == "Federkiel"
    urls = {u.get("type"): u.get("template") for u in root.findall(f"{OPENSEARCH}Url")}
    assert urls["text/html"] == "http://127.0.0.1:8000/search/?q={searchTerms}"
    assert urls["application/opensearchdescription+xml"] == "http://127.0.0.1:8000/opensearch.xml"


def test_blog_opensearch_document(client, blog):
    blog.title = "Kiel & <Umgebung> und noch viel mehr"
    blog.save()
    response = client.get("/kiel/opensearch.xml")
    root = ET.fromstring(response.content)
    assert root.find(f"{OPENSEARCH}ShortName").text == "Kiel & <Umgebung"
    assert root.find(f"{OPENSEARCH}Language").text == "de"
    template = root.find(f"{OPENSEARCH}Url").get("template")
    assert template == "http://127.0.0.1:8000/kiel/search/?q={searchTerms}"


def test_pages_link_their_opensearch_document(client, blog):
    link = 'rel="search" type="application/opensearchdescription+xml" href="{}"'
    assert link.format("/opensearch.xml") in client.get("/").content.decode()
    assert link.format("/kiel/opensearch.xml") in client.get("/kiel/").content.decode()
    assert link.format("/kiel/opensearch.xml") in client.get("/kiel/search/").content.decode()


def test_comment_results_on_the_search_pages(client, blog, owner):
    from federkiel.factories import CommentFactory

    story = StoryFactory(blog=blog, author=owner, title="Regatta", text="Segeln.")
    comment = CommentFactory(story=story, author=owner, text="Die <Möwe> & der Wind.")
    link = f'href="/kiel/stories/regatta/#comment-{comment.pk}"'
    html = client.get("/kiel/search/", {"q": "Möwe"}).content.decode()
    assert "1 Treffer für „Möwe“." in html
    assert f"<a {link}>Kommentar von Olga zu „Regatta“</a>" in html
    assert "Die &lt;<mark>Möwe</mark>&gt; &amp; der Wind." in html
    platform = client.get("/search/", {"q": "Wind"}, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert f"<a {link}>Comment by Olga on “Regatta”</a>" in platform
    assert 'class="search-hit search-hit-comment"' in platform
