"""Uploading: check a file (size, quota, type by content), store it cleaned, queue versions."""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from federkiel.accounts.models import User
from federkiel.blogs.models import Blog
from federkiel.media import images, names, sniffing, storage
from federkiel.media.models import MediaFile
from federkiel.media.quota import bytes_used, quota_bytes
from federkiel.queue import enqueue_on_commit


class UploadRejected(Exception):
    """The file cannot be taken; the message says why, in the user's language."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def too_large_message(name: str) -> str:
    return _("“%(name)s” is larger than %(limit)s, the most a single file may have.") % {
        "name": names.clean_name(name),
        "limit": filesizeformat(settings.MEDIA_UPLOAD_MAX_BYTES),
    }


def check_size(blog: Blog, name: str, size: int) -> None:
    """Reject empty and too-large files and files that would exceed the blog's quota."""
    if size <= 0:
        raise UploadRejected(_("“%(name)s” is empty.") % {"name": names.clean_name(name)})
    if size > settings.MEDIA_UPLOAD_MAX_BYTES:
        raise UploadRejected(too_large_message(name))
    check_quota(blog, name, size)


def check_quota(blog: Blog, name: str, size: int) -> None:
    quota = quota_bytes(blog)
    used = bytes_used(blog)
    if used + size > quota:
        raise UploadRejected(
            _(
                "“%(name)s” (%(size)s) does not fit: this blog uses %(used)s of its "
                "%(quota)s for uploads. Delete files you no longer need, or ask the "
                "operator for more space."
            )
            % {
                "name": names.clean_name(name),
                "size": filesizeformat(size),
                "used": filesizeformat(used),
                "quota": filesizeformat(quota),
            }
        )


@contextmanager
def _local_copy(uploaded: UploadedFile) -> Iterator[Path]:
    """A path to the upload's bytes: Django's temporary file, or one made for small uploads."""
    temporary_path = getattr(uploaded, "temporary_file_path", None)
    if temporary_path is not None:
        yield Path(temporary_path())
        return
    with tempfile.NamedTemporaryFile(prefix="federkiel-upload-") as handle:
        uploaded.seek(0)
        for chunk in uploaded.chunks():
            handle.write(chunk)
        handle.flush()
        yield Path(handle.name)


def upload(blog: Blog, user: User, uploaded: UploadedFile, alt_text: str = "") -> MediaFile:
    """Store an upload of `user` on `blog`. Raises UploadRejected with a message for people.

    The type is found from the content: JPEG, PNG, GIF and WebP become images (cleaned
    of metadata, versions made in the background); everything else is kept as a file
    that is only ever offered as a download. A file named like an image must be one.
    """
    name = names.clean_name(uploaded.name or "")
    size = int(uploaded.size or 0)
    check_size(blog, name, size)
    with _local_copy(uploaded) as source:
        info = _inspect(name, source)
        key = storage.new_key()
        folder = storage.upload_folder(blog.pk, key)
        storage.make_folder(folder)
        try:
            media = _store(blog, user, name, alt_text, key, folder, source, info)
        except BaseException:
            storage.remove_tree(folder)
            raise
    return media


def _inspect(name: str, source: Path) -> images.ImageInfo | None:
    try:
        info = images.inspect(source)
    except images.TooManyPixels:
        raise UploadRejected(_too_many_pixels(name)) from None
    except images.BrokenImage:
        raise UploadRejected(_not_an_image(name)) from None
    if info is None and names.claims_image(name):
        raise UploadRejected(_not_an_image(name))
    return info


def _not_an_image(name: str) -> str:
    return _(
        "“%(name)s” is not an image we can read. Images must be JPEG, PNG, GIF or WebP files."
    ) % {"name": name}


def _too_many_pixels(name: str) -> str:
    return _(
        "“%(name)s” has too many pixels (more than %(megapixels)s megapixels). "
        "Please make it smaller and upload it again."
    ) % {"name": name, "megapixels": images.MAX_IMAGE_PIXELS // 1_000_000}


def _store(
    blog: Blog,
    user: User,
    name: str,
    alt_text: str,
    key: str,
    folder: Path,
    source: Path,
    info: images.ImageInfo | None,
) -> MediaFile:
    media = MediaFile(blog=blog, uploaded_by=user, key=key, alt_text=alt_text.strip())
    if info is not None:
        try:
            data, width, height = images.clean_original(source, info)
        except images.TooManyPixels:
            raise UploadRejected(_too_many_pixels(name)) from None
        except images.BrokenImage:
            raise UploadRejected(_not_an_image(name)) from None
        media.kind = MediaFile.Kind.IMAGE
        media.name = names.with_extension(name, info.extension)
        media.content_type = info.content_type
        media.stored_name = f"original.{info.extension}"
        media.width, media.height, media.animated = width, height, info.animated
        storage.write_atomically(folder / media.stored_name, data)
    else:
        media.kind = MediaFile.Kind.FILE
        media.name = name
        media.content_type = sniffing.sniff(source)
        # Never the uploader's extension on disk: a web server cannot be fooled by it.
        media.stored_name = "original.bin"
        target = folder / media.stored_name
        shutil.copyfile(source, target)
        target.chmod(settings.FILE_UPLOAD_PERMISSIONS or 0o644)
    media.size = (folder / media.stored_name).stat().st_size
    with transaction.atomic():
        # One upload at a time per blog, so two cannot both squeeze under the quota.
        Blog.objects.select_for_update().filter(pk=blog.pk).values_list("pk").first()
        check_quota(blog, name, media.size)
        media.save(force_insert=True)
        if media.is_image:
            from federkiel.media.tasks import make_versions

            enqueue_on_commit(make_versions, media.pk)
    return media
