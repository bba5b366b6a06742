"""Settings for the worker processes tests/home/test_stalled_tasks.py starts: the test settings,
with the database task backend, on the test database (DATABASE_URL)."""

from config.settings.test import *  # noqa: F403

TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
TASK_WORKER_STALE_SECONDS = 3
