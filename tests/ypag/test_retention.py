"""Expressions of interest are deleted a year after they were sent, as the form promises."""

import uuid
from datetime import UTC, datetime, timedelta

import pytest
import time_machine

from home import retention
from safeguarding.models import SafeguardingFlag
from ypag import services
from ypag.models import YPAGInterest

pytestmark = pytest.mark.django_db

SENT = datetime(2026, 1, 10, 12, 0, tzinfo=UTC)


def send_interest(reason="I want to help younger kids in my area.", **overrides):
    data = {
        "submission_token": uuid.uuid4(),
        "age": 16,
        "borough": None,
        "reason": reason,
        "contact_email": "young.person@example.org",
        "consent": True,
        **overrides,
    }
    return services.record_interest(data)


def test_interests_are_deleted_a_year_after_they_were_sent_and_not_before():
    with time_machine.travel(SENT, tick=False):
        old = send_interest()
    with time_machine.travel(SENT + timedelta(days=200), tick=False):
        recent = send_interest()

    just_before = SENT + timedelta(days=365) - timedelta(minutes=1)
    assert retention.apply_retention(just_before)["ypag.interests"] == {"interests_deleted": 0}
    assert YPAGInterest.objects.count() == 2

    a_year_on = SENT + timedelta(days=365, minutes=1)
    assert retention.apply_retention(a_year_on)["ypag.interests"] == {"interests_deleted": 1}
    assert list(YPAGInterest.objects.all()) == [recent]
    assert not YPAGInterest.objects.filter(pk=old.pk).exists()

    # Idempotent: the same moment again changes nothing.
    assert retention.apply_retention(a_year_on)["ypag.interests"] == {"interests_deleted": 0}


def test_a_safeguarding_flag_outlives_the_interest_it_came_from():
    with time_machine.travel(SENT, tick=False):
        send_interest(reason="Older boys make me run drugs for them.")
    assert SafeguardingFlag.objects.count() == 1

    retention.apply_retention(SENT + timedelta(days=400))

    assert YPAGInterest.objects.count() == 0
    flag = SafeguardingFlag.objects.get()
    assert flag.source is None
    assert any("run drugs" in entry["text"] for entry in flag.flagged_texts)


def test_deleted_interests_take_their_stored_vectors_with_them():
    from tests.support.vectors import give_vector, vectors_of

    with time_machine.travel(SENT, tick=False):
        old = send_interest()
    give_vector(old, key="Why do you want to join?")
    retention.apply_retention(SENT + timedelta(days=366))
    assert vectors_of(old) == 0
