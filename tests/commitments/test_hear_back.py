"""People who asked to hear back from a consultation are emailed each published progress
update of its commitments: once per person per update, never after withdrawing, never twice,
and each email can stop them."""

from datetime import date
from urllib.parse import urlsplit

import pytest

from django.core import mail
from django.test import Client

from commitments.models import Commitment, HearBackNotice
from commitments.services import notify_hear_back
from commitments.tasks import notify_hear_back_of_update
from consultations.models import Response

from .conftest import add_response, publish_changes, update

IN_PROGRESS = Commitment.Status.IN_PROGRESS


@pytest.fixture
def hearing_back(consultation):
    return [
        add_response(consultation, "sam@example.org"),
        add_response(consultation, "Sam@Example.org "),  # the same person, typed again
        add_response(consultation, "ali@example.org"),
        add_response(consultation, "gone@example.org", is_withdrawn=True),
        add_response(consultation),  # did not ask to hear back
    ]


def publish_bus_stops(make_commitment, consultation, **fields):
    return make_commitment(
        title="Trusted adults at bus stops",
        consultation=consultation,
        status=IN_PROGRESS,
        progress=40,
        updates=[update(date(2026, 11, 2), "Eight youth workers start after half term.")],
        **fields,
    )


def recipients() -> list[str]:
    return sorted(address for message in mail.outbox for address in message.to)


def test_publishing_an_update_emails_each_person_once(
    make_commitment, consultation, what_we_are_doing, hearing_back
):
    commitment = publish_bus_stops(make_commitment, consultation)
    assert recipients() == ["ali@example.org", "sam@example.org"]
    message = mail.outbox[0]
    assert 'News about "Trusted adults at bus stops"' in message.subject
    assert "Eight youth workers start after half term." in message.body
    assert what_we_are_doing.commitment_url(commitment) in message.body
    assert HearBackNotice.objects.filter(commitment=commitment).count() == 2


def test_withdrawn_responses_are_never_emailed(make_commitment, consultation, hearing_back):
    publish_bus_stops(make_commitment, consultation)
    assert "gone@example.org" not in recipients()


def test_running_again_or_republishing_emails_nobody_twice(
    make_commitment, consultation, hearing_back
):
    commitment = publish_bus_stops(make_commitment, consultation)
    assert notify_hear_back(commitment.pk) == 0
    notify_hear_back_of_update.enqueue(commitment.pk)
    publish_changes(commitment, owner="VRU Communities team")  # no new update
    assert len(mail.outbox) == 2


def test_a_new_update_is_a_new_email(make_commitment, consultation, hearing_back):
    commitment = publish_bus_stops(make_commitment, consultation)
    draft = commitment.get_latest_revision_as_object()
    draft.updates.append(
        ("update", {"date": date(2026, 11, 20), "note": "Four bus stops now.", "status": ""})
    )
    publish_changes(commitment, updates=draft.updates, progress=60)
    assert len(mail.outbox) == 4
    assert "Four bus stops now." in mail.outbox[-1].body


def test_someone_who_answers_after_an_update_hears_about_the_next_one_only(
    make_commitment, consultation, hearing_back
):
    commitment = publish_bus_stops(make_commitment, consultation)
    add_response(consultation, "new@example.org")
    assert notify_hear_back(commitment.pk) == 1  # the newest update, once
    assert notify_hear_back(commitment.pk) == 0


def test_drafts_and_commitments_without_a_consultation_email_nobody(
    make_commitment, consultation, hearing_back
):
    draft = publish_bus_stops(make_commitment, consultation, publish=False)
    assert notify_hear_back(draft.pk) == 0
    make_commitment(title="Not after a consultation", updates=[update(date(2026, 11, 2), "Hi")])
    assert mail.outbox == []


def stop_link(message) -> str:
    return next(line for line in message.body.splitlines() if "/hear-back/stop/" in line)


def test_every_email_can_stop_them(make_commitment, consultation, hearing_back):
    publish_bus_stops(make_commitment, consultation)
    message = next(m for m in mail.outbox if m.to == ["sam@example.org"])
    link = stop_link(message)
    assert message.extra_headers["List-Unsubscribe"] == f"<{link}>"
    path = urlsplit(link).path

    client = Client(enforce_csrf_checks=True)
    assert "Stop these emails" in client.get(path).content.decode()
    assert Response.objects.filter(contact_email__icontains="sam@").count() == 2
    response = client.post(path)  # one click, as a mail provider does (RFC 8058): no token
    assert response.status_code == 200
    assert not Response.objects.filter(contact_email__icontains="sam@").exists()
    assert Response.objects.filter(contact_email="ali@example.org").exists()
    assert client.post(path).status_code == 200  # safe to repeat


def test_a_broken_stop_link_says_so(client, db):
    shown = client.get("/hear-back/stop/not-a-real-link/")
    assert shown.status_code == 400
    assert "This link does not work" in shown.content.decode()
    assert "copying the whole link" in shown.content.decode()
    assert client.post("/hear-back/stop/not-a-real-link/").status_code == 400
