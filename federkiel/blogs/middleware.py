"""In subdomain mode, `<blog>.<domain>/x` is served as `/<blog>/x` internally."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse

PLATFORM_PREFIXES = ("/static/", "/media/")


class SubdomainBlogMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.suffix = "." + settings.BASE_DOMAIN

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if settings.URL_MODE == "subdomain":
            host = request.get_host().split(":")[0].lower()
            if host.endswith(self.suffix) and not request.path_info.startswith(PLATFORM_PREFIXES):
                name = host.removesuffix(self.suffix)
                if name and name != "www" and "." not in name:
                    request.path_info = f"/{name}{request.path_info}"
        return self.get_response(request)
