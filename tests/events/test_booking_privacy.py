"""Issue 20: the booking form never hands out someone else's booking, visitors cannot flood
anyone's inbox through it, and personal links end when their booking does."""

import re
from datetime import timedelta

import pytest
import time_machine

from django.core import mail
from django.test import Client
from django.utils import timezone

from events import privacy, services
from events.models import EventPage, Registration

pytestmark = pytest.mark.django_db

Status = Registration.Status
JOIN = "https://meet.example.org/private-room-42"
DISCLOSURE = "I have epilepsy and my stepdad must not know where I am"


def post_booking(client, event, address="192.0.2.10", **fields):
    data = {"first_name": "Sam", "email": "sam@example.org", **fields}
    return client.post(event.url, data, REMOTE_ADDR=address)


def test_repeat_booking_reveals_nothing_and_only_the_owner_gets_the_link(make_event):
    event = make_event(format=EventPage.Format.ONLINE, joining_link=JOIN, venue_address="")
    victim = services.book_place(
        event, first_name="Kemi", email="kemi@example.org", access_needs=DISCLOSURE
    )
    mail.outbox.clear()

    attacker = Client()
    response = post_booking(
        attacker, event, first_name="Not Kemi", email=" KEMI@example.org", access_needs="x"
    )

    assert response.status_code == 302
    assert response["Location"] == f"/events/{event.pk}/check-your-email/"
    page = attacker.get(response["Location"], follow=True).content.decode()
    for secret in ("Kemi", DISCLOSURE, JOIN, victim.manage_token, "Cancel"):
        assert secret not in page
    assert "Check your email" in page
    # Nothing was booked or changed, and the link went to the address on file only.
    victim.refresh_from_db()
    assert (victim.first_name, victim.access_needs) == ("Kemi", DISCLOSURE)
    assert Registration.objects.count() == 1
    [message] = mail.outbox
    assert message.to == ["kemi@example.org"]
    assert victim.get_manage_path() in message.body


@pytest.mark.parametrize("state", ["open", "full with a waiting list", "full", "closed"])
def test_repeat_and_new_bookings_get_the_same_answer(make_event, state):
    event = make_event(capacity=1, waitlist_enabled=state != "full")
    services.book_place(event, first_name="Kemi", email="kemi@example.org")
    if state == "open":
        event.capacity = 10
    if state == "closed":
        event.registration_closes_at = timezone.now() - timedelta(minutes=1)
    event.save()

    def answer(email):
        client = Client()
        response = post_booking(client, event, email=email)
        if response.status_code == 302:
            response = client.get(response["Location"])
        page = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", response.content.decode())
        return response.status_code, page.replace(email, "EMAIL")

    mail.outbox.clear()
    assert answer("kemi@example.org") == answer("new.person@example.org")
    # While booking is open, the owner is told, and only the owner.
    told = [m.to for m in mail.outbox if "already have a booking" in m.subject]
    assert told == ([] if state == "closed" else [["kemi@example.org"]])


def test_signed_in_stranger_gets_the_same_answer_but_the_owner_sees_their_booking(
    client, make_event, django_user_model
):
    event = make_event()
    owner = django_user_model.objects.create_user("o", "olu@example.org", "x" * 12)
    theirs = services.book_place(event, first_name="Olu", email="olu@example.org", user=owner)
    stranger = django_user_model.objects.create_user("s", "sam@example.org", "x" * 12)

    client.force_login(stranger)
    response = post_booking(client, event, email="olu@example.org")
    assert response["Location"] == f"/events/{event.pk}/check-your-email/"

    client.force_login(owner)
    response = post_booking(client, event, email="olu@example.org")
    assert response["Location"] == theirs.get_manage_path() + "?existing=1"


# --- floods -------------------------------------------------------------------------------


def test_a_youth_club_on_one_wifi_can_all_book(make_event):
    """Thirty young people, each on their own phone, on one connection."""
    event = make_event(capacity=40)
    for number in range(30):
        response = post_booking(Client(), event, email=f"young.person{number}@example.org")
        assert response.status_code == 302, number
    assert event.registrations.count() == 30


