from datetime import timedelta

import pytest
import time_machine

from django.core import mail
from django.utils import timezone

from events import privacy, services
from events.models import Registration
from tests.support.vectors import give_vector, vectors_of

pytestmark = pytest.mark.django_db

Status = Registration.Status


def book_child(event, name="Kemi", parent="parent@example.org"):
    return services.book_place(
        event,
        first_name=name,
        email=f"{name.lower()}@example.org",
        under_16=True,
        parent_email=parent,
    )


def test_under_16_place_is_held_until_parent_confirms(client, make_event):
    event = make_event(capacity=1, parent_consent_for_under_16s=True)
    registration = book_child(event)
    assert registration.status == Status.HELD
    assert registration.hold_expires_at is not None
    # The held place counts towards capacity.
    assert services.book_place(event, first_name="Ade", email="ade@example.org").status == (
        Status.WAITLISTED
    )
    parent_message = next(m for m in mail.outbox if m.to == ["parent@example.org"])
    consent_path = registration.get_consent_path()
    assert consent_path in parent_message.body
    # Visiting the link does not confirm (mail scanners follow links); pressing the button does.
    response = client.get(consent_path)
    assert response.status_code == 200
    assert "I agree to Kemi going" in response.content.decode()
    registration.refresh_from_db()
    assert registration.status == Status.HELD
    mail.outbox.clear()
    response = client.post(consent_path, {"action": "confirm"})
    assert response.status_code == 302
    registration.refresh_from_db()
    assert registration.status == Status.CONFIRMED
    assert registration.parent_confirmed_at is not None
    assert [m.to for m in mail.outbox] == [["kemi@example.org"]]
    assert "Thank you" in client.get(response["Location"]).content.decode()


def test_parent_email_required_for_under_16_on_consent_events(make_event):
    event = make_event(parent_consent_for_under_16s=True)
    with pytest.raises(services.ParentEmailRequired):
        book_child(event, parent="")
    # Events without the flag do not hold places for under-16s.
    other = make_event()
    assert book_child(other, parent="").status == Status.CONFIRMED


def test_expired_hold_is_released_and_next_person_promoted(make_event):
    event = make_event(capacity=1, parent_consent_for_under_16s=True)
    held = book_child(event)
    waiting = services.book_place(event, first_name="Ade", email="ade@example.org")
    assert services.release_expired_holds() == 0
    with time_machine.travel(timezone.now() + timedelta(hours=49)):
        assert services.release_expired_holds() == 1
        assert services.release_expired_holds() == 0
    held.refresh_from_db()
    waiting.refresh_from_db()
    assert held.status == Status.CANCELLED
    assert waiting.status == Status.CONFIRMED


def test_manage_token_cannot_confirm_consent_and_consent_link_dies_after_release(
    client, make_event
):
    event = make_event(parent_consent_for_under_16s=True)
    held = book_child(event)
    wrong = f"/events/consent/{held.pk}/{held.manage_token}/"
    assert client.post(wrong, {"action": "confirm"}).status_code == 404
    with time_machine.travel(timezone.now() + timedelta(hours=49)):
        services.release_expired_holds()
    client.post(held.get_consent_path(), {"action": "confirm"})
    held.refresh_from_db()
    assert held.status == Status.CANCELLED


def test_personal_data_anonymised_after_configured_days_counts_stay(make_event, django_user_model):
    start = timezone.now() + timedelta(days=1)
    event = make_event(start=start, anonymise_after_days=30)
    user = django_user_model.objects.create_user("p", "p@example.org", "x" * 12)
    came = services.book_place(
        event, first_name="Pat", email="p@example.org", user=user, access_needs="Wheelchair"
    )
    services.book_place(event, first_name="Sam", email="sam@example.org")
    services.mark_attended(came)
    old_manage_path = came.get_manage_path()
    give_vector(came, key="Access needs")  # the semantic stage's vector of "Wheelchair"

    with time_machine.travel(event.end + timedelta(days=29)):
        assert privacy.anonymise_past_registrations() == 0
    with time_machine.travel(event.end + timedelta(days=31)):
        assert privacy.anonymise_past_registrations() == 2
        assert privacy.anonymise_past_registrations() == 0

    came.refresh_from_db()
    assert (came.first_name, came.email, came.access_needs, came.user) == ("", "", "", None)
    assert vectors_of(came) == 0
    assert came.status == Status.ATTENDED
    assert came.anonymised_at is not None
    assert event.registrations.count() == 2
    assert event.registrations.filter(status=Status.ATTENDED).count() == 1
    # Old personal links stop working.
    assert came.get_manage_path() != old_manage_path


def test_anonymised_links_are_dead(client, make_event):
    event = make_event(anonymise_after_days=1)
    registration = services.book_place(event, first_name="Pat", email="p@example.org")
    path = registration.get_manage_path()
    with time_machine.travel(event.end + timedelta(days=2)):
        privacy.anonymise_past_registrations()
    assert client.get(path).status_code == 404
