"""Importing paper responses from the survey's template (decision 0032): the template mirrors
the export, a clean file is previewed then stored once, screened and counted like online
answers, and the file is never kept."""

import csv
import io

from django.urls import reverse

from wagtail.models import ModelLogEntry

from consultations.feedback.paper_import import template_header
from consultations.models import EntrySource, Response, SeenQuestion
from consultations.services import STAFF_ENTRY_LOG_ACTION
from consultations.tallies import matches_stored
from safeguarding.models import SafeguardingFlag

from .importing import GOOD_ROW, confirm, csv_upload, problems, upload, xlsx_upload

DISCLOSURE = "My stepdad hits me when he is drunk and I am scared to go home"


def import_file(client, page, file):
    checked = upload(client, page, file)
    assert checked.status_code == 200, problems(checked) if checked.context else checked
    done = confirm(client, page, checked)
    assert done.status_code == 302
    return checked


def test_the_templates_have_the_export_columns(moderator_client, consultation):
    csv_template = moderator_client.get(
        reverse("feedback:paper_template", args=[consultation.pk, "csv"])
    )
    header = next(csv.reader(io.StringIO(csv_template.content.decode("utf-8-sig"))))
    assert header == template_header(consultation)
    assert header[:2] == ["source", "workshop_or_session"]
    assert "Where do you go?: Park" in header and "Order these: rank 3" in header

    from openpyxl import load_workbook

    xlsx = moderator_client.get(reverse("feedback:paper_template", args=[consultation.pk, "xlsx"]))
    workbook = load_workbook(io.BytesIO(xlsx.content), read_only=True)
    sheet, guide = workbook.worksheets
    assert [cell.value for cell in next(sheet.iter_rows())] == header
    about = {row[0]: row for row in guide.iter_rows(values_only=True)}
    assert "16 or 17" in about["How old are you?"][2]
    assert about["Where do you go?: Park"][2].startswith("1 if chosen")
    assert about["Name of your area"][3] == "yes"


def test_a_clean_file_is_previewed_then_stored(moderator_client, moderator, consultation):
    checked = upload(
        moderator_client,
        consultation,
        csv_upload(consultation, [{}, {"source": "workshop", "workshop_or_session": "Club"}, {}]),
    )
    assert checked.status_code == 200
    assert "Import 3 responses" in checked.content.decode()
    assert not Response.objects.exists()  # nothing until confirmed

    done = confirm(moderator_client, consultation, checked)
    assert done.status_code == 302
    responses = Response.objects.order_by("pk")
    assert responses.count() == 3
    assert {response.entered_by for response in responses} == {moderator}
    assert [response.entry_source for response in responses] == [
        EntrySource.PAPER,
        EntrySource.WORKSHOP,
        EntrySource.PAPER,
    ]
    assert responses[1].entry_note == "Club"
    assert all(response.user is None for response in responses)
    first = responses[0]
    assert first.age_band == "16_17" and first.borough.name == "Hackney"
    answers = {answer.question_id: answer for answer in first.answers.all()}
    assert answers["q-multi"].value_choices == ["Park", "Other"]
    assert answers["q-multi"].value_text == "Library"
    assert answers["q-rank"].value_choices == ["Clubs", "Lights", "Adults"]
    assert answers["q-number"].value_number == 12
    assert SeenQuestion.objects.count() == 3 * 11
    assert matches_stored(consultation)
    assert ModelLogEntry.objects.filter(action=STAFF_ENTRY_LOG_ACTION).count() == 3
    # The file is not kept, nor its answers once imported.
    assert moderator_client.session.get(f"feedback:paper_import:{consultation.pk}") is None


def test_the_same_file_twice_stores_once(moderator_client, consultation):
    rows = [{}, {"Name of your area": "Camden"}]
    checked = import_file(moderator_client, consultation, csv_upload(consultation, rows))
    # A confirm sent again (a double click) stores nothing more.
    assert confirm(moderator_client, consultation, checked).status_code == 302
    import_file(moderator_client, consultation, csv_upload(consultation, rows))
    # The same cells as XLSX are the same file.
    import_file(moderator_client, consultation, xlsx_upload(consultation, rows))
    assert Response.objects.count() == 2


def test_an_xlsx_file_is_read(moderator_client, consultation):
    import_file(moderator_client, consultation, xlsx_upload(consultation, [{"Minutes to walk": 7}]))
    assert Response.objects.get().answers.get(question_id="q-number").value_number == 7


def test_imported_free_text_is_screened(moderator_client, make_consultation):
    page = make_consultation(slug="room")
    page.survey[2].value["max_length"] = 200
    page.save_revision().publish()
    import_file(moderator_client, page, csv_upload(page, [{"What would help?": DISCLOSURE}]))
    flag = SafeguardingFlag.objects.get()
    assert flag.source == Response.objects.get()


def test_a_formula_is_only_text(moderator_client, consultation):
    import_file(
        moderator_client,
        consultation,
        csv_upload(consultation, [{"Name of your area": "=1+1"}]),
    )
    assert Response.objects.get().answers.get(question_id="q-short").value_text == "=1+1"


def test_a_closed_consultation_takes_imports(moderator_client, closed_consultation):
    import_file(moderator_client, closed_consultation, csv_upload(closed_consultation, [{}]))
    assert Response.objects.filter(consultation=closed_consultation).count() == 1


def test_an_expired_confirm_stores_nothing(moderator_client, consultation):
    response = moderator_client.post(
        reverse("feedback:paper_import_confirm", args=[consultation.pk]), {"digest": "x"}
    )
    assert response.status_code == 302
    assert not Response.objects.exists()


def test_good_row_matches_the_template(consultation):
    assert set(GOOD_ROW) == set(template_header(consultation))
