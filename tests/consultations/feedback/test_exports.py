"""Exports: CSV, XLSX and JSON parse back; filters honoured; redaction; formula neutralising;
hidden responses left out; every export in the audit log."""

import csv
import io
import json

import pytest
from openpyxl import load_workbook

from django.urls import reverse

from wagtail.models import ModelLogEntry

from consultations.feedback.exports import neutralise
from consultations.models import FeedbackExport
from tests.consultations.feedback.factories import make_response


def url(kind, file_format):
    return reverse("feedback:export", args=[kind, file_format])


def content(result) -> bytes:
    return b"".join(result.streaming_content) if result.streaming else result.content


def parse_csv(result):
    return list(csv.DictReader(io.StringIO(content(result).decode())))


@pytest.fixture
def responses(consultation):
    risky = make_response(consultation, free_text='=HYPERLINK("http://evil.test") email a@b.com')
    plain = make_response(consultation, free_text="Ring 020 7946 0000 please", age_band="11_15")
    make_response(consultation, free_text="spam", moderation_status="hidden")
    risky.tags.add("+danger")
    return {"risky": risky, "plain": plain}


@pytest.mark.parametrize("value", ["=1+1", "+44", "-2", "@SUM(A1)", "\tx", "\rx"])
def test_neutralise_prefixes_risky_cells(value):
    assert neutralise(value) == "'" + value


def test_neutralise_leaves_ordinary_values():
    assert neutralise("Safe") == "Safe"
    assert neutralise(12) == 12
    assert neutralise("") == ""


def test_responses_csv_one_row_each_redacted_and_neutralised(moderator_client, responses):
    result = moderator_client.get(url("responses", "csv"))
    assert result.status_code == 200
    assert result.streaming
    rows = parse_csv(result)
    by_reference = {row["reference"]: row for row in rows}
    assert set(by_reference) == {responses["risky"].reference, responses["plain"].reference}
    risky = by_reference[responses["risky"].reference]
    assert risky["What would help?"].startswith("'=HYPERLINK")
    assert "[email]" in risky["What would help?"]
    assert "a@b.com" not in content(moderator_client.get(url("responses", "csv"))).decode()
    assert risky["tags"] == "'+danger"
    assert risky["How safe do you feel?"] == "Safe"
    # One 1/0 column per option of a multiple-choice question.
    assert [risky[f"Where do you go?: {place}"] for place in ("Park", "Club", "Library")] == [
        "1",
        "0",
        "0",
    ]
    assert by_reference[responses["plain"].reference]["What would help?"] == "Ring [phone] please"


def test_unredacted_export_for_managers(manager_client, responses):
    rows = parse_csv(manager_client.get(url("responses", "csv") + "?unredacted=1"))
    texts = {row["What would help?"] for row in rows}
    assert "Ring 020 7946 0000 please" in texts
    assert FeedbackExport.objects.get().redacted is False


def test_export_honours_filters(moderator_client, responses):
    rows = parse_csv(moderator_client.get(url("responses", "csv") + "?age_band=11_15"))
    assert [row["reference"] for row in rows] == [responses["plain"].reference]


def test_hidden_responses_only_when_asked_for(moderator_client, responses):
    rows = parse_csv(moderator_client.get(url("responses", "csv") + "?status=hidden"))
    assert len(rows) == 1
    assert rows[0]["status"] == "hidden"


def test_answers_csv_one_row_per_answer(moderator_client, responses):
    answer = responses["plain"].answers.get(question_id="q-long")
    answer.tags.add("phones")
    rows = parse_csv(moderator_client.get(url("answers", "csv")))
    assert len(rows) == 6
    coded = [row for row in rows if row["tags"]]
    assert coded == [
        row
        for row in rows
        if row["reference"] == responses["plain"].reference and row["question_id"] == "q-long"
    ]
    only_coded = parse_csv(moderator_client.get(url("answers", "csv") + "?coded=1"))
    assert [row["tags"] for row in only_coded] == ["phones"]


def test_xlsx_parses_back(moderator_client, responses):
    result = moderator_client.get(url("responses", "xlsx"))
    assert result.status_code == 200
    workbook = load_workbook(io.BytesIO(content(result)), read_only=True)
    rows = list(workbook.active.iter_rows(values_only=True))
    header, data = rows[0], rows[1:]
    assert "What would help?" in header
    assert len(data) == 2
    column = header.index("What would help?")
    assert any(str(row[column]).startswith("'=HYPERLINK") for row in data)


def test_json_parses_back(moderator_client, responses):
    result = moderator_client.get(url("answers", "json"))
    assert result.status_code == 200
    records = json.loads(content(result))
    assert len(records) == 6
    assert {record["question_id"] for record in records} == {"q-long", "q-single", "q-multi"}
    texts = [r["answer"] for r in records if r["question_id"] == "q-long"]
    assert "Ring [phone] please" in texts


def test_every_export_is_audit_logged(moderator_client, moderator, responses):
    content(moderator_client.get(url("responses", "csv") + "?age_band=11_15"))
    content(moderator_client.get(url("answers", "json")))
    entries = ModelLogEntry.objects.filter(action="consultations.feedback.export").order_by("pk")
    assert entries.count() == 2
    first = entries[0]
    assert first.user == moderator
    assert first.data["filters"] == {"age_band": "11_15"}
    assert first.data["rows"] == 1
    assert first.data["format"] == "csv"
    assert first.data["redacted"] is True
    assert entries[1].data["rows"] == 6


def test_bad_export_requests(moderator_client, responses):
    assert moderator_client.get(url("responses", "pdf")).status_code == 404
    assert moderator_client.get(url("people", "csv")).status_code == 404
    assert moderator_client.get(url("responses", "csv") + "?submitted_from=x").status_code == 400
