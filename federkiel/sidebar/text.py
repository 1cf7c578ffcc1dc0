"""HTML of free text boxes: what anyone may keep, and the richer set an owner may use."""

from __future__ import annotations

import nh3
from django.utils.html import linebreaks

from federkiel.stories.text import ALLOWED_ATTRIBUTES as STORY_ATTRIBUTES
from federkiel.stories.text import ALLOWED_TAGS as STORY_TAGS

BASIC_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "code", "del", "em", "i", "ins", "li", "ol", "p",
    "s", "small", "span", "strong", "sub", "sup", "u", "ul",
}  # fmt: skip
BASIC_ATTRIBUTES = {"a": {"href", "title"}, "abbr": {"title"}}

# Owners also get images, tables, headings, fold-outs and a few harmless inline styles.
RICH_TAGS = BASIC_TAGS | STORY_TAGS | {"details", "summary"}
RICH_ATTRIBUTES = {
    **{tag: set(names) for tag, names in STORY_ATTRIBUTES.items()},
    "*": {"title", "style"},
    "a": {"href", "title"},
}
# Style properties that take no URLs, so `style` cannot load or run anything.
RICH_STYLE_PROPERTIES = {
    "color", "background-color", "text-align", "font-size", "font-weight", "font-style",
    "text-decoration", "width", "height", "float", "margin", "padding", "border",
    "border-radius", "vertical-align",
}  # fmt: skip
URL_SCHEMES = {"http", "https", "mailto"}


def looks_like_html(text: str) -> bool:
    return "<" in text and ">" in text


def clean_box_html(text: str, *, rich: bool) -> str:
    """Sanitised HTML for a text box; plain text keeps its paragraphs and line breaks."""
    html = text if looks_like_html(text) else linebreaks(text, autoescape=True)
    if rich:
        return nh3.clean(
            html,
            tags=RICH_TAGS,
            attributes=RICH_ATTRIBUTES,
            filter_style_properties=RICH_STYLE_PROPERTIES,
            url_schemes=URL_SCHEMES,
            link_rel="noopener",
            strip_comments=True,
        )
    return nh3.clean(
        html,
        tags=BASIC_TAGS,
        attributes=BASIC_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener nofollow ugc",
        strip_comments=True,
    )
