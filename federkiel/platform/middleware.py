"""Requests no page of the platform can answer, refused before any view sees them."""

from __future__ import annotations

from collections.abc import Callable

from django.http import Http404, HttpRequest, HttpResponse


class NulPathMiddleware:
    """No address of the platform holds a NUL character (no name, key or slug may), so such
    a path is "not found" at once. Views would look it up, and PostgreSQL refuses NUL in text."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if "\x00" in request.path_info:
            raise Http404("No such page.")
        return self.get_response(request)
