"""Addresses of blog pages, in path mode (`/<blog>/…`) or subdomain mode (`<blog>.<domain>/…`)."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.urls import reverse


def blog_reverse(blog_name: str, viewname: str, **kwargs: Any) -> str:
    """The URL of a blog page: a path in path mode, an absolute URL in subdomain mode."""
    path = reverse(viewname, kwargs={"blog": blog_name, **kwargs})
    if settings.URL_MODE != "subdomain":
        return path
    base = urlsplit(settings.BASE_URL)
    rest = path.removeprefix(f"/{blog_name}")
    return f"{base.scheme}://{blog_name}.{base.netloc}{rest}"


def platform_reverse(viewname: str, **kwargs: Any) -> str:
    """The URL of a platform page (sign-in, profile) as linked from a blog page: a path
    in path mode, an absolute URL on the platform host in subdomain mode."""
    path = reverse(viewname, kwargs=kwargs or None)
    return settings.BASE_URL + path if settings.URL_MODE == "subdomain" else path


def absolute(url: str) -> str:
    """An absolute URL for a path (feeds, mails and microformats need these)."""
    if url.startswith(("http://", "https://")):
        return url
    return settings.BASE_URL + url
