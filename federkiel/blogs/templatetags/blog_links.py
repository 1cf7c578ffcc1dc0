"""`{% blog_url name "app:view" key=value %}`: blog addresses in Django templates."""

from __future__ import annotations

from typing import Any

from django import template

from federkiel.blogs.links import blog_reverse

register = template.Library()


@register.simple_tag
def blog_url(blog_name: str, viewname: str, **kwargs: Any) -> str:
    return blog_reverse(blog_name, viewname, **kwargs)
