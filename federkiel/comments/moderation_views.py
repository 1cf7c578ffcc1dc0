"""Platform pages for a blog's managers and owners: the moderation queue and comment settings."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.paginator import InvalidPage, Paginator
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods

from federkiel.accounts.models import User
from federkiel.blogs.access import get_blog
from federkiel.blogs.links import blog_reverse
from federkiel.blogs.models import Blog
from federkiel.blogs.permissions import Action
from federkiel.comments.forms import BlockForm, CommentMailForm, CommentSettingsForm, RuleForm
from federkiel.comments.models import BlockedCommenter, Comment, CommentSettings, ModerationRule
from federkiel.comments.moderation import Decision, block, decide, queue_counts, unblock
from federkiel.comments.notifications import (
    hold_explanation,
    set_comment_mail,
    wants_comment_mail,
)

PAGE_SIZE = 50
STATES = [s.value for s in Comment.State]


def _ids(values: list[str]) -> list[int]:
    return [int(v) for v in values if v.isascii() and v.isdigit() and len(v) < 19]


def _decision(request: HttpRequest) -> tuple[Decision, list[int]] | None:
    """The decision posted: one button `do=<decision>-<id>`, or `action` for the ticked `ids`."""
    do = request.POST.get("do", "")
    if do and do != "bulk":
        name, _, raw_id = do.partition("-")
        ids = _ids([raw_id])
    else:
        name, ids = request.POST.get("action", ""), _ids(request.POST.getlist("ids"))
    if name not in Decision.__members__.values() or not ids:
        return None
    return Decision(name), ids


DONE = {
    Decision.APPROVE: lambda n: ngettext(
        "%(n)d comment published.", "%(n)d comments published.", n
    ),
    Decision.SPAM: lambda n: ngettext(
        "%(n)d comment marked as spam.", "%(n)d comments marked as spam.", n
    ),
    Decision.DELETE: lambda n: ngettext("%(n)d comment deleted.", "%(n)d comments deleted.", n),
    Decision.BLOCK: lambda n: ngettext("%(n)d commenter blocked.", "%(n)d commenters blocked.", n),
}


@require_http_methods(["GET", "POST"])
def queue(request: HttpRequest, blog: str) -> HttpResponse:
    the_blog = get_blog(request, blog, Action.MODERATE)
    state = request.GET.get("state", Comment.State.PENDING)
    if state not in STATES:
        raise Http404("No such list.")
    here = blog_reverse(the_blog.name, "comments:moderation")
    if request.method == "POST":
        chosen = _decision(request)
        if chosen is None:
            messages.error(request, _("Choose an action and at least one comment."))
        else:
            decision, ids = chosen
            changed = decide(the_blog, decision, ids, request.user)
            messages.success(request, DONE[decision](changed) % {"n": changed})
        page_number = request.GET.get("page", "")
        suffix = f"&page={page_number}" if page_number.isdigit() else ""
        return HttpResponseRedirect(f"{here}?state={state}{suffix}")
    comments = (
        Comment.objects.of_blog(the_blog)
        .filter(state=state)
        .select_related("author", "story")
        .order_by("-created_at", "-id")
    )
    paginator = Paginator(comments, PAGE_SIZE)
    try:
        page = paginator.page(request.GET.get("page", 1))
    except InvalidPage:
        raise Http404("No such page.") from None
    counts = queue_counts(the_blog)
    return render(
        request,
        "comments/moderation.html",
        {
            "blog": the_blog,
            "state": state,
            "tabs": [(s.value, s.label, counts[s.value]) for s in Comment.State],
            "page": page,
            "rows": [_row(the_blog, c) for c in page.object_list],
            "decisions": [
                (Decision.APPROVE, _("publish")),
                (Decision.SPAM, _("mark as spam")),
                (Decision.DELETE, _("delete")),
                (Decision.BLOCK, _("block the writer")),
            ],
            "settings_url": blog_reverse(the_blog.name, "comments:settings"),
            "here": here,
        },
    )


def _row(blog: Blog, comment: Comment) -> dict[str, Any]:
    story_url = blog_reverse(
        blog.name, "stories:detail", key=comment.story.slug or str(comment.story_id)
    )
    return {
        "comment": comment,
        "url": f"{story_url}#comment-{comment.pk}",
        "story_title": comment.story.title,
        "story_url": story_url,
        "reason": hold_explanation(comment.hold_reason),
    }


@require_http_methods(["GET", "POST"])
def settings(request: HttpRequest, blog: str) -> HttpResponse:
    the_blog = get_blog(request, blog, Action.MODERATE)
    here = blog_reverse(the_blog.name, "comments:settings")
    current = CommentSettings.for_blog(the_blog)
    which = request.POST.get("form", "") if request.method == "POST" else ""
    settings_form = CommentSettingsForm(
        request.POST if which == "settings" else None, instance=current
    )
    rule_form = RuleForm(request.POST if which == "rule" else None, blog=the_blog)
    block_form = BlockForm(request.POST if which == "block" else None)
    assert isinstance(request.user, User)  # get_blog let only moderators through
    # Only members get comment mail; a superuser moderating from outside has no setting.
    member = the_blog.role_of(request.user) is not None
    mail_form = CommentMailForm(
        request.POST if which == "mail" else None,
        initial={"new_comments": member and wants_comment_mail(the_blog, request.user)},
    )
    if which == "mail" and member and mail_form.is_valid():
        wanted = mail_form.cleaned_data["new_comments"]
        set_comment_mail(the_blog, request.user, wanted)
        messages.success(
            request,
            _("You will get mail about new comments.")
            if wanted
            else _("You will get no mail about new comments."),
        )
        return HttpResponseRedirect(here)
    if which == "settings" and settings_form.is_valid():
        settings_form.save()
        messages.success(request, _("Comment settings saved."))
        return HttpResponseRedirect(here)
    if which == "rule" and rule_form.is_valid():
        rule_form.save()
        messages.success(request, _("Rule added."))
        return HttpResponseRedirect(here)
    if which == "delete_rule":
        ModerationRule.objects.filter(
            blog=the_blog, pk__in=_ids([request.POST.get("rule", "")])
        ).delete()
        messages.success(request, _("Rule removed."))
        return HttpResponseRedirect(here)
    if which == "block" and block_form.is_valid():
        data = block_form.cleaned_data
        block(
            the_blog,
            request.user,
            user=data.get("user"),
            email=data["value"] if data["kind"] == BlockForm.Kind.EMAIL else "",
            name=data["value"] if data["kind"] == BlockForm.Kind.NAME else "",
        )
        messages.success(request, _("Commenter blocked."))
        return HttpResponseRedirect(here)
    if which == "unblock":
        for block_id in _ids([request.POST.get("block", "")]):
            unblock(the_blog, block_id)
        messages.success(request, _("Block lifted."))
        return HttpResponseRedirect(here)
    status = 400 if which in {"settings", "rule", "block"} else 200
    return render(
        request,
        "comments/settings.html",
        {
            "blog": the_blog,
            "settings_form": settings_form,
            "rule_form": rule_form,
            "block_form": block_form,
            "mail_form": mail_form if member else None,
            "mail_unconfirmed": not request.user.email_confirmed,
            "rules": ModerationRule.objects.filter(blog=the_blog),
            "blocks": BlockedCommenter.objects.filter(blog=the_blog).select_related("user"),
            "queue_url": blog_reverse(the_blog.name, "comments:moderation"),
        },
        status=status,
    )
