"""Member pages: the owner's member list, invitations, and one's own membership."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from federkiel.accounts.models import User
from federkiel.blogs import members
from federkiel.blogs.access import (
    get_blog,
    get_blog_invitation,
    get_invitation,
    get_membership,
)
from federkiel.blogs.forms import InviteForm, RoleForm
from federkiel.blogs.links import blog_reverse
from federkiel.blogs.models import Blog, Invitation, Role
from federkiel.blogs.permissions import Action


def _signed_in_user(request: HttpRequest) -> User:
    assert isinstance(request.user, User)
    return request.user


def _members_page(request: HttpRequest, blog: Blog, invite_form: InviteForm) -> HttpResponse:
    memberships = blog.memberships.select_related("user").order_by("user__username")
    invitations = blog.invitations.filter(status=Invitation.Status.PENDING).select_related(
        "user", "invited_by"
    )
    return render(
        request,
        "blogs/members.html",
        {
            "blog": blog,
            "memberships": memberships,
            "invitations": invitations,
            "invite_form": invite_form,
            "roles": Role.choices,
            "now": timezone.now(),
        },
    )


@require_http_methods(["GET", "POST"])
def member_list(request: HttpRequest, blog: str) -> HttpResponse:
    """Members and open invitations; POST sends an invitation."""
    the_blog = get_blog(request, blog, Action.MEMBERS)
    form = InviteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            invitation = members.invite(
                the_blog,
                _signed_in_user(request),
                form.cleaned_data["who"],
                Role(form.cleaned_data["role"]),
            )
        except ValidationError as error:
            form.add_error("who", error)
        else:
            messages.success(
                request, _("An invitation was sent to %(who)s.") % {"who": invitation.email}
            )
            return redirect(blog_reverse(the_blog.name, "blogs:members"))
    return _members_page(request, the_blog, form)


def _report(request: HttpRequest, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


@require_POST
def change_role(request: HttpRequest, blog: str, user_id: int) -> HttpResponse:
    the_blog = get_blog(request, blog, Action.MEMBERS)
    membership = get_membership(the_blog, user_id)
    form = RoleForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose one of the roles."))
    else:
        try:
            members.change_role(membership, Role(form.cleaned_data["role"]))
        except ValidationError as error:
            _report(request, error)
        else:
            messages.success(
                request,
                _("%(name)s is now %(role)s.")
                % {"name": membership.user.username, "role": membership.get_role_display()},
            )
    return redirect(blog_reverse(the_blog.name, "blogs:members"))


@require_POST
def remove_member(request: HttpRequest, blog: str, user_id: int) -> HttpResponse:
    the_blog = get_blog(request, blog, Action.MEMBERS)
    membership = get_membership(the_blog, user_id)
    try:
        members.remove_member(membership)
    except ValidationError as error:
        _report(request, error)
    else:
        messages.success(
            request, _("%(name)s is no longer a member.") % {"name": membership.user.username}
        )
    return redirect(blog_reverse(the_blog.name, "blogs:members"))


@require_POST
def revoke_invitation(request: HttpRequest, blog: str, pk: int) -> HttpResponse:
    the_blog = get_blog(request, blog, Action.MEMBERS)
    invitation = get_blog_invitation(the_blog, pk)
    members.revoke_invitation(invitation)
    messages.success(
        request, _("The invitation for %(who)s was withdrawn.") % {"who": invitation.email}
    )
    return redirect(blog_reverse(the_blog.name, "blogs:members"))


@require_http_methods(["GET", "POST"])
def subscribe(request: HttpRequest, blog: str) -> HttpResponse:
    """Follow a public blog as subscriber (GET asks, POST does)."""
    the_blog = get_blog(request, blog, Action.SUBSCRIBE)
    if request.method == "POST":
        members.subscribe(the_blog, _signed_in_user(request))
        messages.success(request, _("You now follow “%(title)s”.") % {"title": the_blog.title})
        return redirect(blog_reverse(the_blog.name, "blogs:membership"))
    return render(request, "blogs/subscribe.html", {"blog": the_blog})


@require_http_methods(["GET", "POST"])
def membership(request: HttpRequest, blog: str) -> HttpResponse:
    """One's own membership; POST leaves the blog (for subscribers: unsubscribes)."""
    the_blog = get_blog(request, blog, Action.LEAVE)
    own = get_membership(the_blog, _signed_in_user(request).pk)
    if request.method == "POST":
        try:
            members.remove_member(own)
        except ValidationError as error:
            _report(request, error)
            return redirect(blog_reverse(the_blog.name, "blogs:membership"))
        messages.success(request, _("You left “%(title)s”.") % {"title": the_blog.title})
        return redirect("platform:dashboard")
    return render(request, "blogs/membership.html", {"blog": the_blog, "membership": own})


@login_required
def invitation_list(request: HttpRequest) -> HttpResponse:
    """Open invitations for the signed-in account."""
    user = _signed_in_user(request)
    candidates = Invitation.objects.filter(
        status=Invitation.Status.PENDING, expires_at__gt=timezone.now()
    ).select_related("blog", "invited_by")
    mine = candidates.filter(Q(email=user.email.lower()) | Q(user=user))
    return render(
        request, "blogs/invitations.html", {"invitations": [i for i in mine if i.is_for(user)]}
    )


@login_required
@require_http_methods(["GET", "POST"])
def invitation(request: HttpRequest, key: str) -> HttpResponse:
    """An invitation from its mail link: the invited account accepts or declines it."""
    user = _signed_in_user(request)
    the_invitation = get_invitation(key)
    if not the_invitation.is_for(user):
        return render(request, "blogs/invitation_elsewhere.html", status=403)
    error = ""
    if request.method == "POST":
        answer = request.POST.get("answer")
        accept = answer == "accept"
        try:
            if accept:
                members.accept_invitation(the_invitation, user)
            elif answer == "decline":
                members.decline_invitation(the_invitation, user)
            else:
                raise ValidationError(_("Accept or decline the invitation."))
        except ValidationError as problem:
            error = " ".join(problem.messages)
        else:
            blog = the_invitation.blog
            if accept:
                messages.success(request, _("Welcome to “%(title)s”.") % {"title": blog.title})
                return redirect(blog_reverse(blog.name, "blogs:membership"))
            messages.success(request, _("You declined the invitation."))
            return redirect("platform:dashboard")
    return render(request, "blogs/invitation.html", {"invitation": the_invitation, "error": error})
