"""Suggested priority areas in the feedback workspace: shown in the coding queue and on the
response page (marked as suggestions, or why there is none), accepted with one button or key
through the coding service, counted on the dashboard only as "suggested", never as coding."""

import re

import pytest

from django.urls import reverse

from wagtail.models import ModelLogEntry

from assisted_coding import services as suggesting
from assisted_coding import training
from assisted_coding.models import AreaSuggestion
from consultations.feedback import services
from consultations.feedback.synthesis import build_synthesis, stored_synthesis
from consultations.models import Answer, Response
from home.models import PriorityArea
from language.services import store_vectors
from tests.consultations.feedback.factories import make_response
from tests.support.language import language_model  # noqa: F401

LABEL = "What would help?"
YOUTH_CLUB = "Open the youth club on Friday nights and run free football sessions"
SCHOOLS = "Stop excluding kids from school, my son was sent to a PRU and it got worse"


@pytest.fixture
def shipped_model(db, language_model):  # noqa: F811
    area_model = training.install_shipped_model()
    assert area_model is not None
    return area_model


def answer_of(response) -> Answer:
    return response.answers.get(question_id="q-long")


def suggested(consultation, text):
    """A response whose own words have a vector, as the safeguarding stage leaves them, and
    the suggestion the worker's sweep then writes."""
    response = make_response(consultation, free_text=text)
    store_vectors(response, {LABEL: text})
    suggesting.sweep()
    return response


def queue_url(consultation):
    return reverse("feedback:queue", args=[consultation.pk, "q-long"])


def percent(html, area):
    match = re.search(
        rf"{re.escape(area.short_name)} \((\d+)%, (very likely|likely|possible)\)", html
    )
    assert match, f"no confidence shown for {area.short_name}"
    return int(match.group(1))


def test_queue_shows_the_suggestion_as_a_suggestion_with_its_confidence(
    moderator_client, consultation, shipped_model
):
    response = suggested(consultation, YOUTH_CLUB)
    suggestion = AreaSuggestion.objects.get(object_id=str(response.pk))
    top = PriorityArea.objects.get(slug=suggestion.suggested()[0][0])

    page = moderator_client.get(queue_url(consultation)).content.decode()
    assert "Suggested: " in page
    assert percent(page, top) == round(suggestion.confidences[top.slug] * 100)
    assert "not counted until someone accepts it" in page
    assert "Accept suggested areas and next" in page
    assert "a accepts the suggested areas" in page  # the shortcut is documented with the others
    assert not answer_of(response).priority_areas.exists()  # showing is not coding
    assert stored_synthesis(consultation).coded == 0


def test_no_suggestion_says_why_and_offers_nothing_to_accept(
    moderator_client, consultation, shipped_model
):
    idk = suggested(consultation, "idk")
    page = moderator_client.get(queue_url(consultation)).content.decode()
    assert "No suggestion: it is not an answer" in page
    assert "Accept suggested areas" not in page

    waiting = make_response(consultation, free_text="More youth workers in the estate")
    detail = moderator_client.get(reverse("feedback:response", args=[waiting.pk]))
    assert "Not suggested yet" in detail.content.decode()

    short = make_response(consultation, free_text="ok")
    suggesting.suggest_for(short, {LABEL: "ok"}, scope=consultation)
    detail = moderator_client.get(reverse("feedback:response", args=[short.pk]))
    assert "No suggestion: the answer is too short" in detail.content.decode()

    # Asking to accept where there is nothing to accept is a clear error, not a 500.
    result = moderator_client.post(
        queue_url(consultation), {"answer": answer_of(idk).pk, "accept": ""}
    )
    assert result.status_code == 400
    assert "There are no suggested priority areas to accept." in result.content.decode()
    assert not answer_of(idk).priority_areas.exists()


def test_accepting_in_the_queue_codes_the_answer_like_a_person_and_records_it(
    moderator_client, moderator, consultation, shipped_model
):
    first = suggested(consultation, YOUTH_CLUB)
    second = suggested(consultation, SCHOOLS)
    suggestion = AreaSuggestion.objects.get(object_id=str(first.pk))
    areas = {slug for slug, _ in suggestion.suggested()}
    make_response(consultation, free_text="Someone to talk to", age_band="18_24")

    result = moderator_client.post(
        queue_url(consultation), {"answer": answer_of(first).pk, "accept": ""}, follow=True
    )

    assert {area.slug for area in answer_of(first).priority_areas.all()} == areas
    assert SCHOOLS in result.content.decode()  # moved on to the next answer
    assert "Coded 1 of 3" in result.content.decode()
    suggestion.refresh_from_db()
    assert suggestion.accepted_by == moderator and suggestion.accepted_at is not None
    entry = ModelLogEntry.objects.for_instance(first).get(action=services.TAG_ANSWER)
    assert entry.user == moderator
    assert entry.data["accepted_suggestion"] == suggestion.pk
    assert set(entry.data["priority_areas"]) == {
        area.short_name for area in answer_of(first).priority_areas.all()
    }
    # The running totals count it as coding, the same as the live count does.
    assert stored_synthesis(consultation).coded == 1
    assert build_synthesis(Response.objects.filter(consultation=consultation)).coded == 1
    assert not answer_of(second).priority_areas.exists()


