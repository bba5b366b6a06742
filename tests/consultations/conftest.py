"""Fixtures for consultation tests: a small site with a consultation index and a builder for
consultations with a known survey."""

from datetime import timedelta

import pytest

from django.utils import timezone

from consultations.models import ConsultationIndexPage, ConsultationPage
from tests.support.pages import add_page
from tests.support.site_content import build_minimal_site


def question(block_id, block_type, **value):
    value.setdefault("hint", "")
    value.setdefault("required", True)
    return {"type": block_type, "id": block_id, "value": value}


def section(block_id, heading):
    return {"type": "section_break", "id": block_id, "value": {"heading": heading}}


# Every question type, over three steps.
FULL_SURVEY = [
    section("step-1", "Your area"),
    question("q-short", "short_text", label="Name of your area", max_length=20),
    question("q-long", "long_text", label="What would help?", max_length=50),
    question("q-single", "single_choice", label="How safe?", options_list=["Safe", "Unsafe"]),
    question(
        "q-multi",
        "multiple_choice",
        label="Where do you go?",
        options_list=["Park", "Club"],
        allow_other=True,
    ),
    section("step-2", "Your views"),
    question(
        "q-scale",
        "agreement_scale",
        label="Enough places?",
        options_list=["Agree", "Neutral", "Disagree"],
    ),
    question("q-yesno", "yes_no", label="Trusted adult?"),
    question("q-number", "number", label="Minutes to walk", min_value=0, max_value=60),
    question(
        "q-rank",
        "ranking",
        label="Order these",
        options_list=["Lights", "Clubs", "Adults"],
        use_priority_areas=False,
    ),
    section("step-3", "About you"),
    question("q-age", "age_band", label="How old are you?"),
    question("q-borough", "borough", label="Your borough"),
    question("q-gender", "equality", topic="gender", label="", required=False),
]

VALID_ANSWERS = {
    1: {
        "q-short": "Hackney",
        "q-long": "More youth clubs",
        "q-single": "Safe",
        "q-multi": ["Park", "__other__"],
        "q-multi-other": "Library",
    },
    2: {
        "q-scale": "Agree",
        "q-yesno": "Yes",
        "q-number": "12",
        "q-rank_0": "2",
        "q-rank_1": "1",
        "q-rank_2": "3",
    },
    3: {"q-age": "16_17", "q-borough": "Hackney", "q-gender": "Prefer not to say"},
}


@pytest.fixture
def home_page(db):
    return build_minimal_site()


@pytest.fixture
def index_page(home_page):
    return add_page(
        home_page, ConsultationIndexPage(title="Have your say", slug="have-your-say"), publish=True
    )


@pytest.fixture
def make_consultation(index_page):
    def make(slug="safer-areas", *, survey=None, opens_in=-1, closes_in=30, **fields):
        now = timezone.now()
        page = ConsultationPage(
            title=fields.pop("title", "What would make your area feel safer?"),
            slug=slug,
            summary="Tell us what would help.",
            privacy_notice="<p>We keep your answers safe.</p>",
            opens_at=now + timedelta(days=opens_in),
            closes_at=now + timedelta(days=closes_in),
            survey=FULL_SURVEY if survey is None else survey,
            **fields,
        )
        return add_page(index_page, page, publish=True)

    return make


@pytest.fixture
def consultation(make_consultation):
    return make_consultation()


@pytest.fixture
def skip_min_time(monkeypatch):
    monkeypatch.setattr("consultations.views.MIN_SECONDS_TO_COMPLETE", 0)
