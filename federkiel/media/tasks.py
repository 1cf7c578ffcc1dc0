"""Background tasks of the media app (huey)."""

from __future__ import annotations

import logging

from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

from federkiel.media.removal import sweep_orphans
from federkiel.media.versions import build_versions

log = logging.getLogger(__name__)


@db_task(retries=2, retry_delay=60)
def make_versions(media_id: int) -> None:
    build_versions(media_id)


@db_periodic_task(crontab(hour="4", minute="41"))
def sweep_orphaned_media() -> None:
    removed = sweep_orphans()
    if removed:
        log.info("removed %d orphaned media folders", len(removed))