def test_accepting_on_the_response_page_works_without_javascript(
    moderator_client, moderator, consultation, shipped_model
):
    response = suggested(consultation, SCHOOLS)
    answer = answer_of(response)
    services.set_answer_coding(answer, [], ["exclusions"], moderator)
    url = reverse("feedback:response", args=[response.pk])
    page = moderator_client.get(url).content.decode()
    accept_url = reverse("feedback:accept_suggestion", args=[answer.pk])
    assert f'action="{accept_url}"' in page
    assert "Suggested: " in page

    result = moderator_client.post(accept_url, follow=True)
    page = result.content.decode()
    assert "Suggested areas accepted for “What would help?”." in page
    assert "Accepted by" in page
    assert f'action="{accept_url}"' not in page  # accepted once; change it with the controls
    suggestion = AreaSuggestion.objects.get(object_id=str(response.pk))
    assert {area.slug for area in answer.priority_areas.all()} == {
        slug for slug, _ in suggestion.suggested()
    }
    assert list(answer.tags.names()) == ["exclusions"]  # tags are kept

    other = make_response(consultation, free_text="A youth club")
    refused = moderator_client.post(
        reverse("feedback:accept_suggestion", args=[answer_of(other).pk]), follow=True
    )
    assert refused.status_code == 200
    assert "There are no suggested priority areas to accept." in refused.content.decode()
    assert (
        moderator_client.post(reverse("feedback:accept_suggestion", args=[999999])).status_code
        == 404
    )
    assert moderator_client.get(accept_url).status_code == 405


def test_people_without_coding_permission_cannot_accept(
    client, django_user_model, consultation, shipped_model
):
    from tests.support.staff import staff_member

    reader = staff_member(
        django_user_model, "reader", permissions=["access_admin", "view_response"]
    )
    client.force_login(reader)
    response = suggested(consultation, YOUTH_CLUB)
    answer = answer_of(response)
    page = client.get(reverse("feedback:response", args=[response.pk])).content.decode()
    assert "Suggested: " in page and "Accept suggested areas" not in page
    refused = client.post(reverse("feedback:accept_suggestion", args=[answer.pk]))
    # Wagtail's admin answers a permission refusal by sending the person to the dashboard.
    assert refused.status_code == 403 or refused["Location"] == reverse("wagtailadmin_home")
    assert not answer.priority_areas.exists()


def progress(html) -> dict:
    found = dict(re.findall(r"<dt>([^<]+)</dt><dd>(\d+)</dd>", html))
    return {
        "own words": int(found["Answers in people’s own words"]),
        "coded": int(found["Coded by people"]),
        "suggested": int(found["Only suggested (not counted until accepted)"]),
        "neither": int(found["Neither coded nor suggested"]),
    }


def test_dashboard_counts_coded_and_only_suggested_answers_with_its_filters(
    moderator_client, moderator, consultation, shipped_model
):
    accepted = suggested(consultation, YOUTH_CLUB)
    suggested(consultation, SCHOOLS)
    make_response(consultation, free_text="Safer walk home", age_band="18_24")  # no vector yet
    suggested(consultation, "idk")  # a suggestion with no areas is not "suggested"
    hidden = suggested(consultation, "More mentors for young people leaving care")
    services.set_moderation_status([hidden], Response.ModerationStatus.HIDDEN, moderator)
    moderator_client.post(queue_url(consultation), {"answer": answer_of(accepted).pk, "accept": ""})

    url = reverse("feedback:dashboard", args=[consultation.pk])
    counts = progress(moderator_client.get(url).content.decode())
    assert counts == {"own words": 4, "coded": 1, "suggested": 1, "neither": 2}
    assert stored_synthesis(consultation).coded == 1  # suggestions never counted as coding

    filtered = progress(moderator_client.get(url, {"age_band": "16_17"}).content.decode())
    assert filtered == {"own words": 3, "coded": 1, "suggested": 1, "neither": 1}
    everywhere = progress(moderator_client.get(reverse("feedback:dashboard")).content.decode())
    assert everywhere == counts


def test_a_suggestion_for_words_that_changed_is_not_shown(
    moderator_client, consultation, shipped_model
):
    response = suggested(consultation, YOUTH_CLUB)
    Answer.objects.filter(pk=answer_of(response).pk).update(value_text="Something else now")
    page = moderator_client.get(reverse("feedback:response", args=[response.pk])).content
    assert "Not suggested yet" in page.decode()
    assert (
        moderator_client.post(
            reverse("feedback:accept_suggestion", args=[answer_of(response).pk]), follow=True
        ).status_code
        == 200
    )
    assert not answer_of(response).priority_areas.exists()
