"""Bookings made before references existed each get one (events 0003), unique in their
event, and walk-ins without an email do not trip the one-booking-per-email rule."""

import pytest

from django.db import IntegrityError, transaction
from django.utils import timezone

from events.models import REFERENCE_ALPHABET, Registration
from tests.events.factories import create_event, create_event_index
from tests.support.migrations import migrate_to

BEFORE = [("events", "0002_registration_parent_name")]


@pytest.mark.django_db(transaction=True)
def test_existing_bookings_get_their_own_references():
    index = create_event_index()
    events = [create_event(index), create_event(index)]
    try:
        executor = migrate_to(BEFORE)
        old = executor.loader.project_state(BEFORE[0]).apps
        OldRegistration = old.get_model("events", "Registration")
        OldRegistration.objects.bulk_create(
            OldRegistration(
                event_id=event.pk,
                first_name="A",
                email=f"person{number}@example.org",
                status="confirmed",
                created_at=timezone.now(),
            )
            for event in events
            for number in range(40)
        )
    finally:
        migrate_to(None)

    references = list(Registration.objects.values_list("event_id", "reference"))
    assert len(references) == 80
    assert len(set(references)) == 80
    assert all(len(reference) == 6 for _, reference in references)
    assert all(set(reference) <= set(REFERENCE_ALPHABET) for _, reference in references)
    # The random default applies again to new rows.
    new = Registration.objects.create(
        event=events[0], first_name="B", email="b@example.org", status="confirmed"
    )
    assert new.reference and (events[0].pk, new.reference) not in references

    # Two walk-ins (no email) at one event are fine; one reference twice is not.
    for _ in range(2):
        Registration.objects.create(
            event=events[0], first_name="Walk-in", email="", status="attended", walk_in=True
        )
    with pytest.raises(IntegrityError), transaction.atomic():
        Registration.objects.create(
            event=events[0], first_name="C", email="c@example.org", reference=new.reference
        )
