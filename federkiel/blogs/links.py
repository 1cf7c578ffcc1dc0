"""Addresses of blog pages, in path mode (`/<blog>/…`) or subdomain mode (`<blog>.<domain>/…`)."""

from __future__ import annotations

from typing import Any
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.urls import Resolver404, ResolverMatch, resolve, reverse


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


def resolve_blog_url(url: str) -> ResolverMatch | None:
    """The page of this site an absolute http(s) URL names, in either URL mode (the
    inverse of `blog_reverse`); None for other sites and unknown paths. The scheme may
    differ from BASE_URL's: a link written with http names the https page too."""
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        return None
    host = (parts.hostname or "").lower()
    if parts.scheme not in ("http", "https") or not host:
        return None
    base = urlsplit(settings.BASE_URL)
    if port is not None and port != base.port and not (base.port is None and port in (80, 443)):
        return None
    path = unquote(parts.path or "/")  # as Django sees a request's path
    if host == base.hostname:
        pass
    elif settings.URL_MODE == "subdomain" and host.endswith("." + settings.BASE_DOMAIN):
        name = host.removesuffix("." + settings.BASE_DOMAIN)
        if not name or name == "www" or "." in name:
            return None
        path = f"/{name}{path}"
    else:
        return None
    try:
        return resolve(path)
    except Resolver404:
        return None
