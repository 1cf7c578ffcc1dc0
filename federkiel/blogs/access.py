"""The one way views fetch a blog and its members: look up and check permission together."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest

from federkiel.blogs.models import Blog, Invitation, Membership
from federkiel.blogs.permissions import Action, can, can_view


class SignInRequired(PermissionDenied):
    """Denied to an anonymous visitor who may see the blog; answered with the sign-in page."""


def get_blog(request: HttpRequest, name: str, action: Action = Action.VIEW) -> Blog:
    """A blog the requester may act on. Invisible and missing blogs are the same 404."""
    blog = Blog.objects.filter(name=name).first()
    if blog is None:
        raise Http404("No such blog.")
    if can(request.user, blog, action):
        return blog
    if not can_view(blog, request.user):
        raise Http404("No such blog.")
    if not request.user.is_authenticated:
        raise SignInRequired
    raise PermissionDenied


def get_membership(blog: Blog, user_id: int) -> Membership:
    """A membership of a blog already fetched through `get_blog`; else 404."""
    # `user__pk`, not `user_id`: Django answers an id beyond the column's range with no row
    # only for the primary key; a foreign key column would pass it to the database, which fails.
    membership = blog.memberships.select_related("user").filter(user__pk=user_id).first()
    if membership is None:
        raise Http404("No such member.")
    return membership


def get_blog_invitation(blog: Blog, pk: int) -> Invitation:
    """A pending invitation of a blog already fetched through `get_blog`; else 404."""
    invitation = blog.invitations.filter(pk=pk, status=Invitation.Status.PENDING).first()
    if invitation is None:
        raise Http404("No such invitation.")
    return invitation


def get_invitation(key: str) -> Invitation:
    """An invitation by the key in its link; whether it is the requester's is checked by
    `Invitation.is_for` so that the wrong account sees a clear message."""
    invitation = Invitation.objects.select_related("blog", "invited_by").filter(key=key).first()
    if invitation is None:
        raise Http404("No such invitation.")
    return invitation
