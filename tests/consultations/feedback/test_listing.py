"""The responses listing: each filter, search, result count, pagination, query count."""

import re
from datetime import timedelta

import pytest

from django.urls import reverse
from django.utils import timezone

from home.models import Borough, Network, PriorityArea
from tests.consultations.feedback.factories import make_consultation, make_response

URL = reverse("feedback:responses")


def references(result) -> set[str]:
    return set(re.findall(r">(R\d{7})<", result.content.decode()))


@pytest.fixture
def boroughs(db):
    return list(Borough.objects.order_by("name")[:2])


def test_lists_every_response_with_a_count(moderator_client, consultation):
    first, second = make_response(consultation), make_response(consultation)
    result = moderator_client.get(URL)
    assert result.status_code == 200
    assert references(result) == {first.reference, second.reference}
    assert "<strong>2</strong> responses found" in result.content.decode()


def test_filter_by_consultation(moderator_client, consultation):
    other = make_consultation("Another one")
    mine, theirs = make_response(consultation), make_response(other)
    result = moderator_client.get(URL, {"consultation": consultation.pk})
    assert references(result) == {mine.reference}
    assert theirs.reference not in result.content.decode()


def test_filter_by_status(moderator_client, consultation):
    new = make_response(consultation)
    hidden = make_response(consultation, moderation_status="hidden")
    assert references(moderator_client.get(URL, {"status": "hidden"})) == {hidden.reference}
    assert references(moderator_client.get(URL, {"status": "new"})) == {new.reference}


def test_filter_by_priority_area_on_response_or_answer(moderator_client, consultation):
    area = PriorityArea.objects.order_by("number").first()
    on_response = make_response(consultation)
    on_response.priority_areas.add(area)
    on_answer = make_response(consultation)
    on_answer.answers.get(question_id="q-long").priority_areas.add(area)
    make_response(consultation)
    result = moderator_client.get(URL, {"priority_area": area.pk})
    assert references(result) == {on_response.reference, on_answer.reference}


def test_filter_by_tag(moderator_client, consultation):
    tagged = make_response(consultation)
    tagged.tags.add("lighting")
    answer_tagged = make_response(consultation)
    answer_tagged.answers.get(question_id="q-long").tags.add("lighting")
    make_response(consultation)
    tag = tagged.tags.get()
    result = moderator_client.get(URL, {"tag": tag.pk})
    assert references(result) == {tagged.reference, answer_tagged.reference}


def test_filter_by_age_band_and_borough_combined(moderator_client, consultation, boroughs):
    match = make_response(consultation, age_band="11_15", borough=boroughs[0])
    make_response(consultation, age_band="11_15", borough=boroughs[1])
    make_response(consultation, age_band="18_25", borough=boroughs[0])
    result = moderator_client.get(URL, {"age_band": "11_15", "borough": boroughs[0].pk})
    assert references(result) == {match.reference}


def test_filter_by_network(moderator_client, consultation):
    network = Network.objects.first()
    member = make_response(consultation, networks=[network])
    make_response(consultation)
    assert references(moderator_client.get(URL, {"network": network.pk})) == {member.reference}


def test_filter_by_date_range(moderator_client, consultation):
    now = timezone.now()
    old = make_response(consultation, submitted_at=now - timedelta(days=20))
    recent = make_response(consultation, submitted_at=now - timedelta(days=2))
    since = (now - timedelta(days=5)).date().isoformat()
    until = (now - timedelta(days=10)).date().isoformat()
    assert references(moderator_client.get(URL, {"submitted_from": since})) == {recent.reference}
    assert references(moderator_client.get(URL, {"submitted_to": until})) == {old.reference}


def test_filter_has_untagged_free_text(moderator_client, consultation):
    uncoded = make_response(consultation)
    coded = make_response(consultation)
    coded.answers.get(question_id="q-long").tags.add("parks")
    blank = make_response(consultation, free_text="")
    result = moderator_client.get(URL, {"untagged": "on"})
    assert references(result) == {uncoded.reference}
    assert blank.reference not in result.content.decode()


def test_search_inside_answers(moderator_client, consultation):
    match = make_response(consultation, free_text="The streetlights on my road are broken")
    make_response(consultation, free_text="More youth clubs")
    assert references(moderator_client.get(URL, {"q": "streetlights"})) == {match.reference}


def test_invalid_filters_get_a_message_not_a_500(moderator_client, consultation):
    make_response(consultation)
    result = moderator_client.get(URL, {"status": "nonsense", "submitted_from": "not a date"})
    assert result.status_code == 200
    assert "error-message" in result.content.decode()
    assert references(result) == set()


def test_pagination(moderator_client, consultation):
    for _ in range(53):
        make_response(consultation)
    first = moderator_client.get(URL)
    second = moderator_client.get(URL, {"p": 2})
    assert len(references(first)) == 50
    assert len(references(second)) == 3
    assert "Page 2 of 2" in second.content.decode()


def test_listing_query_count_does_not_grow(
    moderator_client, consultation, django_assert_max_num_queries
):
    area = PriorityArea.objects.first()
    network = Network.objects.first()

    def add(count):
        for _ in range(count):
            response = make_response(consultation, networks=[network])
            response.priority_areas.add(area)
            response.tags.add("parks", "lights")

    add(3)
    moderator_client.get(URL)  # warm caches (site, permissions)
    # 25 before campaigns (one query for the page) and search by meaning (the word matches
    # and their stored vectors, two).
    with django_assert_max_num_queries(28) as few:
        moderator_client.get(URL, {"status": "new", "q": "clubs"})
    add(30)
    with django_assert_max_num_queries(len(few.captured_queries)):
        result = moderator_client.get(URL, {"status": "new", "q": "clubs"})
    assert len(references(result)) == 33


def test_no_id_is_used_twice_on_the_listing(moderator_client, consultation):
    # The filter form and the bulk-action form both have priority area and tag fields;
    # a label must point at exactly one field.
    make_response(consultation)
    page = moderator_client.get(URL).content.decode()
    ids = re.findall(r'\sid="([^"]+)"', page)
    assert ids, "the page should have ids to check"
    repeated = sorted({value for value in ids if ids.count(value) > 1})
    assert repeated == []
    assert 'for="bulk-priority_area"' in page
