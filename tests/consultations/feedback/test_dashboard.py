"""The synthesis dashboard and the printable report."""

import re

import pytest

from django.urls import reverse

from consultations.feedback.services import set_answer_coding
from consultations.models import Quote
from home.models import Borough, PriorityArea
from tests.consultations.feedback.factories import make_response


def table_row(page: str, label: str) -> tuple[str, str]:
    match = re.search(
        rf'<th scope="row">{re.escape(label)}</th><td>(\d+)</td><td>([^<]+)</td>', page
    )
    assert match, f"no row for {label}"
    return match.group(1), match.group(2)


@pytest.fixture(autouse=True)
def every_count_shown(settings):
    """These tests count a handful of responses: small numbers are tested in test_disclosure."""
    settings.FEEDBACK_SUPPRESSION_THRESHOLD = 1


@pytest.fixture
def data(consultation):
    borough = Borough.objects.order_by("name").first()
    area = PriorityArea.objects.order_by("number").first()
    safe = make_response(consultation, safe="Safe", places=("Park", "Club"), borough=borough)
    make_response(consultation, safe="Safe", places=("Park",), age_band="18_25")
    make_response(consultation, safe="Unsafe", places=("Library",))
    make_response(consultation, safe="Unsafe", moderation_status="hidden")
    answer = safe.answers.get(question_id="q-long")
    set_answer_coding(answer, [area], ["parks"], user=None)
    Quote.objects.create(answer=answer, text="Email me at kid@example.com", priority_area=area)
    return {"borough": borough, "area": area}


def test_dashboard_counts_closed_questions_and_coding(moderator_client, consultation, data):
    page = moderator_client.get(reverse("feedback:dashboard", args=[consultation.pk]))
    assert page.status_code == 200
    html = page.content.decode()
    assert "<strong>3</strong> responses counted" in html  # the hidden one is left out
    assert table_row(html, "Safe") == ("2", "67%")
    assert table_row(html, "Unsafe") == ("1", "33%")
    assert table_row(html, "Park") == ("2", "67%")
    assert table_row(html, "Library") == ("1", "33%")
    assert table_row(html, "16 or 17") == ("2", "67%")
    assert table_row(html, "parks") == ("1", "100%")
    assert table_row(html, data["area"].short_name) == ("1", "100%")
    assert "1 of 3 free-text answers coded (33%)" in html
    assert "<svg" in html and "<title" in html
    assert "Email me at [email]" in html
    assert "kid@example.com" not in html


def test_dashboard_filters(moderator_client, consultation, data):
    html = moderator_client.get(
        reverse("feedback:dashboard", args=[consultation.pk]), {"age_band": "18_25"}
    ).content.decode()
    assert "<strong>1</strong> response counted" in html
    assert table_row(html, "Safe") == ("1", "100%")
    html = moderator_client.get(
        reverse("feedback:dashboard"), {"borough": data["borough"].pk}
    ).content.decode()
    assert "<strong>1</strong> response counted" in html
    html = moderator_client.get(
        reverse("feedback:dashboard"), {"priority_area": data["area"].pk}
    ).content.decode()
    assert "<strong>1</strong> response counted" in html


def test_printable_report_has_no_admin_chrome(moderator_client, consultation, data):
    html = moderator_client.get(reverse("feedback:report", args=[consultation.pk])).content.decode()
    assert "<h1>What we heard:" in html
    assert "wagtail-sidebar" not in html
    assert html.count("<h1") == 1


def test_dashboard_query_count_does_not_grow(
    moderator_client, consultation, data, django_assert_max_num_queries
):
    url = reverse("feedback:dashboard", args=[consultation.pk])
    moderator_client.get(url)
    # 19 since the running totals (was 27); suggestions and campaigns add their own counts.
    with django_assert_max_num_queries(30) as few:
        moderator_client.get(url)
    for n in range(20):
        response = make_response(consultation, places=("Club",))
        set_answer_coding(response.answers.get(question_id="q-long"), [], [f"tag-{n}"], None)
    with django_assert_max_num_queries(len(few.captured_queries)):
        moderator_client.get(url)


def test_empty_dashboard_says_what_to_do_next(moderator_client, consultation):
    html = moderator_client.get(reverse("feedback:dashboard", args=[consultation.pk])).content
    html = html.decode()
    assert "No responses yet" in html
    assert "What you can do next:" in html
    assert "share its link" in html
    assert "Responses by age band" not in html  # no empty charts
    # A filter that matches nothing says so instead.
    filtered = moderator_client.get(
        reverse("feedback:dashboard", args=[consultation.pk]), {"q": "nothing"}
    ).content.decode()
    assert "No responses match these filters." in filtered


def test_dashboard_filters_are_the_listings_and_read_any(moderator_client, consultation):
    html = moderator_client.get(reverse("feedback:dashboard")).content.decode()
    for label in ("Any consultation", "Any priority area", "Any tag", "Any age", "Any borough"):
        assert f">{label}</option>" in html
    assert "---------" not in html
    for name in ("q", "network", "group_session", "submitted_from", "submitted_to"):
        assert f'name="{name}"' in html
    assert 'name="withdrawn"' not in html  # never counted
