from django.db import models
from django.utils import timezone


class TaskWorker(models.Model):
    """A running task worker (`manage.py run_worker`), and when it last said it was alive.

    The worker writes `seen_at` every few seconds from a thread of its own and deletes its row
    when it stops cleanly. A row that stops being updated is a worker that was killed: the
    tasks it was running are found and retried by `home.workers.recover_stalled_tasks`."""

    worker_id = models.CharField(max_length=64, unique=True)
    started_at = models.DateTimeField(default=timezone.now)
    seen_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return self.worker_id
