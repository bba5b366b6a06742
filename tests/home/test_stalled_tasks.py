"""A task whose worker is killed is retried once, then given up with a reason; the owner's
records (an export job) follow. Real `manage.py run_worker` processes, killed with SIGKILL."""

import signal
import subprocess
import time
from pathlib import Path

import pytest
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from django.db import connection
from django.test import override_settings

from consultations.models import ExportJob
from consultations.tasks import prepare_feedback_export
from home.models import TaskWorker
from home.workers import recover_stalled_tasks
from tests.home.worker_tasks import write_then_wait
from tests.support.workers import start_worker, wait_for

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
]
DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.fixture(autouse=True)
def postgres_only():
    if connection.vendor != "postgresql":
        pytest.skip("the worker process shares the test database: PostgreSQL only")


def kill(worker: subprocess.Popen) -> None:
    worker.send_signal(signal.SIGKILL)
    worker.wait(timeout=10)


def starts(path: Path) -> int:
    return path.read_text().count("started") if path.exists() else 0


def long_task_on_a_worker(tmp_path):
    """A ten-minute task, and a worker that has started it."""
    marker = tmp_path / "marker"
    result = write_then_wait.enqueue(str(marker), 600)
    worker = start_worker()
    try:
        wait_for(lambda: starts(marker) == 1)
    except BaseException:
        worker.kill()
        raise
    return marker, result, worker


@override_settings(TASKS=DATABASE_TASKS, TASK_WORKER_STALE_SECONDS=1)
def test_a_killed_workers_task_runs_again_on_another_worker(tmp_path):
    marker, result, first = long_task_on_a_worker(tmp_path)
    try:
        assert TaskWorker.objects.count() == 1
        kill(first)
    finally:
        first.kill()
    row = DBTaskResult.objects.get(pk=result.id)
    assert row.status == TaskResultStatus.RUNNING  # what django-tasks-db leaves behind

    time.sleep(1.5)  # the dead worker's heartbeat is now older than TASK_WORKER_STALE_SECONDS
    assert recover_stalled_tasks() == {"retried": 1, "failed": 0}
    row.refresh_from_db()
    assert row.status == TaskResultStatus.READY

    second = start_worker()
    try:
        wait_for(lambda: starts(marker) == 2)
        row.refresh_from_db()
        assert row.status == TaskResultStatus.RUNNING
        assert len(row.worker_ids) == 2 and row.worker_ids[0] != row.worker_ids[1]
        kill(second)
    finally:
        second.kill()

    # Killed a second time: marked failed with a reason, not retried for ever.
    time.sleep(1.5)
    assert recover_stalled_tasks() == {"retried": 0, "failed": 1}
    row.refresh_from_db()
    assert row.status == TaskResultStatus.FAILED
    assert "stopped while running this task, 2 times" in row.traceback
    assert starts(marker) == 2


@override_settings(TASKS=DATABASE_TASKS, TASK_WORKER_STALE_SECONDS=60)
def test_a_live_worker_and_a_worker_without_heartbeat_are_left_alone(tmp_path):
    _, result, worker = long_task_on_a_worker(tmp_path)
    try:
        time.sleep(1.5)
        # Its heartbeat is fresh: the task is running, not stalled.
        assert recover_stalled_tasks() == {"retried": 0, "failed": 0}
        assert DBTaskResult.objects.get(pk=result.id).status == TaskResultStatus.RUNNING
    finally:
        kill(worker)
    # A task taken by a worker we know nothing about (plain db_worker) is never touched.
    DBTaskResult.objects.filter(pk=result.id).update(worker_ids=["a-plain-db-worker"])
    TaskWorker.objects.update(seen_at="2000-01-01T00:00Z")
    assert recover_stalled_tasks() == {"retried": 0, "failed": 0}


@pytest.mark.parametrize("wait_before_stopping", [0, 2])
@override_settings(TASKS=DATABASE_TASKS)
def test_a_clean_stop_removes_the_heartbeat(tmp_path, wait_before_stopping):
    # Stopped at once (before db_worker has its own signal handlers) and once it is running.
    worker = start_worker()
    try:
        wait_for(lambda: TaskWorker.objects.exists())
        time.sleep(wait_before_stopping)
        worker.send_signal(signal.SIGTERM)
        assert worker.wait(timeout=30) == 0
    finally:
        worker.kill()
    assert not TaskWorker.objects.exists()


def stalled_export(attempts: int) -> tuple[ExportJob, DBTaskResult]:
    """An export job "being prepared" by a worker that was killed `attempts` times."""
    job = ExportJob.objects.create(kind="responses", file_format="csv", status="running")
    result = prepare_feedback_export.enqueue(job.pk)
    TaskWorker.objects.create(worker_id="gone", seen_at="2000-01-01T00:00Z")
    DBTaskResult.objects.filter(pk=result.id).update(
        status=TaskResultStatus.RUNNING,
        started_at="2000-01-01T00:00Z",
        worker_ids=["gone"] * attempts,
    )
    return job, DBTaskResult.objects.get(pk=result.id)


@override_settings(TASKS=DATABASE_TASKS)
def test_an_export_being_prepared_goes_back_to_waiting_then_fails_with_a_reason():
    job, row = stalled_export(attempts=1)
    assert recover_stalled_tasks()["retried"] == 1
    job.refresh_from_db()
    assert job.status == ExportJob.Status.QUEUED  # so prepare_export takes it again

    job, row = stalled_export(attempts=2)
    assert recover_stalled_tasks()["failed"] == 1
    job.refresh_from_db()
    assert job.status == ExportJob.Status.FAILED
    assert job.error == "the background worker stopped twice while preparing it"
