"""Blog routing middleware: subdomain hosts and the sign-in redirect for blog pages."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import resolve_url

# Uploads are served per blog (`<blog>.<domain>/media/…`), so only static files are shared.
PLATFORM_PREFIXES = ("/static/",)


class SubdomainBlogMiddleware:
    """In subdomain mode, `<blog>.<domain>/x` is served as `/<blog>/x` internally."""

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


class SignInRequiredMiddleware:
    """Turns `access.SignInRequired` into a redirect to the sign-in page that comes back."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        from federkiel.blogs.access import SignInRequired

        if not isinstance(exception, SignInRequired):
            return None
        login_url = resolve_url(settings.LOGIN_URL)
        if settings.URL_MODE == "subdomain":
            # Blog pages live on other hosts; sign in on the platform host, come back after.
            return redirect_to_login(request.build_absolute_uri(), settings.BASE_URL + login_url)
        return redirect_to_login(request.get_full_path(), login_url)
