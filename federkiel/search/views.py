"""Search pages: within a blog (its layout) and across the platform; OpenSearch documents."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from federkiel.blogs.access import get_blog
from federkiel.blogs.links import absolute, blog_reverse
from federkiel.search.presenters import labels_for, results_data
from federkiel.search.query import search
from federkiel.skins.engine import render_blog_page

OPENSEARCH_TYPE = "application/opensearchdescription+xml; charset=utf-8"
# OpenSearch allows at most 16 characters here.
SHORT_NAME_LENGTH = 16


def platform_search(request: HttpRequest) -> HttpResponse:
    results = search(request.GET.get("q", ""), request.user, page=request.GET.get("page", 1))
    data = results_data(results, reverse("search:platform"))
    return render(request, "search/results.html", {"search": data})


def blog_search(request: HttpRequest, blog: str) -> HttpResponse:
    the_blog = get_blog(request, blog)
    results = search(
        request.GET.get("q", ""), request.user, blog=the_blog, page=request.GET.get("page", 1)
    )
    with translation.override(the_blog.language):
        data = results_data(results, blog_reverse(the_blog.name, "blog_search:search"))
    return render_blog_page(
        request,
        the_blog,
        "search.html",
        {"search": data, "search_t": labels_for(the_blog.language)},
    )


def _opensearch(
    request: HttpRequest, name: str, description: str, language: str, search_url: str, url: str
) -> HttpResponse:
    context = {
        "short_name": name[:SHORT_NAME_LENGTH],
        "description": description,
        "language": language,
        "search_url": absolute(search_url),
        "self_url": absolute(url),
    }
    return render(request, "search/opensearch.xml", context, content_type=OPENSEARCH_TYPE)


def platform_opensearch(request: HttpRequest) -> HttpResponse:
    return _opensearch(
        request,
        "Federkiel",
        gettext("Search all blogs on Federkiel"),
        translation.get_language() or settings.LANGUAGE_CODE,
        reverse("search:platform"),
        reverse("search:opensearch"),
    )


def blog_opensearch(request: HttpRequest, blog: str) -> HttpResponse:
    the_blog = get_blog(request, blog)
    with translation.override(the_blog.language):
        description = gettext("Search %(blog)s") % {"blog": the_blog.title}
    return _opensearch(
        request,
        the_blog.title,
        description,
        the_blog.language,
        blog_reverse(the_blog.name, "blog_search:search"),
        blog_reverse(the_blog.name, "blog_search:opensearch"),
    )
