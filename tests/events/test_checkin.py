"""Checking people in at the door: references, the QR code's link, walk-ins and who may do
it, through real HTTP requests (docs/decisions/0028-check-in-at-the-door.md)."""

import re

import pytest

from django.test import Client

from events import checkin, services
from events.models import REFERENCE_ALPHABET, Registration
from tests.events.checkin_support import audit, messages_of, page_url
from tests.events.factories import staff_user

pytestmark = pytest.mark.django_db

Status = Registration.Status

# --- references --------------------------------------------------------------------------


def test_every_booking_gets_a_short_unambiguous_reference_unique_in_its_event(make_event):
    event = make_event()
    references = [
        services.book_place(event, first_name="A", email=f"p{number}@example.org").reference
        for number in range(30)
    ]
    assert len(set(references)) == 30
    for reference in references:
        assert len(reference) == 6
        assert set(reference) <= set(REFERENCE_ALPHABET)
        assert not set(reference) & set("0O1I")


def test_a_reference_taken_in_the_event_is_never_given_again(event, amara, monkeypatch):
    # The random source first repeats Amara's reference, then gives a fresh one.
    given = iter([amara.reference, "ZZZZZZ"])
    monkeypatch.setattr(services, "new_reference", lambda: next(given))
    bola = services.book_place(event, first_name="Bola", email="bola@example.org")
    assert bola.reference == "ZZZZZZ"


@pytest.mark.parametrize(
    ("typed", "expected"), [("k7pm3x", "K7PM3X"), (" K7P M3X ", "K7PM3X"), ("k7p-m3x", "K7PM3X")]
)
def test_typed_references_are_read_generously(typed, expected):
    assert checkin.normalise_reference(typed) == expected


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("", "Enter the booking reference"),
        ("K7PM3O", "never use 0, O, 1 or I"),
        ("K7P", "A reference is 6 letters and numbers"),
        ("K7PM3X9", "A reference is 6 letters and numbers"),
        ("K7PM3!", "A reference is 6 letters and numbers"),
    ],
)
def test_impossible_references_say_why(typed, message):
    with pytest.raises(checkin.InvalidReference, match=re.escape(message)):
        checkin.normalise_reference(typed)


# --- checking in by typed reference -------------------------------------------------------


def test_typed_reference_checks_in_once_however_often_it_is_sent(door, coordinator, event, amara):
    first = door.post(page_url(event), {"reference": amara.reference.lower()}, follow=True)
    assert first.redirect_chain == [(page_url(event), 302)]
    assert messages_of(first) == [f"Amara is checked in ({amara.reference})."]
    amara.refresh_from_db()
    assert amara.status == Status.ATTENDED
    attended_at = amara.attended_at

    # The connection dropped and the phone sent it again: counted once, and it says so.
    again = door.post(page_url(event), {"reference": amara.reference}, follow=True)
    [message] = messages_of(again)
    assert message.startswith("Amara was already checked in at ")
    assert "not counted them twice" in message
    amara.refresh_from_db()
    assert amara.attended_at == attended_at
    assert again.context["arrived_count"] == 1
    assert again.context["expected"] == []

    [entry] = audit(checkin.CHECK_IN_ACTION)
    assert entry.page_id == event.pk
    assert entry.data == {
        "registration": amara.pk,
        "reference": amara.reference,
        "how": "reference",
    }
    assert entry.user_id == coordinator.pk


def test_two_phones_at_the_door_agree(event, amara, coordinator):
    phones = [Client(), Client()]
    for phone in phones:
        phone.force_login(coordinator)
    answers = [
        messages_of(phone.post(page_url(event), {"reference": amara.reference}, follow=True))
        for phone in phones
    ]
    assert answers[0] == [f"Amara is checked in ({amara.reference})."]
    assert answers[1][0].startswith("Amara was already checked in at ")
    assert len(audit(checkin.CHECK_IN_ACTION)) == 1


