"""Coordinators message the people booked on an event: exactly the right people, one email
each through the outbox, once per form, limited per event, stored and audited
(docs/decisions/0035-coordinator-messages-and-event-review.md)."""

import pytest

from django.core import mail
from django.urls import reverse

from wagtail.models import ModelLogEntry, PageLogEntry

from events import messaging, services
from events.models import AttendeeMessage, Registration
from home.models import OutboundEmail
from ypag.models import NetworkCoordinator

from .factories import staff_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def bookings(event):
    """Two confirmed, one cancelled, then (full) two on the waiting list, one anonymised."""
    amara = services.book_place(event, first_name="Amara", email="amara@example.org")
    ben = services.book_place(event, first_name="Ben", email="ben@example.org")
    gone = services.book_place(event, first_name="Gone", email="gone@example.org")
    services.cancel_registration(gone, notify=False)
    services.book_place(event, first_name="Chen", email="chen@example.org")
    waiting = services.book_place(event, first_name="Dara", email="dara@example.org")
    removed = services.book_place(event, first_name="Eve", email="eve@example.org")
    Registration.objects.filter(pk=removed.pk).update(anonymised_at=removed.created_at)
    assert waiting.status == Registration.Status.WAITLISTED
    mail.outbox.clear()
    return {"amara": amara, "ben": ben}


def url(event):
    return reverse("event_attendees:message", args=[event.pk])


def post(client, event, action="send", key="key-1", audiences=("places",), **fields):
    data = {
        "audiences": list(audiences),
        "subject": fields.get("subject", "Room change"),
        "body": fields.get("body", "We have moved to the main hall.\nSee you there."),
        "key": key,
        "action": action,
    }
    return client.post(url(event), data)


def test_the_attendee_list_links_to_messaging(door, event):
    response = door.get(reverse("event_attendees:attendees", args=[event.pk]))
    assert url(event).encode() in response.content


def test_preview_counts_the_people_then_send_emails_each_one_alone(door, event, bookings):
    preview = post(door, event, action="preview")
    assert preview.status_code == 200
    assert b"It will go to 3 people" in preview.content
    assert not AttendeeMessage.objects.exists()
    assert mail.outbox == []

    response = post(door, event)
    assert response.status_code == 302
    recipients = sorted(address for message in mail.outbox for address in message.to)
    assert recipients == ["amara@example.org", "ben@example.org", "chen@example.org"]
    assert all(
        len(message.to) == 1 and not message.cc and not message.bcc for message in mail.outbox
    )
    first = next(message for message in mail.outbox if message.to == ["amara@example.org"])
    assert first.subject == f"Room change ({event.title})"
    assert "Young People's Action Group via London VRU" in first.extra_headers["From"]
    assert "We have moved to the main hall." in first.body
    assert bookings["amara"].get_manage_path() in first.body
    assert bookings["ben"].get_manage_path() not in first.body
    assert "ben@example.org" not in first.body
    assert OutboundEmail.objects.filter(purpose="events.attendee_message").count() == 3


def test_waiting_list_only_and_both(door, event, bookings):
    post(door, event, key="waitlist", audiences=["waitlist"])
    assert [message.to for message in mail.outbox] == [["dara@example.org"]]
    mail.outbox.clear()
    post(door, event, key="both", audiences=["places", "waitlist"])
    assert len(mail.outbox) == 4
    stored = AttendeeMessage.objects.for_event(event)
    assert [message.recipient_count for message in stored] == [4, 1]


def test_awaiting_parent_consent(door, make_event, ypag, coordinator):
    event = make_event(networks=[ypag], parent_consent_for_under_16s=True)
    services.book_place(
        event,
        first_name="Femi",
        email="femi@example.org",
        under_16=True,
        parent_name="Parent",
        parent_email="parent@example.org",
    )
    services.book_place(event, first_name="Gus", email="gus@example.org")
    mail.outbox.clear()
    post(door, event, audiences=["awaiting_consent"])
    assert [message.to for message in mail.outbox] == [["femi@example.org"]]


