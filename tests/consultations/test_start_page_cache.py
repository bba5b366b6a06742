"""The consultation's own page is kept by the anonymous page cache for visitors with no session
(it has no form and nothing personal), never once someone has answers in progress, and never
past the moment the consultation opens or closes."""

from datetime import timedelta

import pytest

from django.test import Client
from django.utils import timezone

from .conftest import VALID_ANSWERS
from .helpers import answer_steps


@pytest.fixture(autouse=True)
def page_cache_on(settings):
    settings.PAGE_CACHE_SECONDS = 300


def test_visitors_without_a_session_share_one_cached_copy(consultation):
    first = Client().get(consultation.url)
    second = Client().get(consultation.url)
    assert first["X-Cache"] == "MISS"
    assert second["X-Cache"] == "HIT"
    assert "Start now" in second.content.decode()
    assert "no-store" not in first.get("Cache-Control", "")
    assert not second.cookies


def test_someone_with_answers_in_progress_gets_their_own_page(client, consultation):
    Client().get(consultation.url)  # the shared copy is now stored
    answer_steps(client, consultation, {1: VALID_ANSWERS[1]})
    response = client.get(consultation.url)
    assert response.get("X-Cache") is None
    assert "no-store" in response["Cache-Control"]
    assert "Continue where you left off" in response.content.decode()


def test_the_page_is_kept_no_longer_than_until_it_closes(make_consultation, time_machine):
    now = timezone.now()
    time_machine.move_to(now, tick=False)
    page = make_consultation()
    page.closes_at = now + timedelta(seconds=60)
    page.save_revision().publish()
    assert page.seconds_until_status_changes() == 60
    assert Client().get(page.url)["X-Cache"] == "MISS"
    assert Client().get(page.url)["X-Cache"] == "HIT"

    time_machine.move_to(now + timedelta(seconds=61), tick=False)
    after_closing = Client().get(page.url)
    assert after_closing["X-Cache"] == "MISS"
    assert "This consultation closed on" in after_closing.content.decode()


def test_a_closed_consultation_is_kept_until_the_next_publish(make_consultation):
    page = make_consultation(opens_in=-30, closes_in=-1)
    assert page.seconds_until_status_changes() is None
    Client().get(page.url)
    assert Client().get(page.url)["X-Cache"] == "HIT"
