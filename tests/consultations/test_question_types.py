"""Every question type: a valid answer is stored with its snapshot; invalid input is rejected
with the error summary and a message beside the field, keeping what was typed."""

import pytest

from consultations.models import Answer, Response

from .conftest import question
from .helpers import answer_steps, step_url, submission_token, submit

CASES = [
    (
        question("q", "short_text", label="Your area", max_length=10),
        {"q": "Hackney"},
        {"value_text": "Hackney"},
        [({"q": ""}, "Enter your answer"), ({"q": "x" * 11}, "10 characters or fewer")],
    ),
    (
        question("q", "long_text", label="Tell us", max_length=20),
        {"q": "More clubs please"},
        {"value_text": "More clubs please"},
        [({"q": "y" * 21}, "20 characters or fewer"), ({"q": "   "}, "Enter your answer")],
    ),
    (
        question("q", "single_choice", label="Safe?", options_list=["Yes", "No"]),
        {"q": "No"},
        {"value_text": "No", "value_choices": ["No"], "question_options": ["Yes", "No"]},
        [({"q": "Maybe"}, "Choose one of the options"), ({}, "Choose an answer")],
    ),
    (
        question(
            "q", "multiple_choice", label="Where?", options_list=["Park", "Club"], allow_other=True
        ),
        {"q": ["Club", "__other__"], "q-other": "Library"},
        {"value_choices": ["Club", "Other"], "value_text": "Library"},
        [
            ({"q": ["Park", "Zoo"]}, "Choose from the options shown"),
            ({"q": ["__other__"]}, "Tell us what &#x27;Other&#x27; means for you"),
            ({}, "Choose at least one answer"),
        ],
    ),
    (
        question("q", "agreement_scale", label="Agree?", options_list=["Agree", "Disagree"]),
        {"q": "Disagree"},
        {"value_choices": ["Disagree"], "question_options": ["Agree", "Disagree"]},
        [({"q": "Sort of"}, "Choose one of the options")],
    ),
    (
        question("q", "yes_no", label="Trusted adult?"),
        {"q": "Yes"},
        {"value_text": "Yes", "value_choices": ["Yes"]},
        [({"q": "yes please"}, "Choose yes or no"), ({}, "Choose yes or no")],
    ),
    (
        question("q", "number", label="Minutes", min_value=0, max_value=60),
        {"q": "15"},
        {"value_number": 15, "question_settings": {"min_value": 0, "max_value": 60}},
        [
            ({"q": "fifteen"}, "Enter a whole number"),
            ({"q": "61"}, "60 or less"),
            ({"q": "-1"}, "0 or more"),
            ({"q": "1.5"}, "Enter a whole number"),
        ],
    ),
    (
        question("q", "ranking", label="Order", options_list=["A", "B", "C"]),
        {"q_0": "3", "q_1": "1", "q_2": "2"},
        {"value_choices": ["B", "C", "A"], "question_options": ["A", "B", "C"]},
        [
            ({"q_0": "1", "q_1": "1", "q_2": "2"}, "Use each position once"),
            ({"q_0": "1", "q_1": "", "q_2": "2"}, "Give every option a position"),
            ({"q_0": "1", "q_1": "9", "q_2": "2"}, "Choose a position from the list"),
            ({}, "Put every option in order"),
        ],
    ),
    (
        question("q", "age_band", label="How old are you?"),
        {"q": "18_25"},
        {"value_text": "18 to 25", "value_choices": ["18 to 25"]},
        [({"q": "99"}, "Choose one of the age groups")],
    ),
    (
        question("q", "borough", label="Borough"),
        {"q": "Lambeth"},
        {"value_text": "Lambeth"},
        [({"q": "Gotham"}, "Choose a borough from the list")],
    ),
    (
        question("q", "network", label="Groups", kinds=["ypag", "housing_youth"], required=True),
        {"q": ["Young People's Action Group"]},
        {
            "value_choices": ["Young People's Action Group"],
            "question_options": [
                "Young People's Action Group",
                "Housing Association Youth Network",
                "None of these",
            ],
        },
        [
            ({"q": ["Hackney parent and carer champions"]}, "Choose from the groups shown"),
            (
                {"q": ["None of these", "Young People's Action Group"]},
                "Choose &#x27;None of these&#x27; on its own",
            ),
            ({}, "Choose the groups you are part of, or &#x27;None of these&#x27;"),
        ],
    ),
    (
        question("q", "equality", topic="disability", label="", required=False),
        {"q": "Prefer not to say"},
        {"value_text": "Prefer not to say", "question_options": ["Yes", "No", "Prefer not to say"]},
        [({"q": "Perhaps"}, "Choose one of the options")],
    ),
]


