"""Query budgets for an event page and a booking (issue 17). Each budget is what the request
made when it was set plus a small margin, and it does not grow with the bookings an event
already has: the same budget holds with none and with 40 (and a waiting list)."""

import pytest

from events.models import Registration
from tests.support.queries import within_budget

# Measured on 2026-12-02: the event page 15 queries, a booking 27 (28 onto the waiting list).
BUDGETS = {"event_page": 16, "book": 30}


@pytest.mark.parametrize("booked", [0, 40])
def test_event_page_and_booking_stay_within_their_query_budgets(client, make_event, booked):
    event = make_event(capacity=40)
    for number in range(booked + 3 if booked else 0):
        Registration.objects.create(
            event=event,
            first_name=f"Person {number}",
            email=f"person{number}@example.org",
            status=Registration.Status.CONFIRMED
            if number < booked
            else Registration.Status.WAITLISTED,
        )
    client.get(event.url)  # the first request warms the process's caches

    assert within_budget(BUDGETS, "event_page", lambda: client.get(event.url)).status_code == 200
    booking = within_budget(
        BUDGETS,
        "book",
        lambda: client.post(event.url, {"first_name": "Amara", "email": "amara@example.org"}),
    )
    assert booking.status_code == 302
    assert Registration.objects.filter(email="amara@example.org").exists()
