"""WordPress text as WordPress shows it: paragraphs, line breaks, captions."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from federkiel.porting.wxr_html import autop, wordpress_html


@pytest.mark.parametrize(
    ("text", "html"),
    [
        ("Eins", "<p>Eins</p>"),
        ("Eins\n\nZwei", "<p>Eins</p>\n<p>Zwei</p>"),
        ("Eins\r\n\r\nZwei\r\nDrei", "<p>Eins</p>\n<p>Zwei<br />\nDrei</p>"),
        ("Eins\n \n\n\nZwei", "<p>Eins</p>\n<p>Zwei</p>"),
        ("Text <em>kursiv\nweiter</em>", "<p>Text <em>kursiv<br />\nweiter</em></p>"),
        ("Zeile<br />\nZeile", "<p>Zeile<br />\nZeile</p>"),
        ("<h2>Titel</h2>\nText", "<h2>Titel</h2>\n<p>Text</p>"),
        ("<ul>\n<li>a</li>\n<li>b</li>\n</ul>", "<ul>\n<li>a</li>\n<li>b</li>\n</ul>"),
        ("<blockquote>Zitat</blockquote>", "<blockquote><p>Zitat</p>\n</blockquote>"),
        ("<div>kurz</div>", "<div>kurz</div>"),
        ("<div>\neins\n\nzwei\n</div>", "<div>\n<p>eins</p>\n<p>zwei</p>\n</div>"),
        ("<pre>a\n\nb</pre>", "<pre>a\n\nb</pre>"),
        ("<p>Fertig</p>\n<p>HTML</p>", "<p>Fertig</p>\n<p>HTML</p>"),
        ("<table><tr><td>a\nb</td></tr></table>", "<table><tr><td>a<br />\nb</td></tr></table>"),
        ("x < y und y > z", "<p>x < y und y > z</p>"),
        ("", ""),
        ("<hr />\n\nNach der Linie", "<hr />\n<p>Nach der Linie</p>"),
        ("Bild: <img src='a.jpg' alt='a'>", "<p>Bild: <img src='a.jpg' alt='a'></p>"),
    ],
)
def test_autop(text, html):
    assert wordpress_html(text) == html


def test_script_and_style_content_is_left_alone():
    text = "<script>\nif (a\n\n&& b) {}\n</script>\n\nDanach"
    assert autop(text) == "<script>\nif (a\n\n&& b) {}\n</script>\n<p>Danach</p>"


def test_block_editor_text_is_not_changed():
    text = "<!-- wp:paragraph -->\n<p>A</p>\n<!-- /wp:paragraph -->\n\nlose"
    assert wordpress_html(text) == text


def test_more_and_nextpage_marks_become_paragraph_breaks():
    assert wordpress_html("Anriss\n<!--more-->\nRest") == "<p>Anriss</p>\n<p>Rest</p>"
    assert wordpress_html("Seite 1<!--nextpage-->Seite 2") == "<p>Seite 1</p>\n<p>Seite 2</p>"
    assert wordpress_html("A<!--more Weiterlesen …-->B") == "<p>A</p>\n<p>B</p>"


def test_caption_with_link_and_text():
    text = (
        '[caption id="attachment_5" width="300"]'
        '<a href="/b.jpg"><img src="/s.jpg" /></a> Möwe[/caption]'
    )
    assert wordpress_html(text) == (
        '<figure><a href="/b.jpg"><img src="/s.jpg" /></a><figcaption>Möwe</figcaption></figure>'
    )


def test_caption_from_the_old_attribute():
    text = '[caption id="a" caption="Alte Form"]<img src="/s.jpg" />[/caption]'
    assert wordpress_html(text) == (
        '<figure><img src="/s.jpg" /><figcaption>Alte Form</figcaption></figure>'
    )


def test_caption_without_image_stays_as_written():
    text = "[caption]nur Text[/caption]"
    assert wordpress_html(text) == "<p>[caption]nur Text[/caption]</p>"


def test_other_shortcodes_stay_as_text():
    assert wordpress_html('[gallery ids="1,2"]') == '<p>[gallery ids="1,2"]</p>'


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from("ab \t\n\r.äß"), max_size=60))
def test_plain_text_takes_the_short_way_to_the_same_paragraphs(text):
    normalised = text.replace("\r\n", "\n").replace("\r", "\n")
    assert wordpress_html(text) == autop(normalised)
