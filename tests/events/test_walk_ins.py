"""Walk-ins at the door: added once however often the form is sent, counted apart from
bookings, within the event's capacity (docs/decisions/0028-check-in-at-the-door.md)."""

import pytest

from events import checkin, services
from events.models import Registration
from tests.events.checkin_support import audit, messages_of, page_url

pytestmark = pytest.mark.django_db

Status = Registration.Status


def test_a_walk_in_is_attended_counted_separately_and_added_once(door, make_event, ypag):
    event = make_event(capacity=4, networks=[ypag])
    services.book_place(event, first_name="Amara", email="amara@example.org")
    page = door.get(page_url(event))
    key = page.context["walk_in_form"]["key"].value()
    assert key
    data = {"first_name": "  Sam  ", "key": key}
    response = door.post(f"{page_url(event)}walk-in/", data, follow=True)
    assert messages_of(response) == ["Sam is added as a walk-in and checked in."]
    # The same form sent again (a retry) adds no one.
    again = door.post(f"{page_url(event)}walk-in/", data, follow=True)
    assert messages_of(again)[0].startswith("Sam was already added as a walk-in at ")
    [sam] = event.registrations.filter(walk_in=True)
    assert (sam.first_name, sam.email, sam.status) == ("Sam", "", Status.ATTENDED)
    assert again.context["walk_in_count"] == 1
    assert again.context["booked_arrived_count"] == 0
    assert again.context["places_left"] == 2
    [entry] = audit(checkin.WALK_IN_ACTION)
    assert entry.data == {"registration": sam.pk, "reference": sam.reference}

    # An old page's form (the back button) with another name is a new person.
    back = door.post(f"{page_url(event)}walk-in/", {"first_name": "Jo", "key": key}, follow=True)
    assert messages_of(back) == ["Jo is added as a walk-in and checked in."]
    assert event.registrations.filter(walk_in=True).count() == 2

    # No name given: "Walk-in". Each form has its own key, so the next walk-in is added.
    fresh = door.get(page_url(event)).context["walk_in_form"]["key"].value()
    assert fresh != key
    door.post(f"{page_url(event)}walk-in/", {"first_name": "", "key": fresh})
    assert event.registrations.filter(first_name="Walk-in", walk_in=True).count() == 1


def test_walk_ins_respect_the_capacity(door, make_event, ypag):
    event = make_event(capacity=1, networks=[ypag])
    services.book_place(event, first_name="Amara", email="amara@example.org")
    response = door.post(f"{page_url(event)}walk-in/", {"first_name": "Sam"}, follow=True)
    assert messages_of(response) == [
        "There are no places left, so you cannot add a walk-in. Every place is taken by "
        "someone booked or already here."
    ]
    assert not event.registrations.filter(walk_in=True).exists()


def test_undoing_a_walk_in_frees_the_place_for_the_waiting_list(door, make_event, ypag):
    event = make_event(capacity=1, networks=[ypag])
    sam = checkin.add_walk_in(event, first_name="Sam", key="", user=None).registration
    bola = services.book_place(event, first_name="Bola", email="bola@example.org")
    assert bola.status == Status.WAITLISTED
    response = door.post(f"{page_url(event)}{sam.pk}/", {"action": "undo"}, follow=True)
    assert messages_of(response) == ["Sam is no longer listed as a walk-in."]
    sam.refresh_from_db()
    bola.refresh_from_db()
    assert sam.status == Status.CANCELLED
    assert bola.status == Status.CONFIRMED


def test_a_walk_in_name_that_is_too_long_is_refused_plainly(door, event):
    response = door.post(f"{page_url(event)}walk-in/", {"first_name": "x" * 81})
    assert response.status_code == 200
    assert "Keep the name to 80 characters or fewer" in response.content.decode()
    assert not event.registrations.exists()
