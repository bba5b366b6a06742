"""Leaving and coming back: saved to the account when signed in, or by a private emailed link."""

import re
from datetime import timedelta

from django.core import mail
from django.test import Client
from django.utils import timezone

from consultations.models import ContinueLaterLink, Response, ResponseDraft
from consultations.services import purge_expired_continue_later_links

from .conftest import VALID_ANSWERS
from .helpers import answer_steps, check_url, step_url, submission_token, submit


def test_signed_in_resident_resumes_on_another_device(
    consultation, django_user_model, skip_min_time
):
    user = django_user_model.objects.create_user("res", "res@example.org", "x" * 16)
    phone = Client()
    phone.force_login(user)
    answer_steps(phone, consultation, {1: VALID_ANSWERS[1]})
    leave = phone.post(step_url(consultation, 2), {**VALID_ANSWERS[2], "action": "continue_later"})
    assert leave["Location"] == consultation.subpage_url("continue_later_route")
    assert "Your answers are saved" in phone.get(leave["Location"]).content.decode()
    assert ResponseDraft.objects.filter(user=user, consultation=consultation).exists()

    laptop = Client()
    laptop.force_login(user)
    start = laptop.get(consultation.url).content.decode()
    assert "Continue where you left off" in start
    # Steps 1 and 2 are restored; check-answers sends them on to step 3.
    assert laptop.get(check_url(consultation))["Location"] == step_url(consultation, 3)
    assert 'value="Hackney"' in laptop.get(step_url(consultation, 1)).content.decode()
    answer_steps(laptop, consultation, {3: VALID_ANSWERS[3]})
    assert submit(laptop, consultation, submission_token(laptop, consultation)).status_code == 302
    assert Response.objects.get().user == user
    # The sent answers are deleted; only the key they were sent under is kept, so another
    # device holding them cannot send them again.
    assert ResponseDraft.objects.get().answers == {}


def test_continue_later_link_by_email(client, consultation, skip_min_time):
    answer_steps(client, consultation, {1: VALID_ANSWERS[1], 2: VALID_ANSWERS[2]})
    url = consultation.subpage_url("continue_later_route")
    asked = client.post(url, {"email": "young.person@example.org"})
    assert "Check your email" in asked.content.decode()
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["young.person@example.org"]
    link = re.search(r"http://testserver(\S+/resume/\S+/)", message.body).group(1)

    link_row = ContinueLaterLink.objects.get()
    token = link.rstrip("/").rsplit("/", 1)[1]
    assert link_row.token_hash != token  # only a hash is stored
    assert "young.person" not in str(link_row.answers)

    other_device = Client()
    restored = other_device.get(link)
    assert restored["Location"] == check_url(consultation)
    assert other_device.get(check_url(consultation))["Location"] == step_url(consultation, 3)
    answer_steps(other_device, consultation, {3: VALID_ANSWERS[3]})
    token = submission_token(other_device, consultation)
    assert submit(other_device, consultation, token).status_code == 302
    assert Response.objects.get().answers.get(question_id="q-short").value_text == "Hackney"


def test_continue_later_needs_a_valid_email(client, consultation):
    answer_steps(client, consultation, {1: VALID_ANSWERS[1]})
    response = client.post(consultation.subpage_url("continue_later_route"), {"email": "nope"})
    assert "Enter an email address like name@example.com" in response.content.decode()
    assert not ContinueLaterLink.objects.exists()


def test_expired_or_wrong_links_get_a_friendly_page(client, consultation):
    bad = client.get(consultation.subpage_url("resume_route", token="made-up"))
    assert bad.status_code == 404
    assert "This link does not work" in bad.content.decode()
    link = ContinueLaterLink.objects.create(
        consultation=consultation,
        token_hash=ContinueLaterLink.hash_token("old"),
        answers={"data": {}, "visited": []},
        expires_at=timezone.now() - timedelta(minutes=1),
    )
    assert client.get(consultation.subpage_url("resume_route", token="old")).status_code == 404
    assert purge_expired_continue_later_links() == 1
    assert not ContinueLaterLink.objects.filter(pk=link.pk).exists()
