"""Comment pages on a blog: post, edit and delete one's own comment."""

from __future__ import annotations

import ipaddress

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.utils import translation
from django.views.decorators.http import require_http_methods, require_POST

from federkiel.accounts.limits import client_ip
from federkiel.blogs.access import get_blog
from federkiel.blogs.links import blog_reverse
from federkiel.blogs.models import Blog
from federkiel.comments.access import get_open_story, get_story_comment
from federkiel.comments.forms import CommentForm, EditCommentForm, GuestCommentForm
from federkiel.comments.models import Comment, CommentSettings
from federkiel.comments.presenters import (
    comment_data,
    comments_context,
    own_guest_comments,
    remember_own_comment,
)
from federkiel.comments.writing import (
    Commenter,
    CommentRejected,
    Status,
    can_change_own,
    commenting_status,
    delete_own_comment,
    edit_comment,
    post_comment,
)
from federkiel.skins.engine import render_blog_page
from federkiel.stories.access import can_edit_story
from federkiel.stories.models import Story
from federkiel.stories.presenters import story_data


def visitor_ip(request: HttpRequest) -> str | None:
    """The visitor's address (behind trusted proxies too), None when it is not one."""
    try:
        return str(ipaddress.ip_address(client_ip(request)))
    except ValueError:
        return None


def commenter_from(request: HttpRequest, form: CommentForm | None = None) -> Commenter:
    data = form.cleaned_data if form is not None else {}
    return Commenter(
        user=request.user if request.user.is_authenticated else None,
        name=data.get("name", ""),
        email=data.get("email", ""),
        website=data.get("website", ""),
        ip_address=visitor_ip(request),
        user_agent=request.META.get("HTTP_USER_AGENT", "")[:300],
        referrer=request.META.get("HTTP_REFERER", "")[:500],
    )


def story_url(blog: Blog, story: Story) -> str:
    return blog_reverse(blog.name, "stories:detail", key=story.slug or str(story.pk))


def story_page(
    request: HttpRequest,
    blog: Blog,
    story: Story,
    form: CommentForm,
    reply_to: Comment | None,
    status: int,
) -> HttpResponse:
    """The story page again, with the form as typed and its errors."""
    can_edit = can_edit_story(request.user, blog, story)
    with translation.override(blog.language):
        context = {
            "story": story_data(story, blog, can_edit=can_edit),
            **comments_context(request, blog, story, form=form, reply_to=reply_to),
        }
    return render_blog_page(request, blog, "story.html", context, status=status)


@require_POST
def post(request: HttpRequest, blog: str, story: int) -> HttpResponse:
    the_blog = get_blog(request, blog)
    the_story = get_open_story(request, the_blog, story)
    status = commenting_status(
        the_blog, the_story, request.user, CommentSettings.for_blog(the_blog)
    )
    if status == Status.CLOSED:
        raise Http404("Comments are closed.")
    if status != Status.OPEN:
        raise PermissionDenied
    parent = None
    raw_parent = request.POST.get("parent", "")
    if raw_parent:
        parent = (
            Comment.objects.filter(
                story=the_story,
                pk=int(raw_parent) if raw_parent.isdigit() else 0,
                state=Comment.State.PUBLISHED,
            )
            .select_related("author", "parent__author")
            .first()
        )
        if parent is None:
            raise Http404("No such comment to reply to.")
    guest = not request.user.is_authenticated
    form: CommentForm = GuestCommentForm(request.POST) if guest else CommentForm(request.POST)
    if form.is_valid():
        try:
            comment = post_comment(
                the_story,
                commenter_from(request, form),
                form.cleaned_data["text"],
                parent=parent,
                token=form.token,
                notify_replies=form.cleaned_data["notify_replies"],
            )
        except CommentRejected as rejected:
            form.add_error(None, ValidationError(rejected.message))
        else:
            if comment.author_id is None:
                remember_own_comment(request, comment)
            return HttpResponseRedirect(f"{story_url(the_blog, the_story)}#comment-{comment.pk}")
    return story_page(request, the_blog, the_story, form, parent, status=400)


def _own_comment(request: HttpRequest, blog: str, story: int, pk: int) -> tuple[Blog, Comment]:
    the_blog = get_blog(request, blog)
    the_story = get_open_story(request, the_blog, story)
    comment = get_story_comment(request, the_blog, the_story, pk)
    own_ids = own_guest_comments(request)
    mine = (
        comment.author_id is not None and comment.author_id == request.user.pk
    ) or comment.pk in own_ids
    if not mine or comment.state == Comment.State.DELETED:
        raise Http404("No such comment.")
    if not can_change_own(comment, request.user, own_ids):
        raise PermissionDenied
    return the_blog, comment


def _comment_page(
    request: HttpRequest,
    blog: Blog,
    comment: Comment,
    template: str,
    form: EditCommentForm | None = None,
    status: int = 200,
) -> HttpResponse:
    with translation.override(blog.language):
        context = _comment_context(request, blog, comment, form)
    return render_blog_page(request, blog, template, context, status=status)


def _comment_context(
    request: HttpRequest, blog: Blog, comment: Comment, form: EditCommentForm | None
) -> dict[str, object]:
    story = comment.story
    values = {"text": comment.text}
    errors: dict[str, list[str]] = {"text": []}
    general: list[str] = []
    if form is not None and form.is_bound:
        values["text"] = form.data.get("text", "")
        errors.update((k, [str(m) for m in v]) for k, v in form.errors.items() if k != "__all__")
        general = [str(m) for m in form.non_field_errors()]
    return {
        "story": story_data(story, blog),
        "comment": comment_data(comment, blog, story_url(blog, story), mine=True, changeable=True),
        "edit": {
            "action": request.path,
            "typed": values,
            "errors": errors,
            "general_errors": general,
            "back_url": f"{story_url(blog, story)}#comment-{comment.pk}",
        },
    }


@require_http_methods(["GET", "POST"])
def edit(request: HttpRequest, blog: str, story: int, pk: int) -> HttpResponse:
    the_blog, comment = _own_comment(request, blog, story, pk)
    if request.method != "POST":
        return _comment_page(request, the_blog, comment, "comment_edit.html")
    form = EditCommentForm(request.POST)
    if form.is_valid():
        commenter = commenter_from(request)
        if comment.author_id is None:
            commenter = Commenter(
                name=comment.guest_name,
                email=comment.guest_email,
                website=comment.guest_website,
                ip_address=commenter.ip_address,
                user_agent=commenter.user_agent,
            )
        try:
            edit_comment(comment, form.cleaned_data["text"], commenter)
        except CommentRejected as rejected:
            form.add_error(None, ValidationError(rejected.message))
        else:
            return HttpResponseRedirect(
                f"{story_url(the_blog, comment.story)}#comment-{comment.pk}"
            )
    return _comment_page(request, the_blog, comment, "comment_edit.html", form, status=400)


@require_http_methods(["GET", "POST"])
def delete(request: HttpRequest, blog: str, story: int, pk: int) -> HttpResponse:
    the_blog, comment = _own_comment(request, blog, story, pk)
    if request.method != "POST":
        return _comment_page(request, the_blog, comment, "comment_delete.html")
    delete_own_comment(comment)
    return HttpResponseRedirect(f"{story_url(the_blog, comment.story)}#comments")
