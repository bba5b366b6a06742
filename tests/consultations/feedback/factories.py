"""Test data for the feedback workspace, built directly (not through the survey flow)."""

import itertools
import uuid
from datetime import timedelta

import factory

from django.utils import timezone

from wagtail.models import Page

from consultations.feedback.counts import record_new_response
from consultations.models import Answer, ConsultationIndexPage, ConsultationPage, Response
from tests.support.site_content import build_minimal_site

_counter = itertools.count(1)


def consultation_index() -> ConsultationIndexPage:
    existing = ConsultationIndexPage.objects.first()
    if existing:
        return existing
    home: Page = build_minimal_site()
    index = ConsultationIndexPage(title="Have your say", slug="have-your-say")
    home.add_child(instance=index)
    return index


def make_consultation(title="What would make your area feel safer?", **fields) -> ConsultationPage:
    now = timezone.now()
    page = ConsultationPage(
        title=title,
        slug=fields.pop("slug", f"consultation-{next(_counter)}"),
        summary="Tell us what would help.",
        privacy_notice="<p>We keep your answers safe.</p>",
        opens_at=fields.pop("opens_at", now - timedelta(days=10)),
        closes_at=fields.pop("closes_at", now + timedelta(days=10)),
        **fields,
    )
    consultation_index().add_child(instance=page)
    return ConsultationPage.objects.get(pk=page.pk)


class ResponseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Response

    reference = factory.Sequence(lambda n: f"R{n:07d}")
    submission_token = factory.LazyFunction(lambda: uuid.uuid4().hex)
    age_band = "16_17"


class AnswerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Answer

    response = factory.SubFactory(ResponseFactory)
    question_id = "q-long"
    question_label = "What would help?"
    question_type = "long_text"
    position = 1
    value_text = "More youth clubs"


def make_response(
    consultation,
    *,
    free_text="More youth clubs near the park",
    safe="Safe",
    places=("Park",),
    networks=(),
    **fields,
) -> Response:
    """A response with three answers: a long free-text answer, a single choice and a multiple
    choice, counted in the dashboard's running totals as a submitted one is. Extra keyword
    arguments go to the Response. Code answers with `consultations.feedback.services` (not
    `.tags.add`) where the dashboard's totals matter."""
    submitted_at = fields.pop("submitted_at", None)
    response = ResponseFactory(consultation=consultation, **fields)
    if submitted_at is not None:
        Response.objects.filter(pk=response.pk).update(submitted_at=submitted_at)
        response.refresh_from_db()
    AnswerFactory(response=response, value_text=free_text)
    AnswerFactory(
        response=response,
        question_id="q-single",
        question_label="How safe do you feel?",
        question_type="single_choice",
        question_options=["Safe", "Unsafe"],
        position=2,
        value_text=safe,
        value_choices=[safe],
    )
    AnswerFactory(
        response=response,
        question_id="q-multi",
        question_label="Where do you go?",
        question_type="multiple_choice",
        question_options=["Park", "Club", "Library"],
        position=3,
        value_text="",
        value_choices=list(places),
    )
    if networks:
        response.networks.set(networks)
    # As submit_response does: the dashboard's running totals count the new response.
    record_new_response(response)
    return response


def add_answer(response, question_id, label, question_type, position, **values) -> Answer:
    """One more answer on a response. Count it afterwards (`record_new_response` for a new
    response, or `rebuild`)."""
    return AnswerFactory(
        response=response,
        question_id=question_id,
        question_label=label,
        question_type=question_type,
        position=position,
        **{"value_text": "", **values},
    )
