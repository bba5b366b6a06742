"""Upcoming and closed consultations refuse answers; the index lists and filters them."""

import pytest

from consultations.models import ConsultationPage, Response
from home.models import Borough, Network, PriorityArea

from .conftest import VALID_ANSWERS
from .helpers import answer_steps, check_url, step_url, submission_token


def test_upcoming_consultation_says_when_it_opens_and_refuses_answers(client, make_consultation):
    page = make_consultation(opens_in=3, closes_in=30)
    body = client.get(page.url).content.decode()
    assert "This consultation opens on" in body
    assert "Start now" not in body
    assert client.get(step_url(page, 1))["Location"] == page.url
    refused = client.post(step_url(page, 1), VALID_ANSWERS[1])
    assert refused.status_code == 403
    assert "opens on" in refused.content.decode()
    assert client.post(check_url(page), {"submission_token": "x"}).status_code == 403
    assert not Response.objects.exists()


def test_closed_consultation_has_no_form_and_refuses_answers(client, make_consultation):
    page = make_consultation(opens_in=-30, closes_in=-1, results_expected="in March")
    body = client.get(page.url).content.decode()
    assert "This consultation closed on" in body
    assert "in March" in body
    assert '<form method="post"' not in body
    refused = client.post(step_url(page, 2), VALID_ANSWERS[2])
    assert refused.status_code == 403
    assert "closed on" in refused.content.decode()
    assert client.post(page.url, {}).status_code == 403


def test_a_consultation_closing_mid_journey_refuses_the_submission(
    client, consultation, skip_min_time
):
    answer_steps(client, consultation, VALID_ANSWERS)
    token = submission_token(client, consultation)
    ConsultationPage.objects.filter(pk=consultation.pk).update(closes_at=consultation.opens_at)
    response = client.post(check_url(consultation), {"submission_token": token})
    assert response.status_code == 403
    assert not Response.objects.exists()


def test_status_follows_the_dates(make_consultation):
    assert make_consultation("a", opens_in=1).current_status == "upcoming"
    assert make_consultation("b").current_status == "open"
    assert make_consultation("c", opens_in=-9, closes_in=-1).current_status == "closed"
    assert set(ConsultationPage.objects.open()) == {ConsultationPage.objects.get(slug="b")}
    assert set(ConsultationPage.objects.upcoming().values_list("slug", flat=True)) == {"a"}
    assert set(ConsultationPage.objects.closed().values_list("slug", flat=True)) == {"c"}


@pytest.fixture
def listed(make_consultation):
    areas = list(PriorityArea.objects.in_strategy_order())
    network = Network.objects.first()
    borough = Borough.objects.get(name="Lambeth")
    closed = make_consultation("closed-one", title="Closed one", opens_in=-20, closes_in=-2)
    upcoming = make_consultation("upcoming-one", title="Upcoming one", opens_in=5)
    open_one = make_consultation("open-one", title="Open one")
    open_one.priority_areas.set([areas[0]])
    open_one.networks.set([network])
    open_one.boroughs.set([borough])
    open_one.save()
    upcoming.priority_areas.set([areas[1]])
    upcoming.boroughs.set([Borough.objects.get(name="Hackney")])
    upcoming.save()
    return {"areas": areas, "network": network, "borough": borough, "closed": closed}


def test_index_lists_open_then_upcoming_then_closed(client, index_page, listed):
    body = client.get(index_page.url).content.decode()
    assert body.index("Open one") < body.index("Upcoming one") < body.index("Closed one")
    assert "Closes " in body and "Opens " in body and "Closed " in body


def test_index_filters_by_priority_area_network_and_borough(client, index_page, listed):
    by_area = client.get(index_page.url, {"priority_area": listed["areas"][1].slug})
    assert "Upcoming one" in by_area.content.decode()
    assert "Open one" not in by_area.content.decode()
    by_network = client.get(index_page.url, {"network": listed["network"].slug}).content.decode()
    assert "Open one" in by_network and "Upcoming one" not in by_network
    by_borough = client.get(index_page.url, {"borough": "lambeth"}).content.decode()
    # London-wide consultations (no borough) are shown for every borough.
    assert "Open one" in by_borough and "Closed one" in by_borough
    assert "Upcoming one" not in by_borough
    junk = client.get(index_page.url, {"borough": "atlantis", "network": "'; drop"})
    assert junk.status_code == 200


def test_index_query_count_does_not_grow_with_consultations(
    client, index_page, make_consultation, django_assert_max_num_queries
):
    areas = list(PriorityArea.objects.all())
    for number in range(8):
        page = make_consultation(f"c-{number}", opens_in=-1 if number % 2 else 2)
        page.priority_areas.set(areas[:2])
        page.save()
    client.get(index_page.url)  # warm the site and support-services caches
    # 18 = page routing and view restrictions, site chrome (with the get-help page the short
    # help panel links to), 3 filter lists, 1 listing + 1 prefetch; the same for 2 or 200
    # consultations.
    with django_assert_max_num_queries(18):
        response = client.get(index_page.url, {"priority_area": areas[0].slug})
    assert response.status_code == 200
    assert response.content.decode().count('class="card"') == 8