@pytest.mark.parametrize(
    ("typed", "error"),
    [
        ("ZZZZZZ", "No booking for this event has the reference ZZZZZZ"),
        ("K7PM3O", "References never use 0, O, 1 or I"),
        ("x" * 40, "A reference is 6 letters and numbers"),
        ("", "Enter the booking reference"),
    ],
)
def test_bad_references_get_a_clear_error_and_change_nothing(door, event, amara, typed, error):
    response = door.post(page_url(event), {"reference": typed})
    assert response.status_code == 200
    html = response.content.decode()
    assert "There is a problem" in html and error in html
    assert "<title>Error: " in html
    amara.refresh_from_db()
    assert amara.status == Status.CONFIRMED
    assert audit(checkin.CHECK_IN_ACTION) == []


def test_a_reference_from_another_event_is_not_found(door, event, make_event, ypag):
    other = services.book_place(
        make_event(networks=[ypag]), first_name="Cleo", email="cleo@example.org"
    )
    response = door.post(page_url(event), {"reference": other.reference})
    assert "No booking for this event has the reference" in response.content.decode()
    other.refresh_from_db()
    assert other.status == Status.CONFIRMED


def test_people_without_a_confirmed_place_are_not_checked_in(door, make_event, ypag):
    event = make_event(capacity=1, networks=[ypag])
    services.book_place(event, first_name="Amara", email="amara@example.org")
    bola = services.book_place(event, first_name="Bola", email="bola@example.org")
    assert bola.status == Status.WAITLISTED
    response = door.post(page_url(event), {"reference": bola.reference}, follow=True)
    assert messages_of(response) == [
        "Bola is on the waiting list, so does not have a place. If there is room, add them "
        "as a walk-in."
    ]
    bola.refresh_from_db()
    assert bola.status == Status.WAITLISTED

    services.cancel_registration(bola)
    response = door.post(page_url(event), {"reference": bola.reference}, follow=True)
    assert "Bola's booking was cancelled." in messages_of(response)[0]


def test_the_page_lists_who_is_expected_and_who_has_arrived(
    door, event, amara, django_assert_max_num_queries
):
    bola = services.book_place(event, first_name="Bola", email="bola@example.org")
    checkin.check_in(bola, user=None, how="list")
    with django_assert_max_num_queries(20):
        response = door.get(page_url(event))
    assert response["Cache-Control"].count("no-store") == 1
    assert [registration.pk for registration in response.context["expected"]] == [amara.pk]
    assert [registration.pk for registration in response.context["arrived"]] == [bola.pk]
    html = response.content.decode()
    assert amara.reference in html and "Amara" in html and "Bola" in html
    # Names and references only: no emails or access needs on a phone at the door.
    assert "amara@example.org" not in html


# --- the QR code's link -------------------------------------------------------------------


def test_scanning_the_qr_code_checks_in_and_shows_the_result(door, event, amara):
    scan = amara.get_check_in_path()
    assert scan.startswith("/admin/events/attendees/check-in/")
    response = door.get(scan, follow=True)
    assert response.redirect_chain == [(page_url(event), 302)]
    assert messages_of(response) == [f"Amara is checked in ({amara.reference})."]
    again = door.get(scan, follow=True)
    assert messages_of(again)[0].startswith("Amara was already checked in at ")
    [entry] = audit(checkin.CHECK_IN_ACTION)
    assert entry.data["how"] == "scan"


@pytest.mark.parametrize(
    "mangle",
    [
        lambda token: token[:-1] + ("A" if token[-1] != "A" else "B"),
        lambda token: "nonsense",
        lambda token: "99999999999999999999:" + token.split(":", 1)[1],
        lambda token: token.split(":", 1)[0],
    ],
)
def test_a_forged_or_broken_qr_link_checks_no_one_in(door, event, amara, mangle):
    response = door.get(f"/admin/events/attendees/check-in/{mangle(amara.check_in_token)}/")
    assert response.status_code == 404
    assert "This check-in code does not work" in response.content.decode()
    amara.refresh_from_db()
    assert amara.status == Status.CONFIRMED


