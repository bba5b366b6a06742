"""With routes not everyone sees every question: the dashboard says, per question, how many
people saw it (were routed through it) next to how many answered, from the running totals and
from the live counts alike."""

import copy
import re

import pytest

from django.test import Client
from django.urls import reverse

from consultations.feedback import counts
from consultations.feedback.synthesis import build_synthesis, stored_synthesis
from consultations.models import Response
from tests.consultations.helpers import answer_steps, submission_token, submit
from tests.consultations.routed_survey import ROUTED_SURVEY, WHO

OPTIONAL_IDEA = copy.deepcopy(ROUTED_SURVEY)
OPTIONAL_IDEA[-1]["value"]["required"] = False

PEOPLE = [
    {1: {"q-who": "A young person"}, 2: {"q-young": "On buses"}, 4: {"q-idea": "Lights"}},
    {1: {"q-who": "A parent or carer"}, 3: {"q-parent": "Knives"}, 4: {"q-idea": ""}},
    {1: {"q-who": "A professional"}},
]


@pytest.fixture(autouse=True)
def every_count_shown(settings):
    settings.FEEDBACK_SUPPRESSION_THRESHOLD = 1


@pytest.fixture
def routed(make_consultation, skip_min_time):
    page = make_consultation("routed", survey=OPTIONAL_IDEA)
    for answers in PEOPLE:
        person = Client()
        answer_steps(person, page, answers)
        assert submit(person, page, submission_token(person, page)).status_code == 302
    return page


def said_under(html: str, label: str) -> str:
    match = re.search(rf'{re.escape(label)}</h3>\s*<p class="help">([^<]+)</p>', html)
    assert match, f"no summary for {label}"
    return match.group(1)


def test_each_response_records_the_questions_on_its_route(routed):
    seen = {
        response.answers.get(question_id="q-who").value_text: sorted(
            response.seen_questions.values_list("question_id", flat=True)
        )
        for response in Response.objects.all()
    }
    assert seen == {
        "A young person": ["q-idea", "q-who", "q-young"],
        "A parent or carer": ["q-idea", "q-parent", "q-who"],
        "A professional": ["q-who"],
    }


def test_the_dashboard_says_how_many_saw_each_question(routed, moderator):
    staff = Client()
    staff.force_login(moderator)
    for url in (reverse("feedback:dashboard"), reverse("feedback:dashboard", args=[routed.pk])):
        html = staff.get(url).content.decode()
        assert "3 answered. 3 people saw this question." in said_under(html, WHO)
        assert "1 answered. 1 person saw this question." in said_under(
            html, "Where do you feel least safe?"
        )
        # The parent was asked for an idea and left it blank (it is optional).
        assert "1 answered. 2 people saw this question." in said_under(
            html, "One idea to make your area safer"
        )
    assert counts.matches_stored(routed)


def test_live_and_stored_counts_agree_on_who_saw_what(routed):
    live = build_synthesis(Response.objects.counted().filter(consultation=routed))
    stored = stored_synthesis(routed)
    assert [(q.title, q.answered, q.seen) for q in live.questions] == [
        (q.title, q.answered, q.seen) for q in stored.questions
    ]
    assert [(q.title, q.seen) for q in live.questions] == [
        (WHO, 3),
        ("Where do you feel least safe?", 1),
        ("What worries you most?", 1),
        ("One idea to make your area safer", 2),
    ]
