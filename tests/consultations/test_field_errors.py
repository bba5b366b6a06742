"""Errors a resident can read: each names its question, typed "other" text counts as choosing
"Other" (the box is always visible without JavaScript), and coming back to saved answers does
not open on a page full of errors."""

import re
from html import unescape

from django.test import Client

from consultations.models import Answer

from .conftest import VALID_ANSWERS, question, section
from .helpers import answer_steps, check_url, step_url, submission_token, submit

TWO_CHOICES = [
    section("s-1", "Your area"),
    question(
        "q-safe", "single_choice", label="How safe do you feel?", options_list=["Safe", "Not"]
    ),
    question("q-dark", "single_choice", label="After dark?", options_list=["Safe", "Not"]),
    question("q-scale", "agreement_scale", label="Enough clubs?", options_list=["Yes", "No"]),
    question("q-yes", "yes_no", label="Trusted adult?"),
    question("q-yes-2", "yes_no", label="Youth worker?"),
    question("q-text", "short_text", label="Your street", max_length=20),
    question("q-long", "long_text", label="What would help?", max_length=50),
    question("q-num", "number", label="Minutes to walk", min_value=0, max_value=60),
    question("q-rank", "ranking", label="Order these", options_list=["A", "B"]),
    question("q-rank-2", "ranking", label="And these", options_list=["C", "D"]),
    question("q-multi", "multiple_choice", label="Where do you go?", options_list=["Park", "Club"]),
    question("q-gender", "equality", topic="gender", label="", required=True),
    question("q-sexuality", "equality", topic="sexual_orientation", label="", required=True),
]


def summary_links(html: str) -> list[str]:
    summary = re.search(r'<div class="error-summary".*?</div>', html, re.S)
    assert summary, "no error summary"
    return [unescape(text) for text in re.findall(r"<a [^>]*>(.*?)</a>", summary.group(0))]


def test_every_error_names_its_question(client, make_consultation):
    page = make_consultation(survey=TWO_CHOICES)
    client.get(step_url(page, 1))
    result = client.post(step_url(page, 1), {})
    assert result.status_code == 200
    links = summary_links(result.content.decode())
    assert len(links) == len(TWO_CHOICES) - 1
    assert len(set(links)) == len(links), links
    assert "Choose an answer to 'How safe do you feel?'" in links
    assert "Choose an answer to 'After dark?'" in links
    assert "Choose yes or no for 'Trusted adult?'" in links
    assert "Enter your answer to 'Your street'" in links
    assert "Put every option in order for 'Order these'" in links
    assert "Choose at least one answer to 'Where do you go?'" in links


def test_too_long_answers_name_their_question(client, make_consultation):
    page = make_consultation(survey=TWO_CHOICES)
    client.get(step_url(page, 1))
    html = client.post(step_url(page, 1), {"q-text": "x" * 21, "q-long": "y" * 51}).content
    links = summary_links(html.decode())
    assert "Your answer to 'Your street' must be 20 characters or fewer" in links
    assert "Your answer to 'What would help?' must be 50 characters or fewer" in links


def test_typing_other_without_ticking_it_counts_as_other(client, consultation, skip_min_time):
    step_1 = {**VALID_ANSWERS[1], "q-multi": ["Park"], "q-multi-other": "The library"}
    answer_steps(client, consultation, {1: step_1, 2: VALID_ANSWERS[2], 3: VALID_ANSWERS[3]})
    # Shown again with "Other" ticked, as it was understood.
    again = client.get(step_url(consultation, 1) + "?return=check").content.decode()
    assert re.search(r'<input[^>]*value="__other__"[^>]*checked', again)
    assert submit(client, consultation, submission_token(client, consultation)).status_code == 302
    answer = Answer.objects.get(question_id="q-multi")
    assert answer.value_choices == ["Park", "Other"]
    assert answer.value_text == "The library"


def test_typed_other_alone_answers_a_required_question(client, consultation):
    step_1 = {**VALID_ANSWERS[1], "q-multi-other": "The library"}
    del step_1["q-multi"]
    client.get(step_url(consultation, 1))
    result = client.post(step_url(consultation, 1), step_1)
    assert result.status_code == 302, summary_links(result.content.decode())


def test_blank_other_text_is_not_an_answer(client, consultation):
    step_1 = {**VALID_ANSWERS[1], "q-multi-other": "   "}
    del step_1["q-multi"]
    client.get(step_url(consultation, 1))
    result = client.post(step_url(consultation, 1), step_1)
    assert result.status_code == 200
    assert "Choose at least one answer to 'Where do you go?'" in summary_links(
        result.content.decode()
    )


def test_resuming_a_half_finished_step_shows_no_errors(consultation, django_user_model):
    user = django_user_model.objects.create_user("res", "res@example.org", "x" * 16)
    phone = Client()
    phone.force_login(user)
    answer_steps(phone, consultation, {1: VALID_ANSWERS[1]})
    phone.get(step_url(consultation, 2))
    # Half of step 2, then "continue later".
    left = phone.post(step_url(consultation, 2), {"q-scale": "Agree", "action": "continue_later"})
    assert left.status_code == 302

    laptop = Client()
    laptop.force_login(user)
    landing = laptop.get(check_url(consultation))
    assert landing["Location"] == step_url(consultation, 2)
    html = laptop.get(landing["Location"]).content.decode()
    assert 'class="error-summary"' not in html
    assert "<title>Error" not in html
    assert re.search(r'<input[^>]*value="Agree"[^>]*checked', html)  # kept, not lost
    # Sending the step as it is still says what is missing.
    result = laptop.post(step_url(consultation, 2), {"q-scale": "Agree"})
    assert 'class="error-summary"' in result.content.decode()
