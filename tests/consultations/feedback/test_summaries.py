"""Each question type's summary on the dashboard, from its block: ranking (first-choice share and
mean rank), number (distribution, median, range), agreement scale (in scale order), single and
multiple choice said as such, free text (answered, coded share, top tags and areas, quotes),
and "over time" with every period in the range. Unfiltered (running totals) and filtered (live)
dashboards must show the same summaries."""

import re
from datetime import timedelta

import pytest

from django.urls import reverse
from django.utils import timezone

from consultations.blocks import AGREEMENT_POINTS
from consultations.feedback import counts
from consultations.feedback.services import set_answer_coding
from consultations.models import Quote
from home.formatting import format_date
from home.models import PriorityArea
from tests.consultations.feedback.factories import AnswerFactory, ResponseFactory, add_answer

RANK_OPTIONS = ["Clubs", "Lights", "Adults"]


@pytest.fixture(autouse=True)
def every_count_shown(settings):
    settings.FEEDBACK_SUPPRESSION_THRESHOLD = 1


def respond(consultation, *, ranking, number, scale, words="", days_ago=0, age_band="16_17"):
    response = ResponseFactory(consultation=consultation, age_band=age_band)
    if days_ago:
        response.submitted_at = timezone.now() - timedelta(days=days_ago)
        response.save(update_fields=["submitted_at"])
    answers = {
        "q-rank": add_answer(
            response, "q-rank", "Put these in order", "ranking", 1,
            question_options=RANK_OPTIONS, value_choices=ranking,
        ),
        "q-number": add_answer(
            response, "q-number", "How many minutes to a park?", "number", 2, value_number=number
        ),
        "q-scale": add_answer(
            response, "q-scale", "There are enough safe places", "agreement_scale", 3,
            question_options=AGREEMENT_POINTS, value_text=scale, value_choices=[scale],
        ),
        "q-gender": add_answer(
            response, "q-gender", "What is your gender?", "equality", 4,
            question_options=["Girl or woman", "Boy or man", "Prefer not to say"],
            value_text="Girl or woman", value_choices=["Girl or woman"],
        ),
        "q-places": add_answer(
            response, "q-places", "Where do you go?", "multiple_choice", 5,
            question_options=["Park", "Club"], value_choices=["Park", "Club"],
        ),
    }  # fmt: skip
    if words:
        answers["q-words"] = AnswerFactory(
            response=response, question_id="q-words", position=6, value_text=words
        )
    counts.record_new_response(response)
    return answers


@pytest.fixture
def answered(consultation):
    area = PriorityArea.objects.order_by("number").first()
    first = respond(
        consultation, ranking=["Clubs", "Lights", "Adults"], number=10, scale="Agree",
        words="More clubs", days_ago=3,
    )  # fmt: skip
    respond(consultation, ranking=["Clubs", "Adults", "Lights"], number=20, scale="Agree")
    respond(
        consultation, ranking=["Lights", "Clubs", "Adults"], number=60, scale="Strongly agree",
        words="Better lights",
    )  # fmt: skip
    respond(consultation, ranking=["Adults", "Clubs", "Lights"], number=5, scale="Disagree")
    set_answer_coding(first["q-words"], [area], ["youth clubs"], user=None)
    Quote.objects.create(answer=first["q-words"], text="More clubs", priority_area=area)
    return {"area": area}


def section(html: str, title: str) -> str:
    match = re.search(rf">{re.escape(title)}</h3>(.*?)</section>", html, re.S)
    assert match, f"no summary for {title}"
    return match.group(1)


def rows(html: str) -> list[tuple[str, ...]]:
    return [
        (label, *re.findall(r"<td>([^<]*)</td>", cells))
        for label, cells in re.findall(r'<th scope="row">([^<]+)</th>(.*?)</tr>', html)
    ]


def pages(client, consultation):
    unfiltered = reverse("feedback:dashboard", args=[consultation.pk])
    return [
        client.get(unfiltered).content.decode(),  # running totals
        client.get(unfiltered, {"age_band": "16_17"}).content.decode(),  # live
    ]


def test_ranking_shows_first_choice_share_and_mean_rank(moderator_client, consultation, answered):
    for html in pages(moderator_client, consultation):
        ranking = section(html, "Put these in order")
        assert "Ranking. 4 answered." in ranking
        assert "Mean rank" in ranking
        # Clubs: ranks 1, 1, 2, 2 -> mean 1.5, first twice; Lights 2, 3, 1, 3; Adults 3, 2, 3, 1.
        assert rows(ranking) == [
            ("Clubs", "2", "50%", "1.5"),
            ("Adults", "1", "25%", "2.2"),
            ("Lights", "1", "25%", "2.2"),
        ]


def test_number_shows_distribution_median_and_range(moderator_client, consultation, answered):
    for html in pages(moderator_client, consultation):
        number = section(html, "How many minutes to a park?")
        assert "Number. 4 answered." in number
        assert "<dt>Median</dt><dd>15</dd>" in number
        assert "<dt>Range</dt><dd>5 to 60</dd>" in number
        assert [row[:2] for row in rows(number)] == [
            ("5", "1"),
            ("10", "1"),
            ("20", "1"),
            ("60", "1"),
        ]


def test_scale_is_in_scale_order_with_every_point(moderator_client, consultation, answered):
    for html in pages(moderator_client, consultation):
        scale = section(html, "There are enough safe places")
        assert [row[:2] for row in rows(scale)] == [
            ("Strongly agree", "1"),
            ("Agree", "2"),
            ("Neither agree nor disagree", "0"),
            ("Disagree", "1"),
            ("Strongly disagree", "0"),
        ]


def test_single_and_multiple_choice_say_how_people_could_answer(
    moderator_client, consultation, answered
):
    html = pages(moderator_client, consultation)[0]
    gender = section(html, "What is your gender?")
    assert "People could choose one answer." in gender
    assert "more than one" not in gender
    assert "People could choose more than one." in section(html, "Where do you go?")


def test_free_text_shows_answered_coded_tags_areas_and_quotes(
    moderator_client, consultation, answered
):
    for html in pages(moderator_client, consultation):
        words = section(html, "What would help?")
        assert "Free text. 2 answered." in words
        assert "<dt>Coded</dt><dd>1 (" in words
        assert "youth clubs (1)" in words
        assert rows(words)[0][:2] == (answered["area"].short_name, "1")
        assert "“More clubs”" in words


def test_over_time_shows_every_day_in_the_range_including_empty_ones(
    moderator_client, consultation, answered
):
    html = pages(moderator_client, consultation)[0]
    over_time = re.search(r'id="over-time-heading">(.*?)</section>', html, re.S).group(1)
    today = timezone.localdate()
    days = [format_date(today - timedelta(days=n), short=True) for n in (3, 2, 1, 0)]
    assert [row[:2] for row in rows(over_time)] == list(
        zip(days, ["1", "0", "0", "3"], strict=True)
    )
    # A filter's date range is shown whole, even beyond the responses.
    start = today - timedelta(days=5)
    filtered = moderator_client.get(
        reverse("feedback:dashboard", args=[consultation.pk]),
        {"submitted_from": start.isoformat(), "submitted_to": today.isoformat()},
    ).content.decode()
    over_time = re.search(r'id="over-time-heading">(.*?)</section>', filtered, re.S).group(1)
    assert len(rows(over_time)) == 6


def test_stored_totals_count_rankings_numbers_and_free_text_as_live(consultation, answered):
    assert counts.matches_stored(consultation)
    assert counts.matches_stored()
