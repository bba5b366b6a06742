"""A burst of flags cannot flood the Safeguarding leads' inboxes: a few alerts each, then one
summary with the count; every flag is always in the queue."""

import contextlib
import threading
from datetime import timedelta

import pytest
import time_machine

from django.contrib.auth.models import Group, User
from django.db import connection, transaction
from django.utils import timezone

from home.models import OutboundEmail, SupportService
from home.scheduling import registered_jobs
from safeguarding import alerts, services, tasks
from safeguarding.models import SafeguardingFlag

pytestmark = pytest.mark.django_db

DISCLOSURE = "my stepdad hits me and I want to die"


@pytest.fixture
def leads():
    users = []
    for name in ("lead", "deputy"):
        user = User.objects.create_user(name, f"{name}@example.org", "pw-123456789")
        user.groups.add(Group.objects.get(name="Safeguarding lead"))
        users.append(user)
    return users


def raise_flags(count):
    start = SupportService.objects.count()
    for n in range(start, start + count):
        source = SupportService.objects.create(name=f"Source {n}", description="x")
        assert services.screen_and_flag(
            source, {"Your answer": DISCLOSURE}, source_label=f"Consultation response R{n - start}"
        )


def alert_emails():
    return list(OutboundEmail.objects.filter(purpose=alerts.ALERT_PURPOSE).order_by("pk"))


def test_a_burst_sends_a_few_alerts_then_one_summary_and_the_queue_is_complete(leads):
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        raise_flags(200)
        assert SafeguardingFlag.objects.count() == 200  # the queue is always complete
        emails = alert_emails()
        assert len(emails) == alerts.ALERTS_PER_WINDOW
        assert all(
            sorted(email.to) == ["deputy@example.org", "lead@example.org"] for email in emails
        )
        held = SafeguardingFlag.objects.filter(alerted_at__isnull=True)
        assert held.count() == 200 - alerts.ALERTS_PER_WINDOW

        # The window is full: the every-minute job waits.
        assert tasks.send_held_alerts.enqueue().return_value == 0
        assert len(alert_emails()) == alerts.ALERTS_PER_WINDOW

        traveller.shift(alerts.ALERT_WINDOW + timedelta(seconds=1))
        assert tasks.send_held_alerts.enqueue().return_value == 195
        summary = alert_emails()[-1]
        assert summary.subject.startswith("195 more safeguarding flags")
        # Oldest first, up to 50 named, the rest counted.
        assert "Consultation response R5 (" in summary.body_text
        assert "Consultation response R54 (" in summary.body_text
        assert "Consultation response R55 (" not in summary.body_text
        assert "and 145 more" in summary.body_text
        assert DISCLOSURE not in summary.body_text + summary.subject
        assert not SafeguardingFlag.objects.filter(alerted_at__isnull=True).exists()
        assert len(alert_emails()) == alerts.ALERTS_PER_WINDOW + 1

        # Quiet again: the next flag gets its own alert at once.
        raise_flags(1)
        assert len(alert_emails()) == alerts.ALERTS_PER_WINDOW + 2
        assert tasks.send_held_alerts.enqueue().return_value == 0


def test_a_new_flag_joins_held_ones_rather_than_jumping_ahead(leads):
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        raise_flags(alerts.ALERTS_PER_WINDOW + 1)
        traveller.shift(alerts.ALERT_WINDOW + timedelta(seconds=1))
        raise_flags(1)  # room again, but one is still held: it waits for the summary
        assert len(alert_emails()) == alerts.ALERTS_PER_WINDOW
        assert alerts.send_held_alerts() == 2
        assert alert_emails()[-1].subject.startswith("2 more safeguarding flags")


def test_the_summary_job_is_scheduled():
    assert "safeguarding.send_held_alerts" in {job.name for job in registered_jobs()}


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_flags_at_once_cannot_both_take_the_last_alert(leads, monkeypatch):
    """Two servers raise a flag at the same moment with one place left in the window: one gets
    an alert, the other is held. Each decision waits (briefly) for the other to have counted
    too, so without the lock both would see room."""
    for n in range(alerts.ALERTS_PER_WINDOW - 1):
        OutboundEmail.objects.create(
            purpose=alerts.ALERT_PURPOSE,
            to=["lead@example.org"],
            subject=f"Earlier {n}",
            body_text="x",
            next_attempt_at=timezone.now(),
        )
    sources = [SupportService.objects.create(name=f"At once {n}", description="x") for n in (1, 2)]
    counted = threading.Barrier(2)
    room_in_window = alerts._room_in_window

    def count_then_wait_for_the_other(now):
        room = room_in_window(now)
        # Broken when the other is waiting for the lock, as it should be.
        with contextlib.suppress(threading.BrokenBarrierError):
            counted.wait(timeout=1)
        return room

    monkeypatch.setattr(alerts, "_room_in_window", count_then_wait_for_the_other)
    errors = []

    def flag(source):
        try:
            with transaction.atomic():
                services.screen_and_flag(source, {"Your answer": DISCLOSURE}, source_label="R")
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=flag, args=(source,)) for source in sources]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    assert SafeguardingFlag.objects.count() == 2
    assert len(alert_emails()) == alerts.ALERTS_PER_WINDOW
    assert SafeguardingFlag.objects.filter(alerted_at__isnull=True).count() == 1
