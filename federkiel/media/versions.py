"""Making an image's smaller versions and thumbnail (run by the background task)."""

from __future__ import annotations

import logging

from django.db import transaction

from federkiel.media import images, storage
from federkiel.media.models import MediaFile

log = logging.getLogger(__name__)


def build_versions(media_id: int) -> bool:
    """Write the versions of one image and record them. Safe to run twice; False if gone."""
    media = MediaFile.objects.filter(pk=media_id, kind=MediaFile.Kind.IMAGE).first()
    if media is None:
        return False
    folder = storage.upload_folder(media.blog_id, media.key)
    original = folder / media.stored_name
    info = images.inspect(original)
    if info is None:
        log.warning("media %s: the stored original is not an image", media_id)
        return False
    made = images.make_versions(original, info)
    for version in made:
        storage.write_atomically(folder / version.file, version.data)
    record = {
        version.label: {
            "file": version.file,
            "width": version.width,
            "height": version.height,
            "size": len(version.data),
        }
        for version in made
    }
    with transaction.atomic():
        updated = MediaFile.objects.filter(pk=media_id).update(
            versions=record, derived_size=sum(len(version.data) for version in made)
        )
    if not updated:
        # Deleted while we worked: take our files with it.
        storage.remove_tree(folder)
        return False
    return True