def test_a_youth_worker_can_book_their_group_from_one_browser(client, make_event):
    event = make_event(capacity=40)
    for number in range(15):
        response = post_booking(client, event, email=f"member{number}@example.org")
        assert response.status_code == 302, number
    assert event.registrations.count() == 15


def test_a_script_on_one_connection_is_stopped_and_told_what_to_do(make_event, settings):
    settings.EVENT_BOOKING_LIMITS = {"address_event": (5, 3600)}
    event = make_event(capacity=300)
    for number in range(5):
        assert post_booking(Client(), event, email=f"bot{number}@example.org").status_code == 302

    response = post_booking(Client(), event, first_name="Bot", email="bot99@example.org")

    assert response.status_code == 429
    html = response.content.decode()
    assert "There is a problem" in html
    assert "Wait an hour, then try again." in html
    # Nothing typed is lost.
    assert 'value="Bot"' in html and 'value="bot99@example.org"' in html
    assert event.registrations.count() == 5
    # Another connection is not affected.
    assert (
        post_booking(Client(), event, email="a@example.org", address="198.51.100.7").status_code
        == 302
    )


def test_default_ceiling_stops_a_scripted_flood_from_one_address(make_event):
    event = make_event(capacity=300)
    limit, _period = services.BOOKING_LIMITS["address_event"]
    statuses = [
        post_booking(Client(), event, email=f"bot{number}@example.org").status_code
        for number in range(limit + 3)
    ]
    assert statuses == [302] * limit + [429] * 3
    assert event.registrations.count() == limit < 300


def test_one_browser_is_limited_with_a_plain_message(client, make_event, settings):
    settings.EVENT_BOOKING_LIMITS = {"browser": (3, 3600)}
    event = make_event(capacity=300)
    for number in range(3):
        assert post_booking(client, event, email=f"p{number}@example.org").status_code == 302
    response = post_booking(client, event, email="p9@example.org")
    assert response.status_code == 429
    assert "ask the others in your group to book on their own phones" in response.content.decode()


def test_one_parent_inbox_gets_a_limited_number_of_consent_emails(make_event):
    limit, _period = services.BOOKING_LIMITS["parent_email"]
    event = make_event(capacity=50, parent_consent_for_under_16s=True)

    def book_child(number):
        return post_booking(
            Client(),
            event,
            first_name=f"Child {number}",
            email=f"child{number}@example.org",
            under_16="yes",
            parent_name="Funmi",
            parent_email="parent@example.org",
        )

    for number in range(limit):
        assert book_child(number).status_code == 302
    refused = book_child(99)

    assert refused.status_code == 429
    html = refused.content.decode()
    assert "that parent or carer&#x27;s address" in html
    assert 'href="#id_parent_email"' in html
    assert 'value="child99@example.org"' in html
    consent_emails = [m for m in mail.outbox if m.to == ["parent@example.org"]]
    assert len(consent_emails) == limit < 12


def test_repeating_a_booking_cannot_flood_the_owners_inbox(make_event):
    limit, _period = services.BOOKING_LIMITS["email_event"]
    event = make_event()
    for _attempt in range(limit + 5):
        post_booking(Client(), event, email="kemi@example.org")
    assert len([m for m in mail.outbox if m.to == ["kemi@example.org"]]) == limit
    assert event.registrations.count() == 1


# --- personal links end with their booking ------------------------------------------------


