from __future__ import annotations

from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from federkiel.archive.views import day_from_query
from federkiel.blogs.access import get_blog
from federkiel.blogs.links import blog_reverse
from federkiel.blogs.permissions import Action, can
from federkiel.skins.engine import render_blog_page
from federkiel.stories.models import Story
from federkiel.stories.presenters import story_data


def front(request: HttpRequest, blog: str) -> HttpResponse:
    """The blog's front page: newest published stories, paginated (an h-feed)."""
    if "day" in request.GET:
        return day_from_query(request, blog)
    the_blog = get_blog(request, blog)
    stories = (
        Story.objects.published()
        .filter(blog=the_blog)
        .select_related("author")
        .prefetch_related("topics")
    )
    paginator = Paginator(stories, the_blog.page_size)
    try:
        page = paginator.page(request.GET.get("page", 1))
    except (EmptyPage, PageNotAnInteger):
        raise Http404("No such page.") from None
    can_edit_any = can(request.user, the_blog, Action.EDIT_ANY)
    base = blog_reverse(the_blog.name, "blogs:front")
    return render_blog_page(
        request,
        the_blog,
        "front.html",
        {
            "stories": [
                story_data(s, the_blog, can_edit=can_edit_any or (s.author_id == request.user.pk))
                for s in page.object_list
            ],
            "page": {
                "number": page.number,
                "count": paginator.num_pages,
                "newer_url": f"{base}?page={page.previous_page_number()}"
                if page.has_previous()
                else "",
                "older_url": f"{base}?page={page.next_page_number()}" if page.has_next() else "",
            },
        },
    )


def settings(request: HttpRequest, blog: str) -> HttpResponse:
    the_blog = get_blog(request, blog, Action.SETTINGS)
    return render(request, "blogs/settings.html", {"blog": the_blog})
