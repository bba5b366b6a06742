"""A disclosure of harm in a consultation answer reaches the Safeguarding queue, alerts the
leads without the answer text, and changes nothing for the respondent but the help panel."""

import pytest

from django.contrib.auth.models import Group, User
from django.core import mail

from consultations.models import Response
from safeguarding.models import SafeguardingFlag

from .conftest import VALID_ANSWERS
from .helpers import answer_steps, submission_token, submit

DISCLOSURE = "My stepdad hits me when he is drunk and I am scared to go home"


@pytest.fixture
def lead(db):
    user = User.objects.create_user("lead", "lead@example.org", "pw-lead-123456")
    user.groups.add(Group.objects.get(name="Safeguarding lead"))
    return user


def answer_and_submit(client, consultation, long_answer):
    answers = {**VALID_ANSWERS, 1: {**VALID_ANSWERS[1], "q-long": long_answer}}
    answer_steps(client, consultation, answers)
    response = submit(client, consultation, submission_token(client, consultation))
    assert response.status_code == 302
    return client.get(response["Location"])


def test_disclosure_is_flagged_and_leads_alerted_without_the_text(
    client, make_consultation, skip_min_time, lead
):
    survey_with_room = make_consultation(slug="room")
    # The fixture's long-text limit is 50 characters; allow a longer disclosure.
    survey_with_room.survey[2].value["max_length"] = 200
    survey_with_room.save_revision().publish()

    confirmation = answer_and_submit(client, survey_with_room, DISCLOSURE)

    assert confirmation.status_code == 200
    response = Response.objects.get()
    assert response.moderation_status == Response.ModerationStatus.NEW  # not hidden
    flag = SafeguardingFlag.objects.get()
    assert flag.source == response
    assert response.reference in flag.source_label
    assert "abuse" in " ".join(flag.categories.values_list("name", flat=True)).lower()
    alerts = [message for message in mail.outbox if message.to == ["lead@example.org"]]
    assert len(alerts) == 1
    assert "hits me" not in alerts[0].subject + alerts[0].body
    # The respondent sees where to get help on the confirmation page.
    assert "Childline" in confirmation.content.decode()


def test_ordinary_answers_raise_no_flag(client, consultation, skip_min_time, lead):
    answer_and_submit(client, consultation, "More youth clubs")
    assert Response.objects.count() == 1
    assert not SafeguardingFlag.objects.exists()
    assert not [message for message in mail.outbox if message.to == ["lead@example.org"]]
