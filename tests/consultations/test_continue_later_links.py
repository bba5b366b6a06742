"""The whole life of a "continue later" link, through real HTTP: it restores the answers
until they are sent, the account behind it is deleted, or it expires; the answers it held
are deleted when sent; and two browsers holding the same answers can send them only once."""

import re
from datetime import timedelta

import pytest

from django.core import mail
from django.db import connection
from django.test import Client
from django.utils import timezone

from consultations.models import ContinueLaterLink, Response
from consultations.services import purge_expired_continue_later_links
from tests.accounts.helpers import PASSWORD, make_user, sign_in

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


def ask_for_link(client, consultation, email="young.person@example.org") -> str:
    """Answers steps 1 and 2, asks for a link by email and returns the link's path."""
    answer_steps(client, consultation, {1: VALID_ANSWERS[1], 2: VALID_ANSWERS[2]})
    sent_before = len(mail.outbox)
    asked = client.post(consultation.subpage_url("continue_later_route"), {"email": email})
    assert asked.status_code == 200
    assert len(mail.outbox) == sent_before + 1
    return re.search(r"http://testserver(\S+/resume/\S+/)", mail.outbox[-1].body).group(1)


def finish_and_send(client, consultation):
    answer_steps(client, consultation, {3: VALID_ANSWERS[3]})
    return submit(client, consultation, submission_token(client, consultation))


def resume(client, link):
    restored = client.get(link)
    assert restored.status_code == 302, restored.content.decode()[:2000]
    return restored


def test_a_link_used_to_send_the_answers_is_used_up(client, consultation, skip_min_time):
    link = ask_for_link(client, consultation)
    phone = Client()
    resume(phone, link)
    assert finish_and_send(phone, consultation).status_code == 302

    again = Client().get(link)

    assert again.status_code == 410
    body = again.content.decode()
    assert "These answers have already been sent" in body
    assert "Hackney" not in body
    stored = ContinueLaterLink.objects.get()
    assert stored.answers == {}  # the unfinished answers it held are gone
    assert stored.used_at is not None
    assert Response.objects.count() == 1


def test_sending_from_the_browser_that_asked_for_the_link_ends_it(
    client, consultation, skip_min_time
):
    link = ask_for_link(client, consultation)
    assert finish_and_send(client, consultation).status_code == 302

    assert Client().get(link).status_code == 410
    assert ContinueLaterLink.objects.get().answers == {}


def test_two_browsers_resuming_one_link_cannot_both_send(client, consultation, skip_min_time):
    link = ask_for_link(client, consultation)
    phone, laptop = Client(), Client()
    resume(phone, link)
    resume(laptop, link)
    first, second = send_from_both(phone, laptop, consultation, {3: VALID_ANSWERS[3]})

    assert first.status_code == 302

    assert second.status_code == 409
    assert "These answers have already been sent" in second.content.decode()
    assert Response.objects.count() == 1
    # The browser that asked for the link cannot send them a third time either.
    assert finish_and_send(client, consultation).status_code == 409
    assert Response.objects.count() == 1
    # The refused browser starts afresh rather than holding answers it cannot send.
    assert laptop.get(check_url(consultation))["Location"] == step_url(consultation, 1)


def test_a_newer_link_for_the_same_answers_shares_their_fate(client, consultation, skip_min_time):
    first = ask_for_link(client, consultation)
    second_ask = client.post(
        consultation.subpage_url("continue_later_route"), {"email": "young.person@example.org"}
    )
    assert second_ask.status_code == 200
    second = re.search(r"http://testserver(\S+/resume/\S+/)", mail.outbox[-1].body).group(1)
    assert first != second
    phone, laptop = Client(), Client()
    resume(phone, first)
    resume(laptop, second)
    assert finish_and_send(phone, consultation).status_code == 302

    assert finish_and_send(laptop, consultation).status_code == 409
    assert Client().get(second).status_code == 410
    assert Response.objects.count() == 1


