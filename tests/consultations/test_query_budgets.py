"""Query budgets for the requests a respondent makes (issue 17): the start page, a survey step
shown and saved, check your answers, and the final submission. Each budget is what the
request made when it was set plus a small margin; a change that adds a query per answer, per
question or per step fails here instead of creeping into the p99. The budgets do not depend
on the survey's size: a survey with three times the questions has the same ones."""

import pytest

from consultations.models import Response
from tests.support.queries import within_budget

from .conftest import FULL_SURVEY, VALID_ANSWERS
from .helpers import check_url, step_url, submission_token, submit

# Measured on 2026-12-02 (PostgreSQL and SQLite alike): start 13, step shown 12-15, step
# saved 12-13, check your answers 17, submission 30-31 (one insert for every answer together).
BUDGETS = {"start": 14, "step_get": 18, "step_post": 15, "check": 20, "submit": 33}


def _renamed(field_name: str, copy: int) -> str:
    """A posted field name ("q-rank_0", "q-multi-other") for the copy's question id."""
    question_id = max((b["id"] for b in FULL_SURVEY if field_name.startswith(b["id"])), key=len)
    return f"{question_id}-{copy}{field_name[len(question_id) :]}"


def _tripled_survey():
    """Steps 1 and 2 three times over (new block ids), then the about-you step once."""
    about_you = next(i for i, block in enumerate(FULL_SURVEY) if block["id"] == "step-3")
    survey, answers = [], {}
    for copy in range(3):
        survey += [{**block, "id": f"{block['id']}-{copy}"} for block in FULL_SURVEY[:about_you]]
        for step in (1, 2):
            answers[copy * 2 + step] = {
                _renamed(name, copy): value for name, value in VALID_ANSWERS[step].items()
            }
    survey += FULL_SURVEY[about_you:]
    answers[7] = VALID_ANSWERS[3]
    return survey, answers


@pytest.mark.parametrize("size", ["small", "three times larger"])
def test_each_request_of_a_survey_stays_within_its_query_budget(
    client, make_consultation, skip_min_time, size
):
    if size == "small":
        survey, answers = FULL_SURVEY, VALID_ANSWERS
    else:
        survey, answers = _tripled_survey()
    consultation = make_consultation(survey=survey)
    client.get(consultation.url)  # the first request warms the process's caches

    assert within_budget(BUDGETS, "start", lambda: client.get(consultation.url)).status_code == 200
    for number, step_answers in answers.items():
        shown = within_budget(
            BUDGETS, "step_get", lambda n=number: client.get(step_url(consultation, n))
        )
        assert shown.status_code == 200
        saved = within_budget(
            BUDGETS,
            "step_post",
            lambda n=number, a=step_answers: client.post(step_url(consultation, n), a),
        )
        assert saved.status_code == 302, saved.content.decode()[:2000]
    assert (
        within_budget(BUDGETS, "check", lambda: client.get(check_url(consultation))).status_code
        == 200
    )
    token = submission_token(client, consultation)
    assert (
        within_budget(BUDGETS, "submit", lambda: submit(client, consultation, token)).status_code
        == 302
    )
    response = Response.objects.get()
    assert response.answers.count() == (11 if size == "small" else 27)
