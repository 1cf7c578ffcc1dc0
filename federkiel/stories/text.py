"""Story text: Markdown (CommonMark) or HTML in, sanitised HTML out."""

from __future__ import annotations

import re

import nh3
from markdown_it import MarkdownIt

# Tags and attributes a story may keep; everything else is dropped on save.
ALLOWED_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "caption", "cite", "code", "dd", "del", "div",
    "dl", "dt", "em", "figcaption", "figure", "h2", "h3", "h4", "h5", "h6", "hr", "i",
    "img", "ins", "kbd", "li", "mark", "ol", "p", "pre", "q", "s", "small", "span",
    "strong", "sub", "sup", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "u", "ul",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "abbr": {"title"},
    "img": {"src", "alt", "title", "width", "height"},
    "td": {"colspan", "rowspan"},
    "th": {"colspan", "rowspan", "scope"},
    "ol": {"start"},
    "q": {"cite"},
    "blockquote": {"cite"},
}
URL_SCHEMES = {"http", "https", "mailto"}
_WEB_URL = re.compile(r"^https?://[^\s]", re.IGNORECASE)

_markdown = (
    MarkdownIt("commonmark", {"html": True, "linkify": False})
    .enable("table")
    .enable("strikethrough")
)


def _keep_cite_if_web_url(tag: str, attribute: str, value: str) -> str | None:
    # nh3 checks the scheme of href and src but not of `cite`; keep only web addresses.
    if attribute == "cite":
        return value if _WEB_URL.match(value) else None
    return value


def sanitize_html(html: str) -> str:
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        attribute_filter=_keep_cite_if_web_url,
        url_schemes=URL_SCHEMES,
        link_rel="noopener nofollow ugc",
        strip_comments=True,
    )


def render_text(text: str, text_format: str) -> str:
    """Sanitised HTML for a story's source text."""
    html = _markdown.render(text) if text_format == "markdown" else text
    return sanitize_html(html)
