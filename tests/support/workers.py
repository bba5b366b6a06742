"""Real task workers for tests: `manage.py run_worker` in its own process, on the test
database (PostgreSQL only: the worker process must see what the test committed)."""

import os
import subprocess
import sys
import time
from pathlib import Path

from django.db import connection

REPO = Path(__file__).resolve().parents[2]


def start_worker(
    *extra: str, settings_module: str = "tests.home.worker_settings", env: dict | None = None
) -> subprocess.Popen:
    """Start a worker with `settings_module` (the test settings with the database task
    backend) and any extra environment; the caller stops or kills it."""
    settings = connection.settings_dict
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": settings_module,
        "DATABASE_URL": (
            f"postgres://{settings['USER'] or 'postgres'}@{settings['HOST'] or '127.0.0.1'}"
            f":{settings['PORT'] or 5432}/{settings['NAME']}"
        ),
        "PYTHONPATH": os.pathsep.join([str(REPO), str(REPO / "site")]),
        **(env or {}),
    }
    return subprocess.Popen(  # noqa: S603 - our own manage.py, fixed arguments
        [
            sys.executable,
            "manage.py",
            "run_worker",
            "--interval",
            "0.2",
            "--verbosity",
            "0",
            *extra,
        ],
        cwd=REPO,
        env=environment,
    )


def wait_for(condition, seconds=60):
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.2)
