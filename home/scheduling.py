"""Periodic jobs (email retries, reminders, retention) without a separate cron service.

Apps register jobs in their `apps.py` `ready()` with `register_job(...)`, then the `scheduler`
process (`manage.py run_scheduler`, in the Procfile) enqueues each due job as a django-tasks
task, so the work itself runs on the ordinary workers. Jobs must be idempotent: running one
twice, or late, is always safe. Last-run times live in the database (`ScheduledJobRun`), so
any number of scheduler processes can run without doing a job twice in one period.

A job can also be made of parts that other apps add: `register_part(job, name, function)`.
The daily retention job (home/retention.py) is one: each app that holds personal data adds
its retention function as a part, and the job runs every part. Jobs and parts live in this
one registry, so `manage.py run_scheduler` lists everything that runs on a schedule.
"""

import logging
from collections.abc import Callable
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


@dataclass(frozen=True)
class JobPart:
    job: str  # the name of the job that runs it
    name: str
    function: Callable


_registry: dict[str, ScheduledJob | JobPart] = {}


def register_job(name: str, every: timedelta, task) -> None:
    """Register a django-tasks task (taking no arguments) to run every `every`."""
    _registry[name] = ScheduledJob(name=name, every=every, task=task)


def register_part(job: str, name: str, function: Callable) -> None:
    """Register (or replace) `function` as the part called `name` of the job called `job`.
    What a part takes and returns is up to that job (see home/retention.py)."""
    _registry[f"{job}/{name}"] = JobPart(job=job, name=name, function=function)


def unregister_part(job: str, name: str) -> None:
    _registry.pop(f"{job}/{name}", None)


def registered_jobs() -> list[ScheduledJob]:
    jobs = (entry for entry in _registry.values() if isinstance(entry, ScheduledJob))
    return sorted(jobs, key=lambda job: job.name)


def job_parts(job: str) -> dict[str, Callable]:
    """The parts of `job`, {name: function}, by name."""
    parts = [e for e in _registry.values() if isinstance(e, JobPart) and e.job == job]
    return {part.name: part.function for part in sorted(parts, key=lambda part: part.name)}


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