def test_one_bookings_qr_link_never_works_for_another(door, event, amara):
    bola = services.book_place(event, first_name="Bola", email="bola@example.org")
    signature = amara.check_in_token.split(":", 1)[1]
    response = door.get(f"/admin/events/attendees/check-in/{bola.pk}:{signature}/")
    assert response.status_code == 404


def test_anonymisation_kills_the_qr_link(event, amara):
    from events.privacy import _anonymise

    token = amara.check_in_token
    _anonymise([amara], amara.created_at)
    amara.refresh_from_db()
    assert not amara.check_check_in_token(token)


# --- who may use the door's page ----------------------------------------------------------


def test_signed_out_people_are_sent_to_sign_in_and_nothing_changes(client, event, amara):
    for response in (
        client.get(page_url(event)),
        client.get(amara.get_check_in_path()),
        client.post(page_url(event), {"reference": amara.reference}),
        client.post(f"{page_url(event)}walk-in/", {"first_name": "Sam"}),
        client.post(f"{page_url(event)}{amara.pk}/", {"action": "check_in"}),
    ):
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/")
    amara.refresh_from_db()
    assert amara.status == Status.CONFIRMED
    assert event.registrations.count() == 1


def test_the_booker_scanning_their_own_code_checks_no_one_in(client, event, amara):
    from tests.accounts.helpers import make_user

    client.force_login(make_user(email="amara@example.org"))
    response = client.get(amara.get_check_in_path())
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
    amara.refresh_from_db()
    assert amara.status == Status.CONFIRMED


def test_another_networks_coordinator_cannot_check_in(
    client, django_user_model, housing, event, amara
):
    from ypag.models import NetworkCoordinator

    outsider = staff_user(django_user_model, "view_attendees", username="outsider")
    NetworkCoordinator.objects.create(user=outsider, network=housing)
    client.force_login(outsider)
    for response in (
        client.get(page_url(event)),
        client.get(amara.get_check_in_path()),
        client.post(page_url(event), {"reference": amara.reference}),
        client.post(f"{page_url(event)}walk-in/", {"first_name": "Sam"}),
    ):
        # Wagtail's answer to PermissionDenied in the admin: back to the dashboard.
        assert response.status_code == 302
        assert response["Location"] == "/admin/"
    amara.refresh_from_db()
    assert amara.status == Status.CONFIRMED
    assert event.registrations.count() == 1


def test_every_post_needs_the_csrf_token(coordinator, event, amara):
    phone = Client(enforce_csrf_checks=True)
    phone.force_login(coordinator)
    for url, data in (
        (page_url(event), {"reference": amara.reference}),
        (f"{page_url(event)}walk-in/", {"first_name": "Sam"}),
        (f"{page_url(event)}{amara.pk}/", {"action": "check_in"}),
    ):
        assert phone.post(url, data).status_code == 403
    amara.refresh_from_db()
    assert amara.status == Status.CONFIRMED


# --- undo and walk-ins ---------------------------------------------------------------------


def test_undo_makes_a_booked_person_expected_again(door, event, amara):
    checkin.check_in(amara, user=None, how="scan")
    response = door.post(f"{page_url(event)}{amara.pk}/", {"action": "undo"}, follow=True)
    assert messages_of(response) == ["Amara is no longer checked in: they are expected again."]
    amara.refresh_from_db()
    assert amara.status == Status.CONFIRMED and amara.attended_at is None
    again = door.post(f"{page_url(event)}{amara.pk}/", {"action": "undo"}, follow=True)
    assert messages_of(again) == ["Amara was not checked in, so there was nothing to undo."]
    assert len(audit(checkin.UNDO_CHECK_IN_ACTION)) == 1

    listed = door.post(f"{page_url(event)}{amara.pk}/", {"action": "check_in"}, follow=True)
    assert messages_of(listed) == [f"Amara is checked in ({amara.reference})."]
    assert door.post(f"{page_url(event)}{amara.pk}/", {"action": "x"}).status_code == 302
    assert door.post(f"{page_url(event)}999999/", {"action": "undo"}).status_code == 404
