"""Addresses of uploads and the snippets that put them into a story."""

from __future__ import annotations

import re
from typing import Any

from django.template.defaultfilters import filesizeformat
from django.utils.html import escape, format_html

from federkiel.blogs.links import blog_reverse
from federkiel.media import images, names
from federkiel.media.models import MediaFile

# The version a story shows; the original is linked for the full size.
DISPLAY_LABEL = "1600"
_MARKDOWN_SPECIAL = re.compile(r"([\\\[\]*_`<>])")


def file_url(blog_name: str, media: MediaFile, label: str | None = None) -> str:
    name = names.url_name(media.name)
    if label:
        return blog_reverse(blog_name, "media:version", key=media.key, label=label, name=name)
    return blog_reverse(blog_name, "media:file", key=media.key, name=name)


def display_size(media: MediaFile) -> tuple[int, int]:
    width, height = media.width or 0, media.height or 0
    if media.animated:
        return width, height
    return images.fit(width, height, int(DISPLAY_LABEL))


def _markdown_text(text: str) -> str:
    return _MARKDOWN_SPECIAL.sub(r"\\\1", text.replace("\n", " "))


def snippets(blog_name: str, media: MediaFile) -> dict[str, str]:
    """Markdown and HTML that show the image (or link the file) in a story."""
    if media.is_image:
        url = file_url(blog_name, media, DISPLAY_LABEL)
        width, height = display_size(media)
        return {
            "markdown": f"![{_markdown_text(media.alt_text)}]({url})",
            "html": str(
                format_html(
                    '<img src="{}" alt="{}" width="{}" height="{}">',
                    url,
                    media.alt_text,
                    width,
                    height,
                )
            ),
        }
    url = file_url(blog_name, media)
    return {
        "markdown": f"[{_markdown_text(media.name)}]({url})",
        "html": f'<a href="{escape(url)}">{escape(media.name)}</a>',
    }


def media_data(blog_name: str, media: MediaFile) -> dict[str, Any]:
    """What the library and the editor's upload answer show about one upload."""
    thumb = media.version("thumb")
    return {
        "id": media.pk,
        "name": media.name,
        "kind": media.kind,
        "is_image": media.is_image,
        "alt_text": media.alt_text,
        "size": filesizeformat(media.size),
        "width": media.width,
        "height": media.height,
        "url": file_url(blog_name, media),
        "display_url": file_url(blog_name, media, DISPLAY_LABEL) if media.is_image else "",
        "thumbnail_url": file_url(blog_name, media, "thumb") if media.is_image else "",
        "thumbnail_width": thumb["width"] if thumb else None,
        "thumbnail_height": thumb["height"] if thumb else None,
        **snippets(blog_name, media),
    }
