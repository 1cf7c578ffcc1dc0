"""Background tasks of the porting app (huey)."""

from __future__ import annotations

from huey.contrib.djhuey import db_task

from federkiel.porting.jobs import run_job


@db_task()
def import_job(job_id: int) -> None:
    # No retries: a failed import says why on its page; running it again would not help.
    run_job(job_id)