def test_a_cancelled_bookings_links_show_nothing_personal_and_act_on_nothing(client, make_event):
    event = make_event(format=EventPage.Format.ONLINE, joining_link=JOIN, venue_address="")
    registration = services.book_place(
        event, first_name="Kemi", email="kemi@example.org", access_needs=DISCLOSURE
    )
    calendar = registration.get_calendar_path()
    assert client.get(calendar).status_code == 200
    services.cancel_registration(registration)

    page = client.get(registration.get_manage_path())
    html = page.content.decode()
    assert page.status_code == 200
    assert "Your booking is cancelled" in html
    for secret in ("Kemi", DISCLOSURE, JOIN, registration.get_cancel_path()):
        assert secret not in html
    assert client.get(calendar).status_code == 404
    assert client.get(registration.get_cancel_path())["Location"] == (
        registration.get_manage_path()
    )
    assert client.post(registration.get_cancel_path()).status_code == 302


def test_an_anonymised_bookings_links_are_all_dead(client, make_event):
    event = make_event(anonymise_after_days=1, parent_consent_for_under_16s=True)
    registration = services.book_place(
        event,
        first_name="Kemi",
        email="kemi@example.org",
        under_16=True,
        parent_name="Funmi",
        parent_email="parent@example.org",
    )
    links = [
        registration.get_manage_path(),
        registration.get_cancel_path(),
        registration.get_calendar_path(),
        registration.get_consent_path(),
    ]
    with time_machine.travel(event.end + timedelta(days=2)):
        privacy.anonymise_past_registrations()
        registration.refresh_from_db()
        assert registration.parent_name == ""
        for link in links:
            assert client.get(link).status_code == 404, link
            assert client.post(link).status_code in (404, 405), link


def test_cancelling_asks_once_on_its_own_page(client, make_event):
    event = make_event()
    registration = services.book_place(event, first_name="Kemi", email="kemi@example.org")
    page = client.get(registration.get_cancel_path())
    html = page.content.decode()
    assert page.status_code == 200
    assert page["Cache-Control"] == "private, no-store"
    assert "Are you sure you want to cancel your place?" in html
    assert f'<form method="post" action="{registration.get_cancel_path()}">' in html
    assert f'href="{registration.get_manage_path()}">No, keep my place' in html
    registration.refresh_from_db()
    assert registration.status == Status.CONFIRMED
    client.post(registration.get_cancel_path())
    registration.refresh_from_db()
    assert registration.status == Status.CANCELLED


# --- the booking form's parent or carer questions -----------------------------------------


def test_parent_questions_say_when_they_are_needed_and_are_then_required(client, make_event):
    event = make_event(parent_consent_for_under_16s=True)
    html = client.get(event.url).content.decode()
    assert "Parent or carer&#x27;s name (if you are under 16)</label>" in html
    assert "Parent or carer&#x27;s email address (if you are under 16)</label>" in html
    assert "(if you are under 16) (optional)" not in html

    response = post_booking(client, event, under_16="yes", parent_email="mum@example.org")
    assert response.status_code == 200
    assert "Enter your parent or carer&#x27;s name" in response.content.decode()
    assert Registration.objects.count() == 0


def test_parent_details_are_not_needed_or_kept_for_16_and_over(client, make_event):
    event = make_event(parent_consent_for_under_16s=True)
    response = post_booking(
        client, event, under_16="no", parent_name="Funmi", parent_email="not an email"
    )
    assert response.status_code == 302
    registration = Registration.objects.get()
    assert registration.status == Status.CONFIRMED
    assert (registration.parent_name, registration.parent_email) == ("", "")


def test_booking_limits_never_store_an_email_or_address_in_the_cache(make_event):
    """The limits count under keyed hashes, as the consultation limits do: the shared cache
    (Redis in production) never holds a child's or parent's email, or where they booked from."""
    from django.core.cache import cache

    event = make_event(parent_consent_for_under_16s=True)
    post_booking(
        Client(),
        event,
        address="203.0.113.77",
        email="kemi.child@example.org",
        under_16="yes",
        parent_name="Ade",
        parent_email="ade.parent@example.org",
    )
    keys = " ".join(str(key) for key in cache._cache)  # locmem
    assert "events.book.email" in keys and "events.book.parent" in keys
    for personal in ("203.0.113.77", "kemi.child", "ade.parent", "example.org"):
        assert personal not in keys
