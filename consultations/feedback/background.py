"""Large exports, prepared by a background task instead of inside a web request.

An export with more rows than `settings.FEEDBACK_EXPORT_BACKGROUND_ROWS` would outlive
gunicorn's worker timeout if streamed, so the view asks for it to be prepared instead: an
`ExportJob` row is created and a django-tasks task writes the file, then puts it in the export
storage (`export_storage()`: object storage when `STORAGES["private_exports"]` is set, so web
servers and the worker need no shared disk; otherwise the folder `settings.PRIVATE_EXPORT_ROOT`).
Either way it is private: outside MEDIA_ROOT, never served by URL. The file is
downloaded through a view that checks permission, and deleted after
`settings.FEEDBACK_EXPORT_KEEP_DAYS` by the scheduled job `purge_expired_exports`.

The export is written to Wagtail's audit log (with a `FeedbackExport` row) when the file is
made; every download is logged as well.
"""

import logging
import secrets
import time
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.core.files import File
from django.core.files.storage import FileSystemStorage, Storage, storages
from django.db import transaction
from django.http import QueryDict
from django.utils import timezone

from wagtail.log_actions import log

from consultations.models import ExportJob

from . import exports
from .queries import ResponseFilterSet
from .services import DOWNLOAD_EXPORT

logger = logging.getLogger("vru.feedback.exports")

PARTIAL_SUFFIX = ".part"


# Writing a spreadsheet row costs several times a CSV or JSON row (about 0.4 ms against
# 0.05 ms measured at 100,000 responses, docs/performance.md): XLSX moves to the background
# at a fifth of the rows, so no streamed export comes near the 30 s worker timeout.
XLSX_SLOWER = 5


def background_threshold(file_format: str = "csv") -> int:
    """Exports with more rows than this are prepared in the background."""
    rows = settings.FEEDBACK_EXPORT_BACKGROUND_ROWS
    return rows // XLSX_SLOWER if file_format == "xlsx" else rows


def keep_for() -> timedelta:
    return timedelta(days=settings.FEEDBACK_EXPORT_KEEP_DAYS)


def export_root() -> Path:
    return Path(settings.PRIVATE_EXPORT_ROOT)


def export_storage() -> Storage:
    """Where finished export files are kept: the `private_exports` storage when one is
    configured (object storage in production, decision 0031), else the private folder."""
    if "private_exports" in settings.STORAGES:
        return storages["private_exports"]
    return FileSystemStorage(location=export_root())


class _WrittenFile(File):
    """A finished file in the worker's own folder. The file-system storage moves it into
    place (no second copy); object storage uploads it."""

    def temporary_file_path(self) -> str:
        return self.name


def _stored_name(job: ExportJob) -> str | None:
    """The job's file name, if it is one this module could have made: never a path."""
    name = job.file_name
    if not name or name != Path(name).name or name.startswith("."):
        return None
    return name


def open_export(job: ExportJob) -> File | None:
    """The job's file, opened for reading, or None if it has none or it has gone."""
    name = _stored_name(job)
    if name is None:
        return None
    storage = export_storage()
    try:
        return storage.open(name, "rb") if storage.exists(name) else None
    except OSError:
        return None


def _filter_params(params: QueryDict) -> dict[str, list[str]]:
    """Only the listing filters, as lists of strings (JSON-safe, and a QueryDict again later)."""
    names = set(ResponseFilterSet.base_filters)
    return {key: params.getlist(key) for key in params if key in names}


def _query_dict(query: dict[str, list[str]]) -> QueryDict:
    params = QueryDict(mutable=True)
    for key, values in query.items():
        params.setlist(key, values)
    return params


def request_export(
    user,
    *,
    params: QueryDict,
    filters: dict,
    kind: str,
    file_format: str,
    redacted: bool,
    coded_only: bool,
) -> ExportJob:
    """Record a background export and enqueue the task that prepares it. The task row commits
    with the job, so a job is never left without a task to run it."""
    from consultations.tasks import prepare_feedback_export

    with transaction.atomic():
        job = ExportJob.objects.create(
            requested_by=user,
            kind=kind,
            file_format=file_format,
            query=_filter_params(params),
            filters=filters,
            redacted=redacted,
            coded_only=coded_only,
            expires_at=timezone.now() + keep_for(),
        )
        prepare_feedback_export.enqueue(job.pk)
    return job


