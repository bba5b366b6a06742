"""Honeypot, minimum time to complete and a rate limit per hashed client address."""

from django.core.cache import cache
from django.test import override_settings

from consultations.models import Response
from consultations.services import hashed_client_address

from .conftest import VALID_ANSWERS
from .helpers import answer_steps, check_url, step_url, submission_token, submit


def test_honeypot_on_a_step_is_refused_kindly(client, consultation):
    response = client.post(step_url(consultation, 1), {**VALID_ANSWERS[1], "website": "x.biz"})
    assert response.status_code == 400
    assert "your answers were not sent" in response.content.decode()


def test_honeypot_on_submit_is_refused(client, consultation, skip_min_time):
    answer_steps(client, consultation, VALID_ANSWERS)
    token = submission_token(client, consultation)
    response = submit(client, consultation, token, website="http://spam.example")
    assert response.status_code == 400
    assert not Response.objects.exists()


def test_honeypot_is_hidden_from_people(client, consultation):
    body = client.get(step_url(consultation, 1)).content.decode()
    assert "<div hidden>" in body and 'name="website"' in body


def test_answering_too_fast_is_refused(client, consultation):
    answer_steps(client, consultation, VALID_ANSWERS)
    response = submit(client, consultation, submission_token(client, consultation))
    assert response.status_code == 400
    assert "taking your time" in response.content.decode()
    assert not Response.objects.exists()


def test_enough_time_is_accepted(client, consultation, time_machine):
    time_machine.move_to("2026-11-25 10:00:00+00:00", tick=False)
    consultation.opens_at = consultation.opens_at.replace(year=2026, month=1)
    consultation.save()
    answer_steps(client, consultation, VALID_ANSWERS)
    token = submission_token(client, consultation)
    time_machine.move_to("2026-11-25 10:00:04+00:00", tick=False)
    assert submit(client, consultation, token).status_code == 302
    assert Response.objects.count() == 1


@override_settings(CONSULTATION_RATE_LIMIT=(2, 3600))
def test_rate_limit_per_client_address(make_consultation, skip_min_time):
    from django.test import Client

    page = make_consultation()
    statuses = []
    for _ in range(3):
        client = Client(REMOTE_ADDR="203.0.113.9")
        answer_steps(client, page, VALID_ANSWERS)
        statuses.append(submit(client, page, submission_token(client, page)).status_code)
    assert statuses == [302, 302, 429]
    assert Response.objects.count() == 2
    # Someone on another connection is not affected.
    other = Client(REMOTE_ADDR="198.51.100.7")
    answer_steps(other, page, VALID_ANSWERS)
    assert submit(other, page, submission_token(other, page)).status_code == 302


@override_settings(CONSULTATION_RATE_LIMIT=(1, 3600))
def test_rate_limited_page_explains_what_to_do(make_consultation, skip_min_time):
    from django.test import Client

    page = make_consultation()
    for _ in range(2):
        client = Client(REMOTE_ADDR="203.0.113.10")
        answer_steps(client, page, VALID_ANSWERS)
        response = submit(client, page, submission_token(client, page))
    assert response.status_code == 429
    assert "try again in an hour" in response.content.decode()


def test_raw_addresses_are_never_stored(client, consultation, skip_min_time):
    address = "203.0.113.77"
    client.defaults["REMOTE_ADDR"] = address
    answer_steps(client, consultation, VALID_ANSWERS)
    submit(client, consultation, submission_token(client, consultation))
    keys = list(cache._cache.keys())  # locmem
    assert any(hashed_client_address(address) in key for key in keys)
    assert not any(address in key for key in keys)
    assert address not in str(Response.objects.values().get())


def test_expired_token_gets_a_clear_page(client, consultation, skip_min_time):
    answer_steps(client, consultation, VALID_ANSWERS)
    submission_token(client, consultation)
    response = client.post(check_url(consultation), {"submission_token": "not-the-token"})
    assert response.status_code == 400
    assert "This page has expired" in response.content.decode()
