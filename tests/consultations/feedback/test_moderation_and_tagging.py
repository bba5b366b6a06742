"""The response page: moderation, coding a response or an answer, notes, quotes, history;
bulk actions from the listing; tag rename and merge."""

import pytest

from django.urls import reverse

from wagtail.models import ModelLogEntry

from consultations.models import FeedbackTag, Quote, Response
from home.models import PriorityArea
from tests.consultations.feedback.factories import make_response


@pytest.fixture
def response(consultation):
    return make_response(consultation, free_text="Call me on 07700 900123 about the park")


@pytest.fixture
def areas(db):
    return list(PriorityArea.objects.order_by("number")[:2])


def test_response_page_shows_answers_and_facts(moderator_client, response):
    page = moderator_client.get(reverse("feedback:response", args=[response.pk])).content.decode()
    assert "What would help?" in page
    assert "How safe do you feel?" in page
    assert "16 or 17" in page
    assert response.consultation.title in page


def test_missing_response_is_404(moderator_client, db):
    assert moderator_client.get(reverse("feedback:response", args=[999999])).status_code == 404


def test_moderation_records_who_and_when_and_logs_it(moderator_client, moderator, response):
    result = moderator_client.post(
        reverse("feedback:moderate", args=[response.pk]), {"status": "reviewed"}
    )
    assert result.status_code == 302
    response.refresh_from_db()
    assert response.moderation_status == "reviewed"
    assert response.moderated_by == moderator
    assert response.moderated_at is not None
    entry = ModelLogEntry.objects.for_instance(response).get()
    assert entry.action == "consultations.response.moderate"
    assert entry.user == moderator
    assert entry.data == {"from": "new", "to": "reviewed"}
    page = moderator_client.get(reverse("feedback:response", args=[response.pk])).content.decode()
    assert "Moderation status changed" in page


def test_moderation_rejects_unknown_status(moderator_client, response):
    result = moderator_client.post(
        reverse("feedback:moderate", args=[response.pk]), {"status": "deleted"}
    )
    assert result.status_code == 400
    assert "error-message" in result.content.decode()
    response.refresh_from_db()
    assert response.moderation_status == "new"


def test_tag_whole_response(moderator_client, response, areas):
    result = moderator_client.post(
        reverse("feedback:code_response", args=[response.pk]),
        {"response-priority_areas": [area.pk for area in areas], "response-tags": "lights, parks"},
    )
    assert result.status_code == 302
    assert set(response.priority_areas.all()) == set(areas)
    assert set(response.tags.names()) == {"lights", "parks"}
    assert (
        ModelLogEntry.objects.for_instance(response)
        .filter(action="consultations.response.tag")
        .exists()
    )


def test_tag_single_answer(moderator_client, response, areas):
    answer = response.answers.get(question_id="q-long")
    result = moderator_client.post(
        reverse("feedback:code_answer", args=[answer.pk]),
        {f"answer-{answer.pk}-priority_areas": [areas[0].pk], f"answer-{answer.pk}-tags": "park"},
    )
    assert result.status_code == 302
    assert list(answer.priority_areas.all()) == [areas[0]]
    assert list(answer.tags.names()) == ["park"]
    assert not response.tags.exists()


def test_add_staff_note(moderator_client, response):
    url = reverse("feedback:add_note", args=[response.pk])
    assert moderator_client.post(url, {"text": ""}).status_code == 400
    assert moderator_client.post(url, {"text": "Follow up with safeguarding"}).status_code == 302
    page = moderator_client.get(reverse("feedback:response", args=[response.pk])).content.decode()
    assert "Follow up with safeguarding" in page


