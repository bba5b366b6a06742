"""Periodic jobs (email retries, reminders, retention) without a separate cron service.

Apps register jobs in their `apps.py` `ready()` with `register_job(...)`, then the `scheduler`
process (`manage.py run_scheduler`, in the Procfile) enqueues each due job as a django-tasks
task, so the work itself runs on the ordinary workers. Jobs must be idempotent: running one
twice, or late, is always safe. Last-run times live in the database (`ScheduledJobRun`), so
any number of scheduler processes can run without doing a job twice in one period.
"""

import logging
from dataclasses import dataclass
from datetime import timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone

logger = logging.getLogger("vru.scheduler")


@dataclass(frozen=True)
class ScheduledJob:
    name: str
    every: timedelta
    task: object  # a django_tasks Task taking no arguments


_registry: dict[str, ScheduledJob] = {}


def register_job(name: str, every: timedelta, task) -> None:
    """Register a django-tasks task (taking no arguments) to run every `every`."""
    _registry[name] = ScheduledJob(name=name, every=every, task=task)


def registered_jobs() -> list[ScheduledJob]:
    return sorted(_registry.values(), key=lambda job: job.name)


def run_due_jobs(now=None) -> list[str]:
    """Enqueue every job whose period has passed since it last ran; return their names."""
    from home.models import ScheduledJobRun

    now = now or timezone.now()
    enqueued = []
    for job in registered_jobs():
        with transaction.atomic():
            try:
                run, _ = ScheduledJobRun.objects.select_for_update().get_or_create(
                    name=job.name, defaults={"last_enqueued_at": None}
                )
            except IntegrityError:
                continue  # another scheduler created it this instant; it will run the job
            if run.last_enqueued_at and run.last_enqueued_at + job.every > now:
                continue
            run.last_enqueued_at = now
            run.save(update_fields=["last_enqueued_at"])
            job.task.enqueue()
            enqueued.append(job.name)
            logger.info("Enqueued scheduled job %s", job.name)
    return enqueued
