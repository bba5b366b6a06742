from datetime import timedelta

import pytest
import time_machine

from django.core import mail
from django.db import IntegrityError, transaction
from django.utils import timezone

from events import privacy, services
from events.models import EventCapacity, Registration

pytestmark = pytest.mark.django_db

Status = Registration.Status


def book(event, name="Amara", email=None, **kwargs):
    return services.book_place(
        event, first_name=name, email=email or f"{name.lower()}@example.org", **kwargs
    )


def test_booking_confirms_and_emails_details_ics_and_manage_link(make_event):
    event = make_event(capacity=10)
    registration = book(event, access_needs="  Step-free access please ")
    assert registration.status == Status.CONFIRMED
    assert registration.already_booked is False
    assert registration.access_needs == "Step-free access please"
    assert EventCapacity.objects.filter(event=event).count() == 1
    [message] = mail.outbox
    assert message.to == ["amara@example.org"]
    assert event.title in message.subject
    assert registration.get_manage_path() in message.body
    assert "1 High Street London E8 1AA" in message.body
    assert message.attachments[0][0] == "event.ics"
    assert message.attachments[0][2] == "text/calendar"


def test_full_event_waitlists_in_order_and_tells_position(make_event):
    event = make_event(capacity=2)
    book(event, "Amara")
    book(event, "Bola")
    third = book(event, "Chidi")
    fourth = book(event, "Dami")
    assert third.status == fourth.status == Status.WAITLISTED
    assert third.waitlist_position() == 1
    assert fourth.waitlist_position() == 2
    assert "number 2 in the queue" in mail.outbox[-1].body


def test_full_event_without_waitlist_refuses(make_event):
    event = make_event(capacity=1, waitlist_enabled=False)
    book(event, "Amara")
    with pytest.raises(services.EventFull):
        book(event, "Bola")
    assert event.registrations.count() == 1


def test_same_email_twice_books_nothing_and_emails_the_owner_their_link(make_event):
    event = make_event(capacity=5)
    first = book(event, "Amara", email="Amara@Example.org", access_needs="Quiet room")
    second = book(event, "Someone else", email=" amara@example.org ", access_needs="Changed")
    assert second.pk == first.pk
    assert second.already_booked is True
    assert event.registrations.count() == 1
    first.refresh_from_db()
    assert (first.first_name, first.access_needs) == ("Amara", "Quiet room")
    confirmation, reminder = mail.outbox
    assert reminder.to == ["amara@example.org"]
    assert "already have a booking" in reminder.subject
    assert first.get_manage_path() in reminder.body
    assert "Hello Amara," in reminder.body


def test_database_refuses_a_second_active_booking_for_one_email(make_event):
    event = make_event()
    book(event, "Amara")
    with pytest.raises(IntegrityError), transaction.atomic():
        Registration.objects.create(
            event=event, first_name="X", email="amara@example.org", status=Status.CONFIRMED
        )


def test_can_book_again_after_cancelling(make_event):
    event = make_event()
    first = book(event, "Amara")
    services.cancel_registration(first)
    again = book(event, "Amara")
    assert again.pk != first.pk
    assert again.status == Status.CONFIRMED


def test_cancelling_promotes_first_waitlisted_and_emails_them(make_event):
    event = make_event(capacity=1)
    confirmed = book(event, "Amara")
    first_waiting = book(event, "Bola")
    book(event, "Chidi")
    mail.outbox.clear()
    promoted = services.cancel_registration(confirmed)
    assert promoted.pk == first_waiting.pk
    first_waiting.refresh_from_db()
    assert first_waiting.status == Status.CONFIRMED
    assert event.registrations.holding_a_place().count() == 1
    assert event.registrations.get(first_name="Chidi").waitlist_position() == 1
    subjects = {message.to[0]: message.subject for message in mail.outbox}
    assert subjects["amara@example.org"].startswith("Your booking is cancelled")
    assert subjects["bola@example.org"].startswith("Good news, you have a place")
    # Cancelling again changes nothing and promotes nobody.
    assert services.cancel_registration(confirmed) is None


def test_cancelling_a_waitlist_spot_promotes_nobody(make_event):
    event = make_event(capacity=1)
    book(event, "Amara")
    waiting = book(event, "Bola")
    book(event, "Chidi")
    assert services.cancel_registration(waiting) is None
    assert event.registrations.get(first_name="Chidi").status == Status.WAITLISTED


def test_booking_window_enforced(make_event):
    now = timezone.now()
    not_yet = make_event(registration_opens_at=now + timedelta(days=1))
    with pytest.raises(services.RegistrationNotOpen, match="Booking opens on"):
        book(not_yet)
    closed = make_event(registration_closes_at=now - timedelta(minutes=1))
    with pytest.raises(services.RegistrationClosed):
        book(closed)
    started = make_event(start=now - timedelta(minutes=30))
    with pytest.raises(services.RegistrationClosed):
        book(started)
    assert Registration.objects.count() == 0


def test_mark_attended_and_undo(make_event):
    event = make_event()
    registration = book(event)
    assert services.mark_attended(registration).status == Status.ATTENDED
    assert services.mark_attended(registration, attended=False).status == Status.CONFIRMED
    waiting = book(make_event(capacity=0), "Bola")
    assert services.mark_attended(waiting).status == Status.WAITLISTED


def test_raising_capacity_lets_staff_promote(make_event):
    event = make_event(capacity=1)
    book(event, "Amara")
    waiting = book(event, "Bola")
    with pytest.raises(services.EventFull):
        services.promote_registration(waiting)
    event.capacity = 2
    event.save()
    assert services.promote_registration(waiting).status == Status.CONFIRMED


def test_for_user_lists_only_that_persons_bookings(make_event, django_user_model):
    event = make_event()
    person = django_user_model.objects.create_user("p", "p@example.org", "x" * 12)
    other = django_user_model.objects.create_user("o", "o@example.org", "x" * 12)
    mine = book(event, "Pat", email="p@example.org", user=person)
    book(event, "Olu", email="o@example.org", user=other)
    assert list(Registration.objects.for_user(person)) == [mine]


def test_reminder_sent_once_at_the_lead_time(make_event):
    start = timezone.now() + timedelta(days=3)
    event = make_event(start=start, reminder_hours_before=24)
    registration = book(event)
    waiting_event = make_event(start=start, capacity=0)
    book(waiting_event, "Bola")
    mail.outbox.clear()
    assert privacy.send_due_reminders() == 0
    with time_machine.travel(start - timedelta(hours=23)):
        assert privacy.send_due_reminders() == 1
        assert privacy.send_due_reminders() == 0
    with time_machine.travel(start - timedelta(hours=1)):
        assert privacy.send_due_reminders() == 0
    assert [message.subject for message in mail.outbox] == [f"Reminder: {event.title} is coming up"]
    registration.refresh_from_db()
    assert registration.reminder_sent_at is not None


def test_scheduled_jobs_are_registered():
    from home.scheduling import registered_jobs

    names = {job.name for job in registered_jobs()}
    assert {
        "events.send_reminders",
        "events.release_expired_consent_holds",
        "events.anonymise_past_attendees",
    } <= names


def test_a_disclosure_in_access_needs_reaches_the_safeguarding_queue(make_event):
    from safeguarding.models import SafeguardingFlag

    event = make_event(capacity=10)
    plain = book(event, name="Bo", access_needs="Step-free access please")
    registration = book(event, access_needs="I might not come, I want to kill myself")
    assert registration.status == Status.CONFIRMED  # never blocked
    flag = SafeguardingFlag.objects.get()
    assert flag.source == registration
    assert plain.pk != registration.pk
