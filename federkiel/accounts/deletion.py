"""Deleting one's own account, with or without what one wrote."""

from __future__ import annotations

from django.db import transaction
from django.db.models import Exists, OuterRef
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from federkiel.accounts.models import User
from federkiel.blogs.models import Blog, Membership, Role
from federkiel.mail.outbox import queue_mail
from federkiel.media.removal import delete_uploads_of, remove_blog_files_on_commit
from federkiel.porting.jobs import remove_uploads_of as remove_import_uploads_of
from federkiel.search.indexing import forget_author
from federkiel.stories.models import Story


def sole_owned_blogs(user: User) -> list[Blog]:
    """Blogs the user owns with nobody else: they go when the account goes."""
    other_owners = Membership.objects.filter(blog=OuterRef("pk"), role=Role.OWNER).exclude(
        user=user
    )
    return list(
        Blog.objects.filter(memberships__user=user, memberships__role=Role.OWNER)
        .exclude(Exists(other_owners))
        .order_by("name")
    )


def is_last_administrator(user: User) -> bool:
    return (
        user.is_superuser
        and not User.objects.filter(is_superuser=True, is_active=True).exclude(pk=user.pk).exists()
    )


def delete_account(user: User, *, keep_writing: bool) -> list[str]:
    """Delete the account, its sole-owned blogs and, unless kept, its stories and uploads.

    Kept stories and uploads stay on their blogs without an author ("a former member").
    Returns the names of the blogs deleted with the account.
    """
    with transaction.atomic():
        blogs = sole_owned_blogs(user)
        names = [blog.name for blog in blogs]
        remove_blog_files_on_commit([blog.pk for blog in blogs])
        Blog.objects.filter(pk__in=[blog.pk for blog in blogs]).delete()
        if not keep_writing:
            Story.objects.filter(author=user).delete()
            delete_uploads_of(user)
        remove_import_uploads_of(user)
        context = {"user": user, "blogs": names, "kept": keep_writing}
        queue_mail(
            user.email,
            _("Your account %(username)s has been deleted") % {"username": user.username},
            render_to_string("accounts/mail/account_deleted.txt", context),
        )
        forget_author(user)
        user.delete()
    return names
