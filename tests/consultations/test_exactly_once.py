"""A double click, a refresh, a back-button resubmit or a replayed token never makes a second
response, and lands on the same confirmation."""

import pytest

from consultations import services
from consultations.models import Response

from .conftest import VALID_ANSWERS
from .helpers import answer_steps, submission_token, submit


@pytest.fixture
def submitted(client, consultation, skip_min_time):
    answer_steps(client, consultation, VALID_ANSWERS)
    token = submission_token(client, consultation)
    first = submit(client, consultation, token)
    assert first.status_code == 302
    return token, first["Location"]


def test_double_submit_makes_one_response(client, consultation, submitted):
    token, location = submitted
    second = submit(client, consultation, token)
    assert second.status_code == 302
    assert second["Location"] == location
    assert Response.objects.count() == 1


def test_refreshing_the_confirmation_makes_no_new_response(client, submitted):
    _token, location = submitted
    for _ in range(3):
        page = client.get(location)
        assert page.status_code == 200
    assert Response.objects.count() == 1
    assert Response.objects.get().reference in page.content.decode()


def test_replayed_token_from_another_session_lands_on_the_same_confirmation(
    client, consultation, submitted
):
    from django.test import Client

    token, location = submitted
    replay = Client().post(consultation.subpage_url("check_route"), {"submission_token": token})
    assert replay.status_code == 302
    assert replay["Location"] == location
    assert Response.objects.count() == 1


def test_back_button_after_submitting_does_not_resubmit(client, consultation, submitted):
    token, _location = submitted
    # After submitting, the journey is empty: the check page sends people to the first step.
    assert client.get(consultation.subpage_url("check_route")).status_code == 302
    assert submit(client, consultation, token).status_code == 302
    assert Response.objects.count() == 1


def test_the_service_is_idempotent_per_token(consultation):
    first, created = services.submit_response(consultation, answers=[], submission_token="t" * 43)
    again, created_again = services.submit_response(
        consultation, answers=[], submission_token="t" * 43
    )
    assert created and not created_again
    assert first.pk == again.pk
    assert Response.objects.count() == 1


def test_a_lost_race_returns_the_winners_response(consultation, monkeypatch):
    """Two requests pass the 'already used?' check at once; the unique token decides."""
    winner, _ = services.submit_response(consultation, answers=[], submission_token="race")
    real_filter = Response.objects.filter
    calls = {"n": 0}

    def filter_missing_first_time(*args, **kwargs):
        calls["n"] += 1
        if calls["n"] == 1 and kwargs.get("submission_token") == "race":
            return Response.objects.none()
        return real_filter(*args, **kwargs)

    monkeypatch.setattr(Response.objects, "filter", filter_missing_first_time)
    loser, created = services.submit_response(consultation, answers=[], submission_token="race")
    assert not created
    assert loser.pk == winner.pk
    assert Response.objects.count() == 1


def test_references_are_short_and_unambiguous(client, consultation, submitted):
    reference = Response.objects.get().reference
    assert len(reference) == 8
    assert not set(reference) & set("01OIL")
