"""Deleting uploads: rows in the transaction, files on disk once it has committed."""

from __future__ import annotations

import time
from collections.abc import Iterable
from pathlib import Path

from django.db import transaction

from federkiel.accounts.models import User
from federkiel.blogs.models import Blog
from federkiel.media import storage
from federkiel.media.models import MediaFile


def _remove_on_commit(folders: list[Path]) -> None:
    def remove() -> None:
        for folder in folders:
            storage.remove_tree(folder)

    if folders:
        transaction.on_commit(remove, robust=True)


def delete_media(media: MediaFile) -> None:
    folder = storage.upload_folder(media.blog_id, media.key)
    with transaction.atomic():
        media.delete()
        _remove_on_commit([folder])


def remove_blog_files_on_commit(blog_ids: Iterable[int]) -> None:
    """Call in the transaction that deletes these blogs: their folders go after it commits."""
    _remove_on_commit([storage.blog_folder(pk) for pk in blog_ids])


def delete_uploads_of(user: User) -> int:
    """Delete everything `user` uploaded, on every blog (their files after commit)."""
    with transaction.atomic():
        uploads = MediaFile.objects.filter(uploaded_by=user)
        folders = [storage.upload_folder(b, k) for b, k in uploads.values_list("blog_id", "key")]
        count, _ = uploads.delete()
        _remove_on_commit(folders)
    return count


def sweep_orphans(min_age_seconds: int = 24 * 3600) -> list[str]:
    """Remove folders no row points to: left by deletions that bypassed the functions above
    (the Django admin) or by a crash. Young folders are skipped (an upload may be under way).
    Returns what was removed, relative to MEDIA_ROOT."""
    root = storage.media_root()
    if not root.is_dir():
        return []
    cutoff = time.time() - min_age_seconds
    blog_ids = set(Blog.objects.values_list("pk", flat=True))
    removed = []
    for blog_folder in root.iterdir():
        if not blog_folder.is_dir() or not blog_folder.name.isdigit():
            continue
        if int(blog_folder.name) not in blog_ids:
            storage.remove_tree(blog_folder)
            removed.append(storage.relative(blog_folder))
            continue
        keys = set(
            MediaFile.objects.filter(blog_id=int(blog_folder.name)).values_list("key", flat=True)
        )
        for folder in blog_folder.iterdir():
            if folder.is_dir() and folder.name not in keys and folder.stat().st_mtime < cutoff:
                storage.remove_tree(folder)
                removed.append(storage.relative(folder))
    return removed
