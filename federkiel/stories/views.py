from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from federkiel.blogs.access import get_blog
from federkiel.blogs.permissions import Action, can
from federkiel.skins.engine import render_blog_page
from federkiel.stories.access import get_story, get_story_for_edit
from federkiel.stories.presenters import story_data


def detail(request: HttpRequest, blog: str, key: str) -> HttpResponse:
    the_blog = get_blog(request, blog)
    story = get_story(request, the_blog, key)
    can_edit = can(request.user, the_blog, Action.EDIT_ANY) or (
        story.author_id == request.user.pk and can(request.user, the_blog, Action.WRITE)
    )
    return render_blog_page(
        request, the_blog, "story.html", {"story": story_data(story, the_blog, can_edit=can_edit)}
    )


def create(request: HttpRequest, blog: str) -> HttpResponse:
    the_blog = get_blog(request, blog, Action.WRITE)
    return render(request, "stories/form.html", {"blog": the_blog})


def edit(request: HttpRequest, blog: str, pk: int) -> HttpResponse:
    the_blog = get_blog(request, blog, Action.WRITE)
    story = get_story_for_edit(request, the_blog, pk)
    return render(request, "stories/form.html", {"blog": the_blog, "story": story})
