"""Import jobs: an uploaded file waiting in the data dir, imported by a background task.

The job row says how it went; while the task runs, its progress lives in the cache
(the import's own transaction keeps its writes invisible until it ends, so progress
cannot go to the database).
"""

from __future__ import annotations

import logging
import secrets
import shutil
from datetime import timedelta
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from federkiel.accounts.models import User
from federkiel.porting import detect
from federkiel.porting.canonical import PortingError
from federkiel.porting.loader import existing_time_zone, load
from federkiel.porting.models import ImportJob
from federkiel.porting.report import report_lines
from federkiel.queue import enqueue_on_commit

log = logging.getLogger(__name__)

UPLOAD_FOLDER = "imports"
PROGRESS_SECONDS = 24 * 3600
# A job running this long has lost its worker (the largest imports take minutes).
INTERRUPTED_AFTER = timedelta(hours=6)


def uploads_folder() -> Path:
    return Path(settings.DATA_DIR) / UPLOAD_FOLDER


def _progress_key(job_id: int) -> str:
    return f"porting:import:{job_id}:progress"


def _keep_upload(uploaded: UploadedFile) -> Path:
    """Move (or copy) the uploaded file into the data dir under a random name."""
    folder = uploads_folder()
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    target = folder / f"{secrets.token_hex(16)}.upload"
    temporary_path = getattr(uploaded, "temporary_file_path", None)
    if temporary_path is not None:
        shutil.move(temporary_path(), target)
    else:
        with target.open("wb") as out:
            for chunk in uploaded.chunks():
                out.write(chunk)
    target.chmod(0o600)
    return target


def start_import(
    owner: User,
    blog_name: str,
    uploaded: UploadedFile,
    *,
    time_zone: str = "",
    language: str = "",
) -> ImportJob:
    """Keep the upload and queue its import; the task starts once this commits."""
    path = _keep_upload(uploaded)
    try:
        with transaction.atomic():
            job = ImportJob.objects.create(
                blog_name=blog_name,
                owner=owner,
                upload_path=path.relative_to(Path(settings.DATA_DIR)).as_posix(),
                original_name=(uploaded.name or "")[:200],
                time_zone=time_zone,
                language=language,
                interface_language=translation.get_language() or settings.LANGUAGE_CODE,
            )
            from federkiel.porting.tasks import import_job

            enqueue_on_commit(import_job, job.pk)
    except BaseException:
        path.unlink(missing_ok=True)
        raise
    return job


def claim(job_id: int) -> ImportJob | None:
    """Mark a queued job running; None when it is gone or another run took it."""
    with transaction.atomic():
        taken = ImportJob.objects.filter(pk=job_id, state=ImportJob.State.QUEUED).update(
            state=ImportJob.State.RUNNING, started_at=timezone.now()
        )
    if not taken:
        return None
    return ImportJob.objects.select_related("owner").get(pk=job_id)


def run_job(job_id: int) -> None:
    """Import a queued job's file into its blog (once, however often it is called)."""
    job = claim(job_id)
    if job is None:
        return
    with translation.override(job.interface_language or settings.LANGUAGE_CODE):
        try:
            _import(job)
        except PortingError as error:
            _fail(job, error.message, error.item)
        except Exception:
            log.exception("import job %s failed", job.pk)
            _fail(
                job,
                _("The import failed because of an error on the server. Nothing was imported."),
                "",
            )
        finally:
            _remove_upload(job)
            cache.delete(_progress_key(job.pk))


def _import(job: ImportJob) -> None:
    path = Path(settings.DATA_DIR) / job.upload_path

    def progress(fraction: float, label: str) -> None:
        cache.set(_progress_key(job.pk), {"fraction": fraction, "label": label}, PROGRESS_SECONDS)

    with detect.opened(
        path,
        time_zone=job.time_zone or None,
        default_time_zone=existing_time_zone(job.blog_name),
        limit=settings.IMPORT_MAX_BYTES,
    ) as (fmt, source):
        ImportJob.objects.filter(pk=job.pk).update(format=fmt.key)
        job.format = fmt.key
        result = load(
            source,
            blog_name=job.blog_name,
            owner=job.owner,
            language=job.language or None,
            time_zone=job.time_zone or None,
            match_users=False,
            progress=progress,
        )
    job.state = ImportJob.State.DONE
    job.progress = 1.0
    job.counts = result.counts()
    job.warnings = result.warnings
    job.skipped = result.skipped
    job.finished_at = timezone.now()
    job.save(update_fields=["state", "progress", "counts", "warnings", "skipped", "finished_at"])


def _fail(job: ImportJob, message: str, item: str) -> None:
    job.state = ImportJob.State.FAILED
    job.error_message = str(message)
    job.error_item = str(item)[:300]
    job.finished_at = timezone.now()
    job.save(update_fields=["state", "error_message", "error_item", "finished_at"])


def _remove_upload(job: ImportJob) -> None:
    if job.upload_path:
        (Path(settings.DATA_DIR) / job.upload_path).unlink(missing_ok=True)
        ImportJob.objects.filter(pk=job.pk).update(upload_path="")
        job.upload_path = ""


def fail_interrupted(older_than: timedelta = INTERRUPTED_AFTER) -> int:
    """Jobs left running by a worker that stopped (their transaction was rolled back):
    mark them failed and delete their uploads. Returns how many."""
    stuck = ImportJob.objects.filter(
        state=ImportJob.State.RUNNING, started_at__lt=timezone.now() - older_than
    )
    count = 0
    for job in stuck:
        with translation.override(job.interface_language or settings.LANGUAGE_CODE):
            message = _(
                "The import was interrupted (the server stopped). Nothing was imported; "
                "please start it again."
            )
        taken = ImportJob.objects.filter(pk=job.pk, state=ImportJob.State.RUNNING).update(
            state=ImportJob.State.FAILED, error_message=message, finished_at=timezone.now()
        )
        if taken:
            _remove_upload(job)
            cache.delete(_progress_key(job.pk))
            count += 1
    return count


def remove_uploads_of(user: User) -> None:
    """Call in the transaction that deletes `user`: their waiting uploads go after it."""
    paths = [
        Path(settings.DATA_DIR) / p
        for p in ImportJob.objects.filter(owner=user)
        .exclude(upload_path="")
        .values_list("upload_path", flat=True)
    ]

    def remove() -> None:
        for path in paths:
            path.unlink(missing_ok=True)

    if paths:
        transaction.on_commit(remove, robust=True)


def status(job: ImportJob) -> dict[str, Any]:
    """What the job page shows, also as JSON for its polling script."""
    fraction, label = job.progress, job.progress_label
    if job.state == ImportJob.State.RUNNING:
        live = cache.get(_progress_key(job.pk))
        if isinstance(live, dict):
            fraction, label = float(live.get("fraction", 0.0)), str(live.get("label", ""))
    return {
        "state": job.state,
        "state_label": str(job.get_state_display()),
        "finished": job.finished,
        "progress": round(fraction, 4),
        "label": label,
        "counts": job.counts,
        "notes": report_lines(job.warnings, job.skipped)
        if job.state == ImportJob.State.DONE
        else [],
        "error": job.error_message,
        "item": job.error_item,
    }
