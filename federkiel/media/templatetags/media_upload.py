"""`{% media_upload_widget blog %}`: the story editor's upload box (drop zone + plain form)."""

from __future__ import annotations

from typing import Any

from django import template
from django.conf import settings

from federkiel.blogs.links import blog_reverse
from federkiel.blogs.models import Blog
from federkiel.media.forms import UploadForm

register = template.Library()


@register.inclusion_tag("media/_upload_widget.html", takes_context=True)
def media_upload_widget(context: template.Context, blog: Blog) -> dict[str, Any]:
    return {
        "csrf_token": context.get("csrf_token"),
        "form": UploadForm(auto_id="media_%s"),
        "upload_url": blog_reverse(blog.name, "media:upload"),
        "library_url": blog_reverse(blog.name, "media:library"),
        "max_upload": settings.MEDIA_UPLOAD_MAX_BYTES,
    }
