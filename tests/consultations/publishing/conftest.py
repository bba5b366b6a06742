"""Fixtures for publishing responses with consent (decision 0036): a consultation that
publishes responses, a respondent's walk through real HTTP, and staff."""

import re

import pytest

from consultations.models import Response
from home.models import OutboundEmail
from tests.consultations.conftest import question
from tests.consultations.helpers import answer_steps, check_url, submission_token, submit
from tests.support.staff import staff_member

SURVEY = [
    question("q-long", "long_text", label="What would help?", max_length=500),
    question("q-single", "single_choice", label="How safe?", options_list=["Safe", "Unsafe"]),
    question("q-age", "age_band", label="How old are you?", required=False),
]
WORDS = "More youth clubs. Call Jamie Smith on 07700 900123 if you want to know more."


def answers(age_band=""):
    return {1: {"q-long": WORDS, "q-single": "Safe", "q-age": age_band}}


@pytest.fixture
def publishing(make_consultation):
    return make_consultation(slug="publishing", survey=SURVEY, publish_responses=True)


def send(client, page, age_band="", **choice) -> Response:
    """Answer and send, with what the person chose about publishing; returns the response."""
    answer_steps(client, page, answers(age_band))
    reply = submit(client, page, submission_token(client, page), **choice)
    assert reply.status_code == 302, reply.content.decode()[:3000]
    return Response.objects.order_by("-pk").first()


def check_page(client, page, age_band="") -> str:
    answer_steps(client, page, answers(age_band))
    return client.get(check_url(page)).content.decode()


def parent_link() -> str:
    email = OutboundEmail.objects.get(purpose="consultations.publication_parent_consent")
    match = re.search(r"https?://[^/\s]+(/publish-consent/parent/\S+/)", email.body_text)
    assert match, email.body_text
    return match.group(1)


def _staff(django_user_model, username, group=None, permissions=()):
    return staff_member(django_user_model, username, group, ("access_admin", *permissions))


@pytest.fixture
def moderator(db, django_user_model):
    return _staff(django_user_model, "moderator", "Feedback moderator")


@pytest.fixture
def reader(db, django_user_model):
    """Sees responses but may not decide what is published."""
    return _staff(django_user_model, "reader", permissions=["view_response"])
