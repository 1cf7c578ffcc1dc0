"""Comment text: a Markdown subset in, sanitised HTML out (stricter than stories).

Raw HTML is shown as text, headings and tables are off, images only when the
operator allows them (FEDERKIEL_COMMENT_IMAGES), and every link is nofollow ugc.
"""

from __future__ import annotations

from functools import cache

import nh3
from django.conf import settings
from markdown_it import MarkdownIt

from federkiel.search.text import plain_text

ALLOWED_TAGS = {
    "a", "blockquote", "br", "code", "del", "em", "li", "ol", "p", "pre", "s", "strong", "ul",
}  # fmt: skip
ALLOWED_ATTRIBUTES: dict[str, set[str]] = {"a": {"href", "title"}, "ol": {"start"}}
IMAGE_ATTRIBUTES = {"src", "alt", "title"}
URL_SCHEMES = {"http", "https", "mailto"}


@cache
def _markdown(images: bool) -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": False, "linkify": False}).disable(
        ["heading", "lheading", "hr"]
    )
    md.enable("strikethrough")
    if not images:
        md.disable("image")
    return md


def render_comment(text: str, *, images: bool | None = None) -> str:
    """Sanitised HTML for a comment's source text."""
    allow_images = settings.COMMENT_IMAGES if images is None else images
    return sanitize_comment_html(_markdown(allow_images).render(text), images=allow_images)


def sanitize_comment_html(html: str, *, images: bool | None = None) -> str:
    """Comment HTML (from Markdown, or imported as HTML) through the comment allow-list."""
    allow_images = settings.COMMENT_IMAGES if images is None else images
    tags = ALLOWED_TAGS | {"img"} if allow_images else ALLOWED_TAGS
    attributes = dict(ALLOWED_ATTRIBUTES)
    if allow_images:
        attributes["img"] = IMAGE_ATTRIBUTES
    return nh3.clean(
        html,
        tags=tags,
        attributes=attributes,
        url_schemes=URL_SCHEMES,
        link_rel="nofollow ugc noopener",
        strip_comments=True,
    )


def excerpt(rendered_html: str, length: int = 60) -> str:
    """The start of a comment as plain text, at most `length` characters and cut
    between words, for lists of comments."""
    text = plain_text(rendered_html)
    if len(text) <= length:
        return text
    cut = text[: length - 1]
    space = cut.rfind(" ")
    if space > length // 2:
        cut = cut[:space]
    return cut.rstrip(" ,.;:–-") + "…"
