"""Many people booking the last places at the same moment, on a real PostgreSQL database."""

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest

from django.db import connection, connections

from events import services
from events.models import Registration

from .factories import create_event, create_event_index

BOOKERS = 60
PLACES = 10

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="needs PostgreSQL row locks (DATABASE_URL)"
    ),
]


@pytest.mark.django_db(transaction=True)
def test_simultaneous_bookings_never_exceed_capacity_and_waitlist_in_order():
    event = create_event(create_event_index(), capacity=PLACES)
    start_together = threading.Barrier(BOOKERS)

    def book(number: int):
        try:
            start_together.wait()
            registration = services.book_place(
                event, first_name=f"Person {number}", email=f"person{number}@example.org"
            )
            return registration.pk, registration.status
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=BOOKERS) as pool:
        results = list(pool.map(book, range(BOOKERS)))

    assert len(results) == BOOKERS  # no thread raised
    registrations = list(Registration.objects.filter(event=event).order_by("pk"))
    assert len(registrations) == BOOKERS
    statuses = [registration.status for registration in registrations]
    assert statuses.count(Registration.Status.CONFIRMED) == PLACES
    assert statuses.count(Registration.Status.WAITLISTED) == BOOKERS - PLACES
    # The lock serialises bookings, so the first ten rows written got the places and the
    # waiting list is in the order people were queued.
    assert statuses == [Registration.Status.CONFIRMED] * PLACES + [
        Registration.Status.WAITLISTED
    ] * (BOOKERS - PLACES)
    positions = [registration.waitlist_position() for registration in registrations[PLACES:]]
    assert positions == list(range(1, BOOKERS - PLACES + 1))

    # Cancelling a confirmed place promotes exactly the first person waiting.
    promoted = services.cancel_registration(registrations[0])
    assert promoted.pk == registrations[PLACES].pk
    assert (
        Registration.objects.filter(event=event, status__in=Registration.PLACE_STATUSES).count()
        == PLACES
    )


@pytest.mark.django_db(transaction=True)
def test_simultaneous_scans_and_walk_ins_count_once_and_respect_capacity():
    """Phones at the door all scanning one person, and walk-ins racing for the last places."""
    from wagtail.models import PageLogEntry

    from events import checkin

    event = create_event(create_event_index(), capacity=4)
    amara = services.book_place(event, first_name="Amara", email="amara@example.org")
    phones = 8
    start_together = threading.Barrier(phones)

    def at_the_door(number: int):
        try:
            start_together.wait()
            if number % 2:
                return checkin.check_in(amara, user=None, how="scan").outcome
            try:
                return checkin.add_walk_in(
                    event, first_name=f"Walk-in {number}", key=f"key-{number}", user=None
                ).outcome
            except services.EventFull:
                return "full"
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=phones) as pool:
        outcomes = list(pool.map(at_the_door, range(phones)))

    scans = outcomes[1::2]
    assert sorted(scans) == sorted([checkin.CheckIn.CHECKED_IN] + [checkin.CheckIn.ALREADY] * 3)
    assert PageLogEntry.objects.filter(action=checkin.CHECK_IN_ACTION).count() == 1
    # Four walk-ins for three free places: one is turned away.
    assert sorted(outcomes[0::2]) == sorted([checkin.CheckIn.CHECKED_IN] * 3 + ["full"])
    assert event.registrations.holding_a_place().count() == 4
