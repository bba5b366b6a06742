"""Honeypot, minimum time to complete, a limit per browser session and a high ceiling per
hashed client address (group sessions: test_group_sessions.py)."""

from django.core.cache import cache
from django.test import Client, override_settings

from consultations.models import Response
from home.ratelimit import hashed_client_address

from .conftest import VALID_ANSWERS, question
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


# A one-step survey keeps journeys of many people quick.
SHORT_SURVEY = [
    question("q-where", "short_text", label="Where do you live?", max_length=40),
    question("q-safe", "single_choice", label="How safe?", options_list=["Safe", "Unsafe"]),
]
SHORT_ANSWERS = {1: {"q-where": "Hackney", "q-safe": "Safe"}}


def send_once(client, page):
    answer_steps(client, page, SHORT_ANSWERS)
    return submit(client, page, submission_token(client, page))


def test_a_crowd_on_one_connection_is_not_refused(make_consultation, skip_min_time):
    """Fifteen people at a youth club, each on their own phone, one Wi-Fi (the tenth was
    refused before)."""
    page = make_consultation(survey=SHORT_SURVEY)
    statuses = [send_once(Client(REMOTE_ADDR="203.0.113.9"), page).status_code for _ in range(15)]
    assert statuses == [302] * 15
    assert Response.objects.count() == 15


@override_settings(CONSULTATION_SESSION_LIMIT=(2, 3600))
def test_one_browser_sending_again_and_again_is_paused_and_keeps_its_answers(
    make_consultation, skip_min_time
):
    page = make_consultation(survey=SHORT_SURVEY)
    browser = Client(REMOTE_ADDR="203.0.113.9")
    assert [send_once(browser, page).status_code for _ in range(2)] == [302, 302]

    answer_steps(browser, page, SHORT_ANSWERS)
    token = submission_token(browser, page)
    refused = submit(browser, page, token)

    assert refused.status_code == 429
    body = refused.content.decode()
    assert "Too many answers from this browser" in body
    assert "they are kept in this browser" in body
    assert check_url(page) in body and page.subpage_url("continue_later_route") in body
    assert Response.objects.count() == 2
    # Nothing typed is lost: the answers are still there, and go once the hour has passed.
    assert "Hackney" in browser.get(check_url(page)).content.decode()
    cache.clear()
    assert submit(browser, page, token).status_code == 302
    assert Response.objects.count() == 3
    # Someone else on the same connection was never affected.
    assert send_once(Client(REMOTE_ADDR="203.0.113.9"), page).status_code == 302


def test_a_script_posting_500_answers_from_one_address_is_stopped(make_consultation, skip_min_time):
    """No browser session is kept between answers, as a script would do; each answer is
    sent twice, as a retrying script would. The ceiling (200 an hour) stops the flood with a
    clear page, and nothing is stored twice."""
    page = make_consultation(survey=SHORT_SURVEY)
    statuses = []
    for _ in range(500):
        bot = Client(REMOTE_ADDR="198.51.100.66")
        assert bot.post(step_url(page, 1), SHORT_ANSWERS[1]).status_code == 302
        token = submission_token(bot, page)
        first = submit(bot, page, token)
        statuses.append(first.status_code)
        if first.status_code == 302:
            assert submit(bot, page, token)["Location"] == first["Location"]
        else:
            refused = first
    assert statuses.count(302) == 200
    assert statuses[200:] == [429] * 300
    assert Response.objects.count() == 200
    assert Response.objects.values("submission_token").distinct().count() == 200
    body = refused.content.decode()
    assert "Too many answers from your connection" in body
    assert "group link" in body
    # The refused answers were kept: the page links back to them.
    assert "Hackney" in bot.get(check_url(page)).content.decode()
    # A person on another connection is not affected.
    assert send_once(Client(REMOTE_ADDR="192.0.2.44"), page).status_code == 302


def test_ipv6_addresses_count_by_their_64_prefix():
    assert hashed_client_address("2001:db8:1:2::1") == hashed_client_address(
        "2001:db8:1:2:ffff:ffff:ffff:ffff"
    )
    assert hashed_client_address("2001:db8:1:2::1") != hashed_client_address("2001:db8:1:3::1")
    assert hashed_client_address("::ffff:203.0.113.9") == hashed_client_address("203.0.113.9")
    assert hashed_client_address("203.0.113.9") != hashed_client_address("203.0.113.10")


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
