"""The sandboxed engine that renders blog-facing pages.

Templates see only plain data (dicts, lists, strings, Markup) built by presenters,
never ORM objects, so an owner-edited layout cannot reach the database or Python
internals. `ImmutableSandboxedEnvironment` also forbids mutating that data.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache
from pathlib import Path
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.utils import translation
from django.utils.functional import lazy
from jinja2 import FileSystemLoader, StrictUndefined, select_autoescape
from jinja2.sandbox import ImmutableSandboxedEnvironment

from federkiel.blogs.models import Blog
from federkiel.skins.labels import labels_for

LAYOUTS = Path(__file__).resolve().parent / "layouts"


@cache
def environment() -> ImmutableSandboxedEnvironment:
    return ImmutableSandboxedEnvironment(
        loader=FileSystemLoader(LAYOUTS / "default"),
        autoescape=select_autoescape(default=True, default_for_string=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        auto_reload=False,
    )


def render_blog_page(
    request: HttpRequest,
    blog: Blog,
    template: str,
    context: Mapping[str, Any],
    status: int = 200,
    *,
    story_id: int | None = None,
) -> HttpResponse:
    """A blog page; a 200 counts as a view of the blog (and of the story `story_id`)."""
    from federkiel.blogs.presenters import page_frame
    from federkiel.stats.counting import count_view

    if status == 200:
        count_view(request, blog, story_id)
    with translation.override(blog.language):
        data = {
            **page_frame(request, blog),
            "t": labels_for(blog.language),
            # Lazy: only a page with a form gets the token, and so the cookie.
            "csrf_token": lazy(get_token, str)(request),
            "messages": [str(m) for m in messages.get_messages(request)],
            **context,
        }
        html = environment().get_template(template).render(data)
    response = HttpResponse(html, status=status)
    response["Content-Language"] = blog.language
    return response
