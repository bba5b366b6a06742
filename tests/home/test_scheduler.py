from datetime import timedelta

import pytest
import time_machine

from django.core.management import call_command
from django.utils import timezone

from home.scheduling import registered_jobs, run_due_jobs

pytestmark = pytest.mark.django_db


def test_home_jobs_are_registered():
    names = {job.name for job in registered_jobs()}
    assert {"home.retry_due_emails", "home.purge_sent_emails"} <= names


def test_each_job_runs_once_per_period():
    first = run_due_jobs()
    assert "home.retry_due_emails" in first
    assert run_due_jobs() == []
    with time_machine.travel(timezone.now() + timedelta(minutes=2)):
        again = run_due_jobs()
    assert "home.retry_due_emails" in again
    assert "home.purge_sent_emails" not in again


def test_run_scheduler_once(capsys):
    call_command("run_scheduler", "--once")
    out = capsys.readouterr().out
    assert "Enqueued home.retry_due_emails" in out
