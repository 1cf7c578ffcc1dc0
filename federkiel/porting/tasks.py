"""Background tasks of the porting app (huey)."""

from __future__ import annotations

import logging

from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

from federkiel.porting.jobs import fail_interrupted, run_job

log = logging.getLogger(__name__)


@db_task()
def import_job(job_id: int) -> None:
    # No retries: a failed import says why on its page; running it again would not help.
    run_job(job_id)


@db_periodic_task(crontab(minute="23"))
def fail_interrupted_imports() -> None:
    count = fail_interrupted()
    if count:
        log.warning("marked %d interrupted import jobs as failed", count)
