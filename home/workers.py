"""Tasks whose worker was killed are retried, or given up with a clear reason.

django-tasks-db marks a task "running" when a worker takes it, and only the same worker marks
it finished. A worker that is killed (out of memory, a deploy that does not wait, a lost
machine) leaves the task "running" for ever, and whatever it was doing (an export file, a
theme run, screening a new answer) never happens. So:

- `manage.py run_worker` is `db_worker` with a heartbeat: a thread writes the worker's row in
  `TaskWorker` every `HEARTBEAT_SECONDS`; the row is deleted when the worker stops cleanly.
- `recover_stalled_tasks()`, a scheduled job, finds running tasks whose worker has not been
  seen for `settings.TASK_WORKER_STALE_SECONDS`. A task that has been tried fewer than
  `MAX_ATTEMPTS` times is put back in the queue (its own row, so whatever points at it stays
  right); one that has failed this way `MAX_ATTEMPTS` times is marked failed, so a task that
  kills its worker cannot kill every worker in turn.
- Before either, the app that owns the task is told (`register_stall_handler`), so the
  domain state matches: an export "being prepared" goes back to "waiting", or to "failed"
  with a reason the analyst can read.

Tasks run by a worker that never had a heartbeat (plain `db_worker`, the test suite's batch
runs) are left alone: we cannot tell whether such a worker is alive.
"""

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from django.conf import settings
from django.db import close_old_connections, connection, transaction
from django.utils import timezone

from home.models import TaskWorker

logger = logging.getLogger("vru.workers")

HEARTBEAT_SECONDS = 10
MAX_ATTEMPTS = 2
# Rows of workers that stopped without saying so are kept this long, then forgotten.
FORGET_WORKERS_AFTER = timedelta(days=1)


class WorkerStopped(Exception):
    """Recorded on a task whose worker stopped while running it, too many times."""


@dataclass(frozen=True)
class StallHandler:
    retry: Callable[..., None]  # called with the task's own arguments before it is queued again
    give_up: Callable[..., None]  # called with the task's own arguments when it is marked failed


_handlers: dict[str, StallHandler] = {}


def register_stall_handler(task, *, retry: Callable, give_up: Callable) -> None:
    """`task` is a django-tasks Task. Its owner keeps its own records in step with a retry
    or a give-up; both are called inside the transaction that changes the task."""
    _handlers[task.module_path] = StallHandler(retry=retry, give_up=give_up)


def stale_after() -> timedelta:
    return timedelta(seconds=settings.TASK_WORKER_STALE_SECONDS)


def beat(worker_id: str) -> None:
    now = timezone.now()
    # One UPDATE a beat; the row is made by the first beat (each worker id is its own).
    if not TaskWorker.objects.filter(worker_id=worker_id).update(seen_at=now):
        TaskWorker.objects.create(worker_id=worker_id, seen_at=now, started_at=now)


class Heartbeat:
    """The thread that keeps a worker's row fresh while the worker runs."""

    def __init__(self, worker_id: str, every: float = HEARTBEAT_SECONDS):
        self.worker_id = worker_id
        self.every = every
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="worker-heartbeat", daemon=True)

    def start(self) -> None:
        beat(self.worker_id)  # before the first task is taken
        self._thread.start()

    def _run(self) -> None:
        while not self._stop.wait(self.every):
            try:
                beat(self.worker_id)
            except Exception:  # a database blip: the next beat tries again
                logger.exception("Worker %s could not write its heartbeat", self.worker_id)
            finally:
                close_old_connections()
        connection.close()

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(timeout=self.every + 5)
        TaskWorker.objects.filter(worker_id=self.worker_id).delete()


def recover_stalled_tasks(now=None) -> dict[str, int]:
    """Retry or give up the tasks of workers that stopped. Returns the counts."""
    now = now or timezone.now()
    cutoff = now - stale_after()
    dead = set(TaskWorker.objects.filter(seen_at__lt=cutoff).values_list("worker_id", flat=True))
    counts = {"retried": 0, "failed": 0}
    if dead:
        running = DBTaskResult.objects.filter(
            status=TaskResultStatus.RUNNING, started_at__lt=cutoff
        ).only("id", "worker_ids")
        for task_id in [row.pk for row in running if row.worker_ids and row.worker_ids[-1] in dead]:
            outcome = _recover(task_id, dead)
            if outcome:
                counts[outcome] += 1
    TaskWorker.objects.filter(seen_at__lt=now - FORGET_WORKERS_AFTER).delete()
    return counts


def _recover(task_id, dead: set[str]) -> str | None:
    with transaction.atomic():
        row = (
            DBTaskResult.objects.select_for_update(skip_locked=True)
            .filter(pk=task_id, status=TaskResultStatus.RUNNING)
            .first()
        )
        if row is None or row.worker_ids[-1] not in dead:
            return None  # finished, or taken again, since we looked
        handler = _handlers.get(row.task_path)
        args, kwargs = row.args_kwargs.get("args", []), row.args_kwargs.get("kwargs", {})
        if len(row.worker_ids) < MAX_ATTEMPTS:
            if handler:
                handler.retry(*args, **kwargs)
            row.status, row.started_at = TaskResultStatus.READY, None
            row.save(update_fields=["status", "started_at"])
            logger.warning("Task %s (%s) lost its worker; queued again", row.pk, row.task_path)
            return "retried"
        if handler:
            handler.give_up(*args, **kwargs)
        row.set_failed(
            WorkerStopped(
                f"The task worker stopped while running this task, {len(row.worker_ids)} times."
            )
        )
        logger.error("Task %s (%s) lost its worker again; given up", row.pk, row.task_path)
        return "failed"


def register_claimed_job(task, model, *, reason: str) -> None:
    """For a task whose one argument is the id of a `model` row that the task claims by
    moving it from `Status.QUEUED` to `Status.RUNNING` (an export job, a theme run): a retry
    puts the row back to waiting, a give-up marks it failed with `reason` in its `error`."""

    def row_id(*args, **kwargs):
        return args[0] if args else next(iter(kwargs.values()))

    def retry(*args, **kwargs):
        model.objects.filter(pk=row_id(*args, **kwargs), status=model.Status.RUNNING).update(
            status=model.Status.QUEUED
        )

    def give_up(*args, **kwargs):
        model.objects.filter(pk=row_id(*args, **kwargs), status=model.Status.RUNNING).update(
            status=model.Status.FAILED, error=reason[: model._meta.get_field("error").max_length]
        )

    register_stall_handler(task, retry=retry, give_up=give_up)
