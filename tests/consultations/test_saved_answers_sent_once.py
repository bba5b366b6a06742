"""A signed-in resident's saved answers open on two devices can be sent only once between
them, like a continue-later link's: the second device is refused plainly, through real HTTP."""

import pytest

from django.db import connection
from django.test import Client

from consultations.models import Response, ResponseDraft
from tests.accounts.helpers import make_user, sign_in

from .conftest import VALID_ANSWERS
from .helpers import (
    answer_steps,
    check_url,
    send_from_both,
    step_url,
    submission_token,
    submit,
    submit_at_once,
)


def signed_in(resident) -> Client:
    browser = Client()
    sign_in(browser, resident.email)
    return browser


def open_saved_answers(browser, consultation) -> None:
    """The device loads the account's saved answers (check-answers sends it on to step 3)."""
    assert browser.get(check_url(consultation))["Location"] == step_url(consultation, 3)


def two_devices(consultation) -> tuple[Client, Client]:
    """A resident's phone answers the first two steps; their laptop opens the saved answers."""
    resident = make_user(email="resident@example.org")
    phone = signed_in(resident)
    answer_steps(phone, consultation, {1: VALID_ANSWERS[1], 2: VALID_ANSWERS[2]})
    laptop = signed_in(resident)
    open_saved_answers(laptop, consultation)
    return phone, laptop


def test_saved_answers_open_on_two_devices_are_sent_only_once(consultation, skip_min_time):
    phone, laptop = two_devices(consultation)
    first, second = send_from_both(phone, laptop, consultation, {3: VALID_ANSWERS[3]})

    assert first.status_code == 302

    assert second.status_code == 409
    assert "These answers have already been sent" in second.content.decode()
    assert Response.objects.count() == 1
    assert ResponseDraft.objects.get().answers == {}  # the sent answers are not kept
    # The refused device starts afresh rather than holding answers it cannot send.
    assert laptop.get(check_url(consultation))["Location"] == step_url(consultation, 1)


def test_a_device_that_changes_sent_answers_cannot_save_or_send_them_again(
    consultation, skip_min_time
):
    phone, laptop = two_devices(consultation)
    answer_steps(phone, consultation, {3: VALID_ANSWERS[3]})
    assert submit(phone, consultation, submission_token(phone, consultation)).status_code == 302

    # The laptop still shows the old answers; going on saves nothing back to the account.
    answer_steps(laptop, consultation, {3: VALID_ANSWERS[3]})
    assert ResponseDraft.objects.get().answers == {}
    assert submit(laptop, consultation, submission_token(laptop, consultation)).status_code == 409
    assert Response.objects.count() == 1


def test_starting_afresh_after_sending_works_as_before(consultation, skip_min_time):
    phone, laptop = two_devices(consultation)
    answer_steps(phone, consultation, {3: VALID_ANSWERS[3]})
    assert submit(phone, consultation, submission_token(phone, consultation)).status_code == 302

    # A new set of answers on the phone is saved to the account and can be sent.
    answer_steps(phone, consultation, {1: VALID_ANSWERS[1], 2: VALID_ANSWERS[2]})
    assert ResponseDraft.objects.get().answers != {}
    answer_steps(phone, consultation, {3: VALID_ANSWERS[3]})
    assert submit(phone, consultation, submission_token(phone, consultation)).status_code == 302
    assert Response.objects.count() == 2
    # The laptop's copy of the first answers, changed after the new set was saved, still
    # cannot be sent a second time.
    answer_steps(laptop, consultation, {3: VALID_ANSWERS[3]})
    assert submit(laptop, consultation, submission_token(laptop, consultation)).status_code == 409
    assert Response.objects.count() == 2


@pytest.mark.postgres
@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL row locks")
@pytest.mark.django_db(transaction=True)
def test_saved_answers_sent_from_four_devices_at_once_make_one_response(
    make_consultation, monkeypatch
):
    monkeypatch.setattr("consultations.views.MIN_SECONDS_TO_COMPLETE", 0)
    consultation = make_consultation()
    resident = make_user(email="resident@example.org")
    first = signed_in(resident)
    answer_steps(first, consultation, {1: VALID_ANSWERS[1], 2: VALID_ANSWERS[2]})
    devices = [first] + [signed_in(resident) for _ in range(3)]
    tokens = []
    for device in devices[1:]:
        open_saved_answers(device, consultation)
    for device in devices:
        answer_steps(device, consultation, {3: VALID_ANSWERS[3]})
        tokens.append(submission_token(device, consultation))
    assert submit_at_once(devices, consultation, tokens) == [302, 409, 409, 409]
    assert Response.objects.count() == 1