def test_deleting_the_account_ends_its_links(consultation, skip_min_time):
    resident = make_user(email="resident@example.org")
    browser = Client()
    sign_in(browser, resident.email)
    link = ask_for_link(browser, consultation, email=resident.email)
    assert ContinueLaterLink.objects.get().user == resident

    page = browser.get("/my-account/delete/")
    browser.post(page["Location"], {"password": PASSWORD})
    assert browser.post("/my-account/delete/").status_code == 200

    opened = Client().get(link)
    assert opened.status_code == 404
    assert "Hackney" not in opened.content.decode()
    assert not ContinueLaterLink.objects.exists()


def test_a_link_resumed_by_a_signed_in_resident_ends_with_their_account(
    client, consultation, skip_min_time
):
    link = ask_for_link(client, consultation)
    resident = make_user(email="resident@example.org")
    browser = Client()
    sign_in(browser, resident.email)
    resume(browser, link)
    assert ContinueLaterLink.objects.get().user == resident

    page = browser.get("/my-account/delete/")
    browser.post(page["Location"], {"password": PASSWORD})
    browser.post("/my-account/delete/")

    assert Client().get(link).status_code == 404


def test_a_signed_in_resident_sending_their_answers_ends_their_links(consultation, skip_min_time):
    resident = make_user(email="resident@example.org")
    browser = Client()
    sign_in(browser, resident.email)
    link = ask_for_link(browser, consultation, email=resident.email)
    other_device = Client()
    sign_in(other_device, resident.email)
    # The account's saved answers reach the other device without the link.
    assert finish_and_send(other_device, consultation).status_code == 302

    assert Client().get(link).status_code == 410


def test_an_expired_link_restores_nothing_and_is_purged(client, consultation, time_machine):
    link = ask_for_link(client, consultation)
    time_machine.move_to(timezone.now() + timedelta(days=7, minutes=1), tick=False)

    opened = Client().get(link)

    assert opened.status_code == 404
    assert "This link does not work" in opened.content.decode()
    assert purge_expired_continue_later_links() == 1
    assert not ContinueLaterLink.objects.exists()


def test_a_used_link_is_purged_when_it_would_have_expired(client, consultation, skip_min_time):
    link = ask_for_link(client, consultation)
    assert finish_and_send(client, consultation).status_code == 302
    assert purge_expired_continue_later_links() == 0
    assert purge_expired_continue_later_links(now=timezone.now() + timedelta(days=8)) == 1
    assert Client().get(link).status_code == 404


def test_too_many_links_to_one_inbox_are_refused_and_the_answers_kept(consultation, skip_min_time):
    url = consultation.subpage_url("continue_later_route")
    statuses = []
    for _ in range(6):
        browser = Client()
        answer_steps(browser, consultation, {1: VALID_ANSWERS[1]})
        statuses.append(browser.post(url, {"email": "someone@example.org"}).status_code)
    assert statuses == [200] * 5 + [429]
    assert len(mail.outbox) == 5
    refused = browser.post(url, {"email": "someone@example.org"}).content.decode()
    assert "We could not send another link just now" in refused
    assert 'value="Hackney"' in browser.get(step_url(consultation, 1)).content.decode()


@pytest.mark.postgres
@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL row locks")
@pytest.mark.django_db(transaction=True)
def test_two_browsers_sending_one_link_at_the_same_moment_make_one_response(
    make_consultation, monkeypatch
):
    monkeypatch.setattr("consultations.views.MIN_SECONDS_TO_COMPLETE", 0)
    consultation = make_consultation()
    maker = Client()
    link = ask_for_link(maker, consultation)
    browsers = [Client() for _ in range(4)]
    tokens = []
    for browser in browsers:
        resume(browser, link)
        answer_steps(browser, consultation, {3: VALID_ANSWERS[3]})
        tokens.append(submission_token(browser, consultation))
    assert submit_at_once(browsers, consultation, tokens) == [302, 409, 409, 409]
    assert Response.objects.count() == 1
