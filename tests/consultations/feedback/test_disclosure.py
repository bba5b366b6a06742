"""Small numbers of people are never shown (decision 0025): a breakdown cell of 1 to 4 people
is suppressed, with the next smallest beside it (secondary suppression), in the dashboard, the
printable report and redacted exports; zeros are shown; unredacted exports keep everything."""

import csv
import io
import re

import pytest

from django.urls import reverse

from consultations.feedback import disclosure
from tests.consultations.feedback.factories import make_response


def test_primary_and_secondary_suppression():
    # One cell under 5: it could be worked out from the total, so the next smallest goes too.
    assert disclosure.suppressed_keys({"a": 2, "b": 6, "c": 7, "d": 0}) == {"a", "b"}
    # Two small cells protect each other; zeros are not disclosive.
    assert disclosure.suppressed_keys({"a": 2, "b": 3, "c": 9, "d": 0}) == {"a", "b"}
    assert disclosure.suppressed_keys({"a": 5, "b": 9, "d": 0}) == set()
    # A breakdown of fewer than 5 people in all is suppressed whole.
    assert disclosure.suppressed_keys({"a": 3, "b": 1}) == {"a", "b"}
    assert disclosure.protect([("a", 2), ("b", 6), ("c", 7)]) == [
        ("a", None),
        ("b", None),
        ("c", 7),
    ]


def test_the_threshold_is_a_setting(settings):
    settings.FEEDBACK_SUPPRESSION_THRESHOLD = 3
    assert disclosure.suppressed_keys({"a": 2, "b": 3, "c": 7}) == {"a", "b"}
    assert disclosure.suppressed_keys({"a": 3, "b": 4}) == set()
    assert disclosure.shown_as() == "fewer than 3"


@pytest.fixture
def ages(consultation):
    """2 aged 11 to 15 (primary), 6 aged 16 or 17 (secondary), 7 aged 18 to 25 (shown)."""
    for age_band, how_many in (("11_15", 2), ("16_17", 6), ("18_25", 7)):
        for _ in range(how_many):
            make_response(consultation, age_band=age_band)


def age_cells(html: str) -> dict[str, str]:
    table = re.search(r'id="age-heading">(.*?)</section>', html, re.S).group(1)
    return dict(re.findall(r'<th scope="row">([^<]+)</th><td>([^<]+)</td>', table))


def test_dashboard_suppresses_small_cells_and_the_next_smallest(
    moderator_client, consultation, ages
):
    for query in ({}, {"borough": ""}, {"q": "youth"}):  # stored totals, then live
        html = moderator_client.get(
            reverse("feedback:dashboard", args=[consultation.pk]), query
        ).content.decode()
        cells = age_cells(html)
        assert cells["11 to 15"] == "fewer than 5"
        assert cells["16 or 17"] == "fewer than 5"
        assert cells["18 to 25"] == "7"
        assert cells["26 to 39"] == "0"
        assert "Small numbers are not shown." in html
        # The chart hides them too: no bar, no count.
        assert "<title>11 to 15: fewer than 5</title>" in html
        assert "<title>16 or 17: 6</title>" not in html


def test_report_suppresses_them_too_and_keeps_the_filters(moderator_client, consultation, ages):
    html = moderator_client.get(
        reverse("feedback:report", args=[consultation.pk]), {"q": "youth"}
    ).content.decode()
    assert "<dt>Search answers</dt><dd>youth</dd>" in html
    cells = age_cells(html)
    assert cells["11 to 15"] == cells["16 or 17"] == "fewer than 5"
    assert cells["18 to 25"] == "7"


def export_rows(client, query=""):
    result = client.get(reverse("feedback:export", args=["responses", "csv"]) + query)
    assert result.status_code == 200
    text = b"".join(result.streaming_content).decode()
    return list(csv.DictReader(io.StringIO(text)))


def test_redacted_exports_show_small_counts_as_c(moderator_client, manager_client, ages):
    shown = [row["age_band"] for row in export_rows(moderator_client)]
    assert shown.count("[c]") == 8  # 2 + 6: the small group and the next smallest
    assert shown.count("18 to 25") == 7
    assert "11 to 15" not in shown and "16 or 17" not in shown
    unredacted = [row["age_band"] for row in export_rows(manager_client, "?unredacted=1")]
    assert unredacted.count("11 to 15") == 2 and "[c]" not in unredacted
