"""The editor checks routes: each names an option, goes forward, to a step that exists. The
errors sit on the question, in plain English, through the block and through the page editor."""

import copy

import pytest

from django.urls import reverse

from wagtail.blocks import StreamBlockValidationError, StructBlockValidationError
from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield

from consultations.blocks import SingleChoiceQuestionBlock, SurveyBlock
from consultations.models import ConsultationPage
from tests.support.mfa import give_mfa

from .routed_survey import ROUTED_SURVEY, route, who_question


def survey_with(*routes):
    survey = copy.deepcopy(ROUTED_SURVEY)
    survey[1] = who_question(*routes)
    return SurveyBlock().to_python(survey)


def route_error(question_error, field="go_to_step") -> str:
    """The message on a question's first route with a problem."""
    routes = question_error.block_errors["routes"]
    first = routes.block_errors[min(routes.block_errors)]
    return " ".join(first.block_errors[field].messages)


def test_a_survey_with_forward_routes_is_valid():
    assert SurveyBlock().clean(SurveyBlock().to_python(ROUTED_SURVEY))


@pytest.mark.parametrize(
    ("target", "message"),
    [
        (1, "Step 1 is not after this question, which is on step 1. Routes can only go forward"),
        (9, "There is no step 9: this survey has 4 steps."),
    ],
)
def test_a_route_backwards_or_nowhere_is_refused(target, message):
    with pytest.raises(StreamBlockValidationError) as refused:
        SurveyBlock().clean(survey_with(route("A young person", target)))
    assert message in route_error(refused.value.block_errors[1])


def test_a_route_back_from_a_later_step_is_refused():
    survey = copy.deepcopy(ROUTED_SURVEY)
    survey[3]["value"]["routes"] = [route("On the street", 2)]
    with pytest.raises(StreamBlockValidationError) as refused:
        SurveyBlock().clean(SurveyBlock().to_python(survey))
    message = route_error(refused.value.block_errors[3])
    assert "Step 2 is not after this question, which is on step 2" in message


@pytest.mark.parametrize(
    ("routes", "message"),
    [
        ([route("Maybe", 3)], "'Maybe' is not one of this question's options."),
        (
            [route("A professional", 3), route("A professional")],
            "'A professional' already has a route. Each answer can have one.",
        ),
    ],
)
def test_a_route_must_name_one_option_once(routes, message):
    block = SingleChoiceQuestionBlock()
    value = block.to_python(who_question(*routes)["value"])
    with pytest.raises(StructBlockValidationError) as refused:
        block.clean(value)
    assert message in route_error(refused.value, field="answer")


# --- through the page editor ------------------------------------------------------------------


@pytest.fixture
def editor_client(client, django_user_model):
    admin = django_user_model.objects.create_superuser("editor", "e@example.org", "x" * 16)
    give_mfa(admin)
    client.force_login(admin)
    return client


def _routes_form_data(routes):
    data = {
        str(index): {"value": value, "id": "", "deleted": "", "order": str(index)}
        for index, value in enumerate(routes)
    }
    data["count"] = str(len(routes))
    return data


def _page_form_data(go_to_step):
    options = ["A young person", "A parent or carer"]
    return nested_form_data(
        {
            "title": "Feeling safe",
            "slug": "feeling-safe",
            "summary": "Tell us what would help.",
            "why_we_are_asking": streamfield([]),
            "privacy_notice": '{"blocks": [{"key": "a", "type": "unstyled", "text": "We keep '
            'your answers safe.", "depth": 0, "inlineStyleRanges": [], "entityRanges": []}], '
            '"entityMap": {}}',
            "retention_days": "365",
            "estimated_minutes": "5",
            "opens_at": "2026-01-01 09:00",
            "closes_at": "2027-01-01 09:00",
            "results_what_we_heard": streamfield([]),
            "survey": streamfield(
                [
                    (
                        "single_choice",
                        {
                            "label": "Who are you?",
                            "hint": "",
                            "required": "on",
                            "options_list": _routes_form_data(options),
                            "routes": _routes_form_data(
                                [{"answer": "A parent or carer", "go_to_step": go_to_step}]
                            ),
                        },
                    ),
                    ("section_break", {"heading": "Parents", "introduction": ""}),
                    ("short_text", {"label": "What worries you?", "hint": "", "max_length": "100"}),
                ]
            ),
            "comments": inline_formset([]),
        }
    )


def test_the_page_editor_shows_the_route_error_and_saves_nothing(editor_client, index_page):
    url = reverse(
        "wagtailadmin_pages:add", args=("consultations", "consultationpage", index_page.pk)
    )
    refused = editor_client.post(url, _page_form_data("1"))
    assert refused.status_code == 200
    body = refused.content.decode()
    assert "Step 1 is not after this question, which is on step 1." in body
    assert not ConsultationPage.objects.filter(slug="feeling-safe").exists()

    saved = editor_client.post(url, _page_form_data("2"))
    assert saved.status_code == 302, saved.content.decode()[:2000]
    page = ConsultationPage.objects.get(slug="feeling-safe")
    (question, *_rest) = page.steps()[0].questions
    assert question.block.route_targets(question.value) == [2]