@pytest.mark.parametrize(("block", "valid", "expected", "invalid"), CASES, ids=lambda c: "")
def test_valid_answer_is_stored_with_its_snapshot(
    client, make_consultation, skip_min_time, block, valid, expected, invalid
):
    page = make_consultation(survey=[block])
    answer_steps(client, page, {1: valid})
    token = submission_token(client, page)
    assert submit(client, page, token).status_code == 302
    answer = Answer.objects.get()
    assert answer.question_id == "q"
    assert answer.question_type == block["type"]
    assert answer.question_label
    for field, value in expected.items():
        assert getattr(answer, field) == value, field


@pytest.mark.parametrize(("block", "valid", "expected", "invalid"), CASES, ids=lambda c: "")
def test_invalid_answers_get_an_error_summary(
    client, make_consultation, block, valid, expected, invalid
):
    page = make_consultation(survey=[block])
    client.get(step_url(page, 1))
    for data, message in invalid:
        response = client.post(step_url(page, 1), data)
        body = response.content.decode()
        assert response.status_code == 200, data
        assert "There is a problem" in body, data
        assert message in body, (data, message)
        assert 'class="error-message"' in body
        assert "<title>Error: " in body
    assert not Response.objects.exists()


def test_the_form_keeps_what_was_typed(client, make_consultation):
    page = make_consultation(
        survey=[
            question("q-area", "short_text", label="Area", max_length=50),
            question("q-num", "number", label="Number", min_value=0, max_value=5),
        ]
    )
    response = client.post(step_url(page, 1), {"q-area": "Peckham <b>Rye</b>", "q-num": "9"})
    body = response.content.decode()
    assert 'value="Peckham &lt;b&gt;Rye&lt;/b&gt;"' in body
    assert 'value="9"' in body


def test_the_borough_answer_sets_the_response_borough_and_age_band(
    client, consultation, skip_min_time
):
    from .conftest import VALID_ANSWERS

    answer_steps(client, consultation, VALID_ANSWERS)
    submit(client, consultation, submission_token(client, consultation))
    response = Response.objects.get()
    assert response.borough.name == "Hackney"
    assert response.age_band == "16_17"
    assert list(response.answers.values_list("position", flat=True)) == list(range(1, 12))


def test_long_text_shows_its_character_limit(client, make_consultation):
    page = make_consultation(survey=[question("q", "long_text", label="Tell us", max_length=30)])
    body = client.get(step_url(page, 1)).content.decode()
    assert 'data-maxlength="30"' in body
    assert "up to 30 characters" in body
    textarea = body[body.index("<textarea") : body.index("</textarea>")]
    assert " maxlength=" not in textarea


def test_equality_questions_always_offer_prefer_not_to_say(client, make_consultation):
    page = make_consultation(
        survey=[
            question(f"q-{topic}", "equality", topic=topic, label="", required=False)
            for topic in ("gender", "ethnicity", "religion", "sexual_orientation")
        ]
    )
    body = client.get(step_url(page, 1)).content.decode()
    assert body.count('value="Prefer not to say"') == 4


def test_the_network_answer_sets_the_response_networks(client, make_consultation, skip_min_time):
    page = make_consultation(
        survey=[question("q", "network", label="Which groups are you part of?", kinds=[])]
    )
    chosen = ["Hackney parent and carer champions", "Housing Association Youth Network"]
    answer_steps(client, page, {1: {"q": chosen}})
    assert submit(client, page, submission_token(client, page)).status_code == 302
    response = Response.objects.get()
    assert sorted(response.networks.values_list("name", flat=True)) == sorted(chosen)
    options = Answer.objects.get().question_options
    assert len(options) > 30  # every network, then "None of these"
    assert options[-1] == "None of these"


def test_none_of_these_sets_no_network(client, make_consultation, skip_min_time):
    page = make_consultation(survey=[question("q", "network", label="Groups")])
    answer_steps(client, page, {1: {"q": ["None of these"]}})
    assert submit(client, page, submission_token(client, page)).status_code == 302
    assert not Response.objects.get().networks.exists()
