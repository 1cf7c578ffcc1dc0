"""Stored story HTML is inert: no script, no event handler, no script URL.

The payloads are in `xss_corpus` (shared with the browser test). The stored HTML is
parsed with html5lib, which follows the HTML5 parsing rules browsers use, so what is
checked is what a browser would build from it.
"""

import re

import html5lib  # type: ignore[import-untyped]
import pytest

from federkiel.factories import StoryFactory
from federkiel.stories.models import Story
from federkiel.stories.tests.xss_corpus import PAYLOADS, all_payloads_text
from federkiel.stories.text import ALLOWED_TAGS, render_text, sanitize_html
from federkiel.stories.writing import StoryInput, create_story

URL_ATTRIBUTES = {"href", "src", "cite", "action", "formaction", "data", "xlink:href", "srcset"}
# Browsers drop tabs and newlines anywhere in a URL and C0 controls and spaces around it.
URL_NOISE = re.compile(r"[\x00-\x20]")
SCRIPT_SCHEMES = ("javascript:", "vbscript:", "data:", "livescript:")


def problems_in(html):
    """What in `html` could run script once a browser parses it; empty when inert."""
    found = []
    if re.search(r"<\s*/?\s*script", html, re.IGNORECASE):
        found.append("script tag text")
    root = html5lib.parseFragment(html, treebuilder="etree", namespaceHTMLElements=False)
    for element in root.iter():
        tag = element.tag if isinstance(element.tag, str) else ""
        if tag and tag != "DOCUMENT_FRAGMENT" and tag not in ALLOWED_TAGS:
            found.append(f"tag {tag}")
        for name, value in element.attrib.items():
            name = name.lower() if isinstance(name, str) else str(name).lower()
            if name.startswith("on") or name.endswith("}on") or ":on" in name:
                found.append(f"event handler {name}")
            if name == "style":
                found.append("style attribute")
            if name in URL_ATTRIBUTES or name.endswith("href"):
                url = URL_NOISE.sub("", value).lower()
                if url.startswith(SCRIPT_SCHEMES):
                    found.append(f"script URL in {name}: {value!r}")
    return found


def test_corpus_is_big_and_names_are_unique():
    assert len(PAYLOADS) >= 40
    assert len({name for name, _ in PAYLOADS}) == len(PAYLOADS)


def test_the_checker_catches_what_it_should():
    assert problems_in("<script>alert(1)</script>")
    assert problems_in("<img src=x onerror=alert(1)>")
    assert problems_in('<a href="  jav&#x09;ascript:alert(1)">x</a>')
    assert problems_in('<a href="data:text/html,x">x</a>')
    assert problems_in('<p style="color:red">x</p>')
    assert problems_in("<svg><a>x</a></svg>")
    assert problems_in('<iframe src="https://example.org/"></iframe>')
    assert not problems_in('<p><a href="https://example.org/">ok</a> &lt;script&gt;</p>')


@pytest.mark.parametrize("text_format", ["html", "markdown"])
@pytest.mark.parametrize(("name", "payload"), PAYLOADS, ids=[name for name, _ in PAYLOADS])
def test_payload_is_inert_after_rendering(name, payload, text_format):
    html = render_text(payload, text_format)
    assert problems_in(html) == [], html
    # Sanitising what is stored again changes nothing: no markup that re-parses differently.
    assert sanitize_html(html) == html


@pytest.mark.django_db
@pytest.mark.parametrize("text_format", ["html", "markdown"])
def test_story_made_of_all_payloads_is_stored_and_shown_inert(client, blog, owner, text_format):
    story = create_story(
        blog,
        owner,
        StoryInput(
            title="<script>alert('title')</script>",
            text=all_payloads_text().replace("\x00", ""),  # forms refuse NUL; PostgreSQL too
            text_format=text_format,
            status=Story.Status.PUBLISHED,
            topic_names=['<img src=x onerror="alert(1)">'],
        ),
    )
    stored = Story.objects.get(pk=story.pk).rendered_html
    assert problems_in(stored) == []
    assert "img src=x onerror" not in stored  # as markup; as escaped text it may stay
    page = client.get(f"/kiel/stories/{story.pk}/").content.decode()
    content = page.split('class="story-content e-content">', 1)[1].split("</div>\n  <footer", 1)[0]
    assert problems_in(content) == []
    assert "&lt;script&gt;alert(&#39;title&#39;)&lt;/script&gt;" in page
    assert "&lt;img src=x onerror=&#34;alert(1)&#34;&gt;" in page  # the topic, escaped


@pytest.mark.django_db
def test_preview_of_all_payloads_is_inert(client, blog, contributor):
    client.force_login(contributor)
    for text_format in ("html", "markdown"):
        response = client.post(
            "/kiel/stories/preview/",
            {"text": all_payloads_text().replace("\x00", ""), "text_format": text_format},
        )
        assert response.status_code == 200
        assert problems_in(response.content.decode()) == []


@pytest.mark.django_db
def test_nul_characters_are_refused_by_form_and_preview(client, blog, contributor):
    client.force_login(contributor)
    data = {"text": "<scr\x00ipt>alert(1)</scr\x00ipt>", "text_format": "html"}
    assert client.post("/kiel/stories/preview/", data).status_code == 400
    response = client.post(
        "/kiel/stories/create/",
        {**data, "title": "t", "status": "draft", "save": "1"},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert "Null characters are not allowed." in response.content.decode()
    assert not Story.objects.exists()


@pytest.mark.django_db
def test_safe_markup_survives(blog, owner):
    story = StoryFactory(
        blog=blog,
        author=owner,
        text_format="html",
        text='<p>A <a href="https://example.org/x?a=1&amp;b=2" title="t">link</a>, '
        '<img src="https://example.org/i.png" alt="i" width="10">, <em>em</em>, '
        '<code>code</code>, <table><tr><td colspan="2">c</td></tr></table>, '
        '<a href="mailto:a@example.org">mail</a></p>',
    )
    html = story.rendered_html
    assert 'href="https://example.org/x?a=1&amp;b=2"' in html
    assert 'rel="noopener nofollow ugc"' in html
    assert '<img src="https://example.org/i.png" alt="i" width="10">' in html
    assert "<em>em</em>" in html and "<code>code</code>" in html
    assert '<td colspan="2">c</td>' in html
    assert 'href="mailto:a@example.org"' in html
