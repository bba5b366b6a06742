"""A tag typed with spaces stays one tag ("route 3 bus"), wherever tags are typed."""

import pytest

from django import forms
from django.urls import reverse

from taggit.forms import TagField

from consultations.models import Response
from home.tagging import comma_separated_tags
from tests.consultations.feedback.factories import make_response


@pytest.mark.parametrize(
    ("typed", "tags"),
    [
        ("route 3 bus", ["route 3 bus"]),
        ("route 3 bus, street  lights ", ["route 3 bus", "street lights"]),
        ('"Hackney, north", parks', ["Hackney, north", "parks"]),
        ("parks, parks,, ", ["parks"]),
        ("   ", []),
    ],
)
def test_tags_split_at_commas_only(typed, tags):
    assert comma_separated_tags(typed) == tags


def test_coding_queue_keeps_a_tag_with_spaces(moderator_client, consultation):
    answer = make_response(consultation).answers.get(question_id="q-long")
    url = reverse("feedback:queue", args=[consultation.pk, "q-long"])
    result = moderator_client.post(url, {"answer": answer.pk, "tags": "route 3 bus", "save": ""})
    assert result.status_code == 302
    assert list(answer.tags.names()) == ["route 3 bus"]


def test_response_page_keeps_tags_with_spaces(moderator_client, consultation):
    response = make_response(consultation)
    answer = response.answers.get(question_id="q-long")
    moderator_client.post(
        reverse("feedback:code_response", args=[response.pk]),
        {"response-tags": "route 3 bus, night time"},
    )
    assert sorted(response.tags.names()) == ["night time", "route 3 bus"]
    moderator_client.post(
        reverse("feedback:code_answer", args=[answer.pk]),
        {f"answer-{answer.pk}-tags": "route 3 bus"},
    )
    assert list(answer.tags.names()) == ["route 3 bus"]
    page = moderator_client.get(reverse("feedback:response", args=[response.pk]))
    assert 'value="night time, route 3 bus"' in page.content.decode()


def test_admin_tag_fields_keep_tags_with_spaces(consultation):
    assert TagField().clean("route 3 bus") == ["route 3 bus"]
    form_class = forms.modelform_factory(Response, fields=["tags"])
    response = make_response(consultation)
    form = form_class({"tags": "route 3 bus"}, instance=response)
    assert form.is_valid(), form.errors
    form.save()
    assert list(response.tags.names()) == ["route 3 bus"]
