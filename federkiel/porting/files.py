"""Storing an import's files through the media app (type by content, quota, versions)."""

from __future__ import annotations

import hashlib
import hmac
from pathlib import Path

from django.core.files.uploadedfile import TemporaryUploadedFile
from django.utils.translation import gettext as _

from federkiel.accounts.models import User
from federkiel.blogs.models import Blog
from federkiel.media import storage
from federkiel.media.models import MediaFile
from federkiel.media.uploading import UploadRejected, upload
from federkiel.porting.canonical import MediaRecord, PortingError

CHUNK = 1024 * 1024


def store_media(
    blog: Blog, uploader: User, record: MediaRecord, item: str, created: list[Path]
) -> MediaFile:
    """Store the record's bytes as an upload of `uploader`; its folder is added to
    `created` so a failed import can remove it again."""
    expected = record.sha256.strip().lower()
    digest = hashlib.sha256()
    with TemporaryUploadedFile(record.name or "file", "application/octet-stream", 0, None) as tmp:
        try:
            with record.open() as handle:
                while chunk := handle.read(CHUNK):
                    digest.update(chunk)
                    tmp.write(chunk)
        except PortingError:
            raise
        except OSError as error:
            raise PortingError(
                _("The file could not be read (%(error)s).") % {"error": error}, item
            ) from None
        tmp.flush()
        tmp.size = tmp.tell()
        if expected and not hmac.compare_digest(digest.hexdigest(), expected):
            raise PortingError(_("The file's content does not match its checksum."), item)
        try:
            media = upload(blog, uploader, tmp, alt_text=record.alt_text[:500])
        except UploadRejected as rejected:
            raise PortingError(rejected.message, item) from None
    created.append(storage.upload_folder(blog.pk, media.key))
    return media
