"""Exports an analyst can use as they are: one row per response, a 1/0 column per option of a
multiple choice, a column per rank position, numbers as numbers and dates as dates in XLSX, a
frozen bold header with an autofilter, codes of each own-words answer, group session and staff
notes, and a codebook (an XLSX sheet; a second CSV file) naming each question's versions. The
background task writes the same file."""

import csv
import io
import json
from datetime import datetime

import pytest
from openpyxl import load_workbook

from django.urls import reverse

from consultations.feedback import background, counts
from consultations.feedback.services import add_note, set_answer_coding
from consultations.models import Answer, ExportJob
from home.models import PriorityArea
from tests.consultations.feedback.factories import add_answer, make_response


@pytest.fixture(autouse=True)
def private_exports(settings, tmp_path):
    settings.PRIVATE_EXPORT_ROOT = tmp_path / "private-exports"
    settings.FEEDBACK_SUPPRESSION_THRESHOLD = 1  # two responses: every value shown


@pytest.fixture
def responses(consultation, moderator):
    area = PriorityArea.objects.order_by("number").first()
    first = make_response(consultation, places=("Park", "Club"))
    second = make_response(consultation, places=("Library",), free_text="Call 020 7946 0000")
    for response, ranking, minutes in ((first, ["B", "A"], 12), (second, ["A", "B"], 30)):
        add_answer(
            response, "q-rank", "Put these in order", "ranking", 4,
            question_options=["A", "B"], value_choices=ranking,
        )  # fmt: skip
        add_answer(response, "q-number", "Minutes to a park", "number", 5, value_number=minutes)
    # The survey was edited: the second response answered a reworded question.
    Answer.objects.filter(response=second, question_id="q-single").update(
        question_label="How safe do you feel now?"
    )
    counts.rebuild()
    set_answer_coding(first.answers.get(question_id="q-long"), [area], ["parks"], user=None)
    add_note(second, "Spoke to Sam on 07700 900123", moderator)
    return {"first": first, "second": second, "area": area}


def url(kind, file_format):
    return reverse("feedback:export", args=[kind, file_format])


def body(result) -> bytes:
    return b"".join(result.streaming_content) if result.streaming else result.content


def check_workbook(data: bytes, responses) -> None:
    workbook = load_workbook(io.BytesIO(data))
    sheet = workbook["Responses"]
    assert sheet.freeze_panes == "A2"
    rows = list(sheet.iter_rows(values_only=True))
    header = list(rows[0])
    assert sheet.auto_filter.ref == f"A1:{sheet.cell(1, len(header)).column_letter}3"
    assert sheet["A1"].font.bold
    assert sheet.column_dimensions["A"].width >= 10
    by_reference = {row[0]: dict(zip(header, row, strict=True)) for row in rows[1:]}
    first = by_reference[responses["first"].reference]
    second = by_reference[responses["second"].reference]
    assert isinstance(first["submitted_at"], datetime)
    assert first["Minutes to a park"] == 12 and second["Minutes to a park"] == 30
    assert [first[f"Where do you go?: {place}"] for place in ("Park", "Club", "Library")] == [
        1,
        1,
        0,
    ]
    assert (first["Put these in order: rank 1"], first["Put these in order: rank 2"]) == (
        "B",
        "A",
    )
    assert first["What would help?: priority areas"] == responses["area"].short_name
    assert first["What would help?: tags"] == "parks"
    assert second["What would help?"] == "Call [phone]"
    assert second["staff_notes"] == "Spoke to [name] on [phone]"
    assert "group_session" in header
    # The question's latest wording heads its column; the codebook names both versions.
    assert "How safe do you feel now?" in header
    codebook = list(workbook["Codebook"].iter_rows(values_only=True))
    assert codebook[0][:5] == ("column", "question_id", "question", "question_type", "values")
    by_column = {row[0]: row for row in codebook[1:]}
    assert "1 if they chose 'Park'" in by_column["Where do you go?: Park"][4]
    versions = by_column["How safe do you feel now?"][5]
    assert "Version 1: 'How safe do you feel?'" in versions
    assert "Version 2: 'How safe do you feel now?'" in versions
    assert by_column["Put these in order: rank 1"][3] == "ranking"


def test_xlsx_columns_types_header_and_codebook(moderator_client, responses):
    result = moderator_client.get(url("responses", "xlsx"))
    assert result.status_code == 200
    check_workbook(body(result), responses)


def test_background_xlsx_is_the_same_file(moderator_client, responses, settings):
    settings.FEEDBACK_EXPORT_BACKGROUND_ROWS = 0
    result = moderator_client.post(url("responses", "xlsx"))
    assert result.status_code == 302
    job = ExportJob.objects.latest("pk")
    assert job.status == ExportJob.Status.DONE
    with background.open_export(job) as stored:
        check_workbook(stored.read(), responses)


def test_csv_has_the_same_columns_and_a_codebook_file(moderator_client, responses):
    rows = list(
        csv.DictReader(io.StringIO(body(moderator_client.get(url("responses", "csv"))).decode()))
    )
    first = next(row for row in rows if row["reference"] == responses["first"].reference)
    assert first["Where do you go?: Club"] == "1"
    assert first["Put these in order: rank 1"] == "B"
    assert first["submitted_at"].startswith(str(responses["first"].submitted_at.year))
    result = moderator_client.get(reverse("feedback:export_codebook", args=["responses"]))
    assert result.status_code == 200
    assert "codebook" in result["Content-Disposition"]
    codebook = list(csv.reader(io.StringIO(body(result).decode())))
    assert codebook[0][0] == "column"
    assert [row[0] for row in codebook[1:]] == list(rows[0].keys())


def test_json_keeps_each_response_with_its_answers_and_snapshots(moderator_client, responses):
    records = json.loads(body(moderator_client.get(url("responses", "json"))))
    record = next(r for r in records if r["reference"] == responses["first"].reference)
    answers = {answer["question_id"]: answer for answer in record["answers"]}
    assert set(answers) == {"q-long", "q-single", "q-multi", "q-rank", "q-number"}
    assert answers["q-multi"]["options"] == ["Park", "Club", "Library"]
    assert answers["q-long"]["tags"] == ["parks"]
    assert answers["q-number"]["answer"] == 12
    assert record["networks"] == []


def test_withdrawn_responses_are_never_in_the_codebook_or_export(moderator_client, responses):
    responses["second"].is_withdrawn = True
    responses["second"].save(update_fields=["is_withdrawn"])
    rows = list(
        csv.DictReader(io.StringIO(body(moderator_client.get(url("responses", "csv"))).decode()))
    )
    assert [row["reference"] for row in rows] == [responses["first"].reference]
    assert "How safe do you feel now?" not in rows[0]
