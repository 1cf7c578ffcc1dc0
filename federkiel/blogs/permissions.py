"""Who may do what on a blog. The table in docs/permissions.md is tested cell by cell."""

from __future__ import annotations

from enum import StrEnum
from typing import TYPE_CHECKING, Any

from federkiel.blogs.models import ROLE_RANK, Role, Visibility

if TYPE_CHECKING:
    from federkiel.blogs.models import Blog


class Action(StrEnum):
    VIEW = "view"  # read the blog and its published stories
    SUBSCRIBE = "subscribe"  # follow the blog as a subscriber
    LEAVE = "leave"  # end one's own membership (also: unsubscribe)
    WRITE = "write"  # create stories, edit and delete one's own
    VIEW_DRAFTS = "view_drafts"  # see everyone's drafts and scheduled stories
    EDIT_ANY = "edit_any"  # edit and delete every story
    MODERATE = "moderate"  # comments: approve, mark spam, delete, block
    SETTINGS = "settings"  # change blog settings
    LAYOUT = "layout"  # change layout and sidebar
    MEMBERS = "members"  # invite, change roles, remove members
    DELETE_BLOG = "delete_blog"
    IMPORT = "import"  # import an export file into the blog
    EXPORT = "export"  # download the whole blog as an export zip
    STATS = "stats"  # see the blog's statistics: views, top stories, referring sites


# The lowest role that may perform an action on a blog it can see.
MINIMUM_ROLE: dict[Action, Role] = {
    Action.WRITE: Role.CONTRIBUTOR,
    Action.VIEW_DRAFTS: Role.MANAGER,
    Action.EDIT_ANY: Role.MANAGER,
    Action.MODERATE: Role.MANAGER,
    Action.SETTINGS: Role.OWNER,
    Action.LAYOUT: Role.OWNER,
    Action.MEMBERS: Role.OWNER,
    Action.DELETE_BLOG: Role.OWNER,
    Action.IMPORT: Role.OWNER,
    Action.EXPORT: Role.OWNER,
    Action.STATS: Role.MANAGER,
}


def _signed_in(user: Any) -> bool:
    return user is not None and bool(user.is_authenticated)


def can_view(blog: Blog, user: Any) -> bool:
    if _signed_in(user) and user.is_superuser:
        return True
    if blog.visibility == Visibility.PUBLIC:
        return True
    role = blog.role_of(user)
    if role is None:
        return False
    if blog.visibility == Visibility.RESTRICTED:
        return True
    return role == Role.OWNER


def can(user: Any, blog: Blog, action: Action) -> bool:
    """Whether `user` (possibly anonymous) may perform `action` on `blog`."""
    if action == Action.LEAVE:
        # Any member may end their membership, even of a blog closed to them.
        return _signed_in(user) and blog.role_of(user) is not None
    if not can_view(blog, user):
        return False
    if action == Action.VIEW:
        return True
    if not _signed_in(user):
        return False
    role = blog.role_of(user)
    if action == Action.SUBSCRIBE:
        # Outsiders may follow a public blog; restricted blogs take members by invitation.
        return role is None and blog.visibility == Visibility.PUBLIC
    if user.is_superuser:
        return True
    if role is None:
        return False
    return ROLE_RANK[role] >= ROLE_RANK[MINIMUM_ROLE[action]]
