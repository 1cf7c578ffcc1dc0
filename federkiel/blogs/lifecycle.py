"""Creating and deleting blogs."""

from __future__ import annotations

from django.db import transaction

from federkiel.accounts.models import User
from federkiel.blogs.models import Blog, Membership, Role
from federkiel.media.removal import remove_blog_files_on_commit
from federkiel.sidebar.arranging import add_default_modules


def create_blog(blog: Blog, creator: User) -> Blog:
    """Save a new, validated blog with its creator as owner and the default sidebar.

    Raises IntegrityError when the name was taken in the meantime.
    """
    with transaction.atomic():
        blog.save(force_insert=True)
        Membership.objects.create(blog=blog, user=creator, role=Role.OWNER)
        add_default_modules(blog)
    return blog


def delete_blog(blog: Blog) -> None:
    """Delete a blog with everything in it (stories, members, invitations, uploads)."""
    with transaction.atomic():
        remove_blog_files_on_commit([blog.pk])
        blog.delete()
