"""Tasks for tests/home/test_stalled_tasks.py, run by a real worker process."""

import time
from pathlib import Path

from django_tasks import task


@task()
def write_then_wait(path: str, seconds: float) -> str:
    """Say it started (a line in `path`), then take `seconds` to finish."""
    with Path(path).open("a") as started:
        started.write("started\n")
    time.sleep(seconds)
    return "finished"