def test_a_double_click_sends_once(door, event, bookings):
    post(door, event, key="same")
    second = post(door, event, key="same")
    assert second.status_code == 302
    assert len(mail.outbox) == 3
    assert AttendeeMessage.objects.count() == 1


def test_the_message_is_stored_and_audited_and_listed(door, event, bookings, coordinator):
    post(door, event, subject="Bring ID")
    message = AttendeeMessage.objects.get()
    assert message.sent_by == coordinator
    assert message.audiences == ["places"]
    assert message.recipient_count == 3
    assert message.emails_queued_at is not None
    entry = PageLogEntry.objects.get(action=messaging.MESSAGE_ACTION)
    assert entry.page_id == event.pk
    assert entry.user == coordinator
    assert entry.data["recipients"] == 3
    assert entry.data["message"] == message.pk
    page = door.get(url(event))
    assert b"Bring ID" in page.content
    assert not ModelLogEntry.objects.filter(action=messaging.MESSAGE_ACTION).exists()


def test_sending_is_limited_per_event(door, event, bookings):
    for number in range(messaging.MESSAGES_PER_EVENT_PER_DAY):
        assert post(door, event, key=f"key-{number}").status_code == 302
    mail.outbox.clear()
    refused = post(door, event, key="one-too-many")
    assert refused.status_code == 400
    assert b"already had" in refused.content
    assert mail.outbox == []


def test_nobody_to_send_to_is_refused(door, event, bookings):
    Registration.objects.filter(event=event).update(status=Registration.Status.CANCELLED)
    response = post(door, event)
    assert response.status_code == 400
    assert mail.outbox == []
    assert not AttendeeMessage.objects.exists()


@pytest.mark.parametrize(
    ("fields", "error"),
    [
        ({"subject": ""}, b"Enter a subject"),
        ({"subject": "x" * 121}, b"Keep the subject to 120"),
        ({"body": "x" * 3001}, b"Keep the message to 3,000"),
        ({"audiences": []}, b"Choose who should get the message"),
    ],
)
def test_the_form_says_what_is_wrong(door, event, bookings, fields, error):
    audiences = fields.pop("audiences", ["places"])
    response = post(door, event, audiences=audiences, **fields)
    assert response.status_code == 400
    assert error in response.content
    assert mail.outbox == []


def test_long_lists_are_queued_by_the_task(door, event, bookings, monkeypatch, settings):
    from django_tasks import default_task_backend

    monkeypatch.setattr(messaging, "INLINE_RECIPIENTS", 1)
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    post(door, event)
    message = AttendeeMessage.objects.get()
    queued = [(result.task.name, result.args) for result in default_task_backend.results]
    assert queued == [("send_attendee_message", [message.pk])]
    assert mail.outbox == []
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    assert messaging.queue_message_emails(message.pk) == 3
    assert messaging.queue_message_emails(message.pk) == 0  # a retried task sends nothing
    assert len(mail.outbox) == 3


def test_another_networks_coordinator_and_non_staff_are_refused(
    client, django_user_model, event, bookings, housing
):
    other = staff_user(django_user_model, "view_attendees", username="housing-coordinator")
    NetworkCoordinator.objects.create(user=other, network=housing)
    client.force_login(other)
    assert client.get(url(event)).status_code in (302, 403)
    response = post(client, event)
    assert response.status_code in (302, 403)
    assert response.status_code == 403 or "/admin/" in response["Location"]

    resident = django_user_model.objects.create_user("resident", "r@example.org", "x" * 12)
    client.force_login(resident)
    assert post(client, event).status_code in (302, 403)
    client.logout()
    assert post(client, event).status_code == 302
    assert mail.outbox == []
    assert not AttendeeMessage.objects.exists()


def test_vru_staff_send_as_the_vru(client, django_user_model, event, bookings):
    staff = staff_user(django_user_model, "view_all_attendees", username="vru-events")
    client.force_login(staff)
    post(client, event)
    assert AttendeeMessage.objects.get().sender_name == messaging.VRU_NAME
    assert "London Violence Reduction Unit via London VRU" in mail.outbox[0].extra_headers["From"]