def test_quote_is_always_shown_redacted(moderator_client, response, areas):
    answer = response.answers.get(question_id="q-long")
    result = moderator_client.post(
        reverse("feedback:add_quote", args=[answer.pk]), {"text": "", "priority_area": areas[0].pk}
    )
    assert result.status_code == 302
    quote = Quote.objects.get()
    assert quote.text == answer.value_text
    page = moderator_client.get(reverse("feedback:response", args=[response.pk])).content.decode()
    assert "07700 900123" not in page.split("Quote for reports")[1]
    assert "Call me on [phone] about the park" in page


def _bulk(client, responses, **data):
    return client.post(reverse("feedback:bulk"), {"responses": [r.pk for r in responses], **data})


def test_bulk_add_priority_area_and_tag(moderator_client, consultation, areas):
    chosen = [make_response(consultation), make_response(consultation)]
    other = make_response(consultation)
    assert (
        _bulk(
            moderator_client, chosen, action="add_priority_area", priority_area=areas[0].pk
        ).status_code
        == 302
    )
    assert _bulk(moderator_client, chosen, action="add_tag", tag="housing").status_code == 302
    for response in chosen:
        assert list(response.priority_areas.all()) == [areas[0]]
        assert list(response.tags.names()) == ["housing"]
    assert not other.priority_areas.exists()
    assert not other.tags.exists()


def test_bulk_mark_reviewed_and_hide(moderator_client, moderator, consultation):
    first, second = make_response(consultation), make_response(consultation)
    _bulk(moderator_client, [first], action="mark_reviewed")
    _bulk(moderator_client, [second], action="hide")
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.moderation_status == "reviewed"
    assert second.moderation_status == "hidden"
    assert second.moderated_by == moderator
    assert ModelLogEntry.objects.filter(action="consultations.response.moderate").count() == 2


def test_bulk_action_needs_a_selection_and_its_value(moderator_client, consultation):
    response = make_response(consultation)
    result = moderator_client.post(reverse("feedback:bulk"), {"action": "hide"}, follow=True)
    assert "Select at least one response." in result.content.decode()
    result = _bulk(moderator_client, [response], action="add_tag", tag=" ")
    assert result.status_code == 302
    assert not response.tags.exists()
    response.refresh_from_db()
    assert response.moderation_status == "new"


def test_manager_renames_and_merges_tags(manager_client, manager, consultation):
    first, second = make_response(consultation), make_response(consultation)
    first.tags.add("street lights")
    second.tags.add("streetlights", "street lights")
    answer = second.answers.get(question_id="q-long")
    answer.tags.add("streetlights")
    old = FeedbackTag.objects.get(name="streetlights")
    keep = FeedbackTag.objects.get(name="street lights")
    result = manager_client.post(
        reverse("feedback:tag_merge"), {"sources": [old.pk], "target": keep.pk}
    )
    assert result.status_code == 302
    assert not FeedbackTag.objects.filter(pk=old.pk).exists()
    assert list(second.tags.names()) == ["street lights"]
    assert list(answer.tags.names()) == ["street lights"]
    result = manager_client.post(
        reverse("feedback:tag_rename", args=[keep.pk]), {"name": "Lighting"}
    )
    assert result.status_code == 302
    assert list(first.tags.names()) == ["Lighting"]
    assert ModelLogEntry.objects.filter(action="consultations.feedback_tag.merge").exists()


def test_hidden_responses_stay_in_the_database(moderator_client, response):
    _bulk(moderator_client, [response], action="hide")
    assert Response.objects.filter(pk=response.pk, moderation_status="hidden").exists()


def test_only_managers_delete_responses(client, moderator, manager, response):
    url = reverse("feedback:delete", args=[response.pk])
    client.force_login(moderator)
    result = client.post(url)
    assert result.status_code in (302, 403)
    assert Response.objects.filter(pk=response.pk).exists()
    client.force_login(manager)
    assert client.get(url).status_code == 200
    assert client.post(url).status_code == 302
    assert not Response.objects.filter(pk=response.pk).exists()
    assert ModelLogEntry.objects.filter(
        action="wagtail.delete", object_id=str(response.pk)
    ).exists()
