from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseBadRequest,
    HttpResponsePermanentRedirect,
)
from django.shortcuts import redirect, render
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from federkiel.blogs.access import get_blog
from federkiel.blogs.links import blog_reverse
from federkiel.blogs.models import Blog
from federkiel.blogs.permissions import Action
from federkiel.comments.presenters import comments_context
from federkiel.feeds.links import blog_page_feed_links, story_comment_feed_links
from federkiel.linkbacks.presenters import add_discovery_headers, sent_linkbacks
from federkiel.porting.redirects import target_url
from federkiel.skins.engine import render_blog_page
from federkiel.stories.access import can_edit_story, get_story, get_story_for_edit
from federkiel.stories.forms import PreviewForm, StoryForm
from federkiel.stories.models import Story
from federkiel.stories.presenters import story_data
from federkiel.stories.text import render_text
from federkiel.stories.writing import (
    SlugTaken,
    StoryInput,
    create_story,
    delete_story,
    update_story,
)


def detail(request: HttpRequest, blog: str, key: str) -> HttpResponse:
    the_blog = get_blog(request, blog)
    try:
        story = get_story(request, the_blog, key)
    except Http404:
        # Perhaps the address a story had on the platform it was imported from.
        moved = target_url(the_blog, f"/stories/{key}/", request.user)
        if moved is None:
            raise
        return HttpResponsePermanentRedirect(moved)
    can_edit = can_edit_story(request.user, the_blog, story)
    context = {
        "story": story_data(story, the_blog, can_edit=can_edit),
        **comments_context(request, the_blog, story),
        "feeds": blog_page_feed_links(the_blog) + story_comment_feed_links(the_blog, story),
    }
    response = render_blog_page(request, the_blog, "story.html", context, story_id=story.pk)
    return add_discovery_headers(response, context["comments"])


def create(request: HttpRequest, blog: str) -> HttpResponse:
    the_blog = get_blog(request, blog, Action.WRITE)
    form = StoryForm(request.POST or None, blog=the_blog)
    return _form_page(
        request, the_blog, form, None, lambda data: create_story(the_blog, request.user, data)
    )


def edit(request: HttpRequest, blog: str, pk: int) -> HttpResponse:
    the_blog = get_blog(request, blog, Action.WRITE)
    story = get_story_for_edit(request, the_blog, pk)
    form = StoryForm(request.POST or None, blog=the_blog, story=story)
    return _form_page(request, the_blog, form, story, lambda data: update_story(story, data))


def _form_page(
    request: HttpRequest,
    blog: Blog,
    form: StoryForm,
    story: Story | None,
    write: Callable[[StoryInput], Story],
) -> HttpResponse:
    """Show the form; on "Preview" show it again with the rendered text; on "Save" write."""
    preview = ""
    if request.method == "POST":
        if "preview" in request.POST:
            preview = _preview_html(request) or ""
        elif form.is_valid():
            try:
                saved = write(form.story_input())
            except SlugTaken:
                form.add_error("slug", _("Another story of this blog just took this address."))
            else:
                messages.success(request, _("The story is saved."))
                return redirect(blog_reverse(blog.name, "stories:detail", key=saved.slug))
    return render(
        request,
        "stories/form.html",
        {
            "blog": blog,
            "blog_url": blog_reverse(blog.name, "blogs:front"),
            "story": story,
            "story_url": blog_reverse(blog.name, "stories:detail", key=story.slug) if story else "",
            "form": form,
            "preview": preview,
            "preview_url": blog_reverse(blog.name, "stories:preview"),
            "delete_url": blog_reverse(blog.name, "stories:delete", pk=story.pk) if story else "",
            "sent_linkbacks": sent_linkbacks(story),
        },
    )


def _preview_html(request: HttpRequest) -> str | None:
    """Sanitised HTML of the posted text, or None when the post is not a valid preview."""
    form = PreviewForm(request.POST)
    if not form.is_valid():
        return None
    html = render_text(form.cleaned_data["text"], form.cleaned_data["text_format"])
    return mark_safe(html)  # noqa: S308 (sanitised by render_text)


@require_POST
def preview(request: HttpRequest, blog: str) -> HttpResponse:
    """The live preview: sanitised HTML of the posted text, for writers of the blog."""
    get_blog(request, blog, Action.WRITE)
    html = _preview_html(request)
    if html is None:
        return HttpResponseBadRequest(_("The text could not be previewed."))
    response = HttpResponse(html, content_type="text/html; charset=utf-8")
    response["Cache-Control"] = "no-store"
    return response


def delete(request: HttpRequest, blog: str, pk: int) -> HttpResponse:
    the_blog = get_blog(request, blog, Action.WRITE)
    story = get_story_for_edit(request, the_blog, pk)
    if request.method == "POST":
        title = story.title
        delete_story(story)
        messages.success(request, _("The story “%(title)s” is deleted.") % {"title": title})
        return redirect(blog_reverse(the_blog.name, "blogs:front"))
    return render(
        request,
        "stories/delete.html",
        {
            "blog": the_blog,
            "story": story,
            "story_url": blog_reverse(the_blog.name, "stories:detail", key=story.slug),
            "edit_url": blog_reverse(the_blog.name, "stories:edit", pk=story.pk),
        },
    )
