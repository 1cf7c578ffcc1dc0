"""Fetch a sidebar module of a blog already fetched (and checked) through `get_blog`."""

from __future__ import annotations

from django.http import Http404

from federkiel.blogs.models import Blog
from federkiel.sidebar.models import Module


def get_module(blog: Blog, pk: int) -> Module:
    module = Module.objects.filter(blog=blog, pk=pk).first()
    if module is None:
        raise Http404("No such module.")
    return module
