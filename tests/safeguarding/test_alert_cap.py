"""A burst of flags cannot flood the Safeguarding leads' inboxes: a few alerts each, then one
summary with the count; every flag is always in the queue."""

from datetime import timedelta

import pytest
import time_machine

from django.contrib.auth.models import Group, User
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