class _CountedRows:
    """Passes an export's rows through, counting them: the audit records what the file holds,
    not the count taken before it was written."""

    def __init__(self, rows):
        self.rows = rows
        self.count = 0

    def __iter__(self):
        for row in self.rows:
            self.count += 1
            yield row


def prepare_export(job_id: int) -> str:
    """Write a queued job's file and audit it. Returns what happened. Idempotent: a job that
    is not waiting (already done, taken by another worker, expired) is left alone."""
    with transaction.atomic():
        job = (
            ExportJob.objects.select_for_update(skip_locked=True)
            .filter(pk=job_id, status=ExportJob.Status.QUEUED)
            .first()
        )
        if job is None:
            return "skipped"
        job.status = ExportJob.Status.RUNNING
        job.save(update_fields=["status"])

    root = export_root()
    root.mkdir(parents=True, exist_ok=True)
    # Unguessable, though the folder is never served: nothing but this module reads it.
    name = f"{job.pk}-{secrets.token_hex(16)}.{job.file_format}"
    partial = root / (name + PARTIAL_SUFFIX)
    started = time.perf_counter()
    try:
        export, filters = exports.build_export(
            _query_dict(job.query),
            kind=job.kind,
            redacted=job.redacted,
            coded_only=job.coded_only,
            file_format=job.file_format,
            user=job.requested_by,
        )
        export.rows = written = _CountedRows(export.rows)
        exports.write_file(export, job.file_format, partial)
        size = partial.stat().st_size
        with _WrittenFile(open(partial, "rb"), name=str(partial)) as finished:
            name = export_storage().save(name, finished)
        partial.unlink(missing_ok=True)
    except Exception as error:
        partial.unlink(missing_ok=True)
        logger.exception("Feedback export job %s failed", job.pk)
        ExportJob.objects.filter(pk=job.pk).update(
            status=ExportJob.Status.FAILED,
            error=type(error).__name__[:200],
            finished_at=timezone.now(),
        )
        return "failed"

    export.row_count = written.count
    now = timezone.now()
    try:
        _finish(job, export, filters, name, size, now)
    except Exception:
        export_storage().delete(name)
        raise
    logger.info(
        "Feedback export job %s: %s rows in %.1f s",
        job.pk,
        job.row_count,
        time.perf_counter() - started,
    )
    return "done"


def _finish(job: ExportJob, export, filters: dict, name: str, size: int, now) -> None:
    with transaction.atomic():
        job.record = exports.record_export(
            export,
            file_format=job.file_format,
            filters=filters,
            redacted=job.redacted,
            user=job.requested_by,
            extra={"background": True, "job": job.pk},
        )
        job.filters = filters
        job.status = ExportJob.Status.DONE
        job.row_count = export.row_count
        job.file_name = name
        job.file_size = size
        job.finished_at = now
        job.expires_at = now + keep_for()
        job.save()


def can_download(user, job: ExportJob) -> bool:
    """The same permissions as the export itself, and only the person who asked for it or a
    feedback manager."""
    if not (
        user.has_perm("consultations.view_response")
        and user.has_perm("consultations.export_response")
    ):
        return False
    if not job.redacted and not user.has_perm("consultations.export_unredacted"):
        return False
    return job.requested_by_id == user.pk or user.has_perm("consultations.manage_feedback_exports")


def record_download(job: ExportJob, user) -> None:
    log(
        instance=job.record or job,
        action=DOWNLOAD_EXPORT,
        user=user,
        data={"job": job.pk, "kind": job.kind, "format": job.file_format, "rows": job.row_count},
    )


def purge_expired_exports(now=None) -> int:
    """Delete the files of exports past their expiry and mark them expired; also remove
    half-written files a crashed worker left in its folder. Returns how many jobs expired."""
    now = now or timezone.now()
    expired = 0
    storage = export_storage()
    for job in ExportJob.objects.expired(now).order_by("pk").iterator():
        if name := _stored_name(job):
            storage.delete(name)
        ExportJob.objects.filter(pk=job.pk).update(
            status=ExportJob.Status.EXPIRED, file_name="", file_size=0
        )
        expired += 1
    root = export_root()
    if root.is_dir():
        stale = (now - timedelta(days=1)).timestamp()
        for partial in root.glob(f"*{PARTIAL_SUFFIX}"):
            if partial.stat().st_mtime < stale:
                partial.unlink(missing_ok=True)
    return expired
