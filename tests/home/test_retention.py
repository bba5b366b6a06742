import logging
from datetime import UTC, datetime, timedelta

import pytest
import time_machine

from django.utils import timezone

from home import retention
from home.scheduling import registered_jobs, run_due_jobs
from language.redaction import redact

pytestmark = pytest.mark.django_db

KEEP_FOR = timedelta(days=30)


class FakeStore:
    """Stands in for an app's answers: (submitted_at, text, contact_email)."""

    def __init__(self):
        start = datetime(2026, 1, 1, 12, tzinfo=UTC)
        self.rows = [
            {"at": start, "text": "call me on 07700 900123", "email": "a@example.org"},
            {"at": start + timedelta(days=20), "text": "email b@example.org", "email": "b@x.org"},
            {"at": start + timedelta(days=40), "text": "near SW1A 1AA", "email": "c@x.org"},
        ]
        self.calls = []

    def apply(self, now):
        self.calls.append(now)
        counts = {"emails_removed": 0, "texts_redacted": 0}
        for row in self.rows:
            if row["at"] + KEEP_FOR > now:
                continue
            if row["email"]:
                row["email"] = ""
                counts["emails_removed"] += 1
            redacted = redact(row["text"])
            if redacted != row["text"]:
                row["text"] = redacted
                counts["texts_redacted"] += 1
        return counts


@pytest.fixture
def store():
    fake = FakeStore()
    retention.register_retention("tests.fake", fake.apply)
    yield fake
    retention.unregister_retention("tests.fake")


def test_retention_job_is_scheduled_daily():
    job = {job.name: job for job in registered_jobs()}["home.apply_retention"]
    assert job.every == timedelta(days=1)
    assert job.task is retention.apply_retention_task


def test_retention_applies_by_frozen_time_and_is_idempotent(store, caplog):
    caplog.set_level(logging.INFO, logger="vru.retention")
    with time_machine.travel(datetime(2026, 2, 5, 3, tzinfo=UTC), tick=False):
        first = retention.apply_retention()
        second = retention.apply_retention()
    # Only the first row is over 30 days old on 5 February.
    assert first["tests.fake"] == {"emails_removed": 1, "texts_redacted": 1}
    assert second["tests.fake"] == {"emails_removed": 0, "texts_redacted": 0}
    assert store.rows[0] == {"at": store.rows[0]["at"], "text": "call me on [phone]", "email": ""}
    assert store.rows[1]["email"] == "b@x.org"
    assert store.calls == [datetime(2026, 2, 5, 3, tzinfo=UTC)] * 2

    with time_machine.travel(datetime(2026, 4, 1, tzinfo=UTC), tick=False):
        later = retention.apply_retention()
    assert later["tests.fake"] == {"emails_removed": 2, "texts_redacted": 2}
    assert [row["text"] for row in store.rows] == [
        "call me on [phone]",
        "email [email]",
        "near [postcode]",
    ]
    # The log says what was done, in counts, never the data.
    logged = caplog.text
    assert "tests.fake" in logged and "emails_removed=1" in logged
    assert "07700" not in logged and "example.org" not in logged and "SW1A" not in logged


def test_scheduler_runs_retention_once_a_day(store):
    with time_machine.travel(datetime(2026, 3, 1, 2, tzinfo=UTC), tick=False):
        assert "home.apply_retention" in run_due_jobs()
        assert "home.apply_retention" not in run_due_jobs()
    assert len(store.calls) == 1
    with time_machine.travel(datetime(2026, 3, 2, 2, 1, tzinfo=UTC), tick=False):
        assert "home.apply_retention" in run_due_jobs()
    assert len(store.calls) == 2
    assert store.calls[-1] == timezone.make_aware(datetime(2026, 3, 2, 2, 1), UTC)


def test_one_failing_function_does_not_stop_the_others(store, caplog):
    def broken(now):
        raise RuntimeError("database went away")

    retention.register_retention("tests.broken", broken)
    try:
        with time_machine.travel(datetime(2026, 4, 1, tzinfo=UTC), tick=False):
            results = retention.apply_retention()
    finally:
        retention.unregister_retention("tests.broken")
    assert results["tests.broken"] == {"failed": 1}
    assert results["tests.fake"]["emails_removed"] == 3
    assert "Retention tests.broken failed" in caplog.text
