"""Helpers for import tests: a good row of the full survey (tests/consultations/conftest.py)
by template column, and files made from rows."""

import csv
import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from consultations.feedback.paper_import import template_header

GOOD_ROW = {
    "source": "paper",
    "workshop_or_session": "",
    "Name of your area": "Hackney",
    "What would help?": "More youth clubs",
    "How safe?": "Safe",
    "Where do you go?: Park": "1",
    "Where do you go?: Club": "0",
    "Where do you go?: Other": "1",
    "Where do you go?: Other, please say": "Library",
    "Enough places?": "Agree",
    "Trusted adult?": "Yes",
    "Minutes to walk": "12",
    "Order these: rank 1": "Clubs",
    "Order these: rank 2": "Lights",
    "Order these: rank 3": "Adults",
    "How old are you?": "16 or 17",
    "Your borough": "Hackney",
    "What is your gender?": "Prefer not to say",
}


def table(page, rows) -> list[list[str]]:
    header = template_header(page)
    assert set(GOOD_ROW) == set(header), set(GOOD_ROW) ^ set(header)
    return [header] + [[str({**GOOD_ROW, **row}.get(name, "")) for name in header] for row in rows]


def csv_upload(page, rows, name="responses.csv"):
    out = io.StringIO()
    csv.writer(out).writerows(table(page, rows))
    return SimpleUploadedFile(name, out.getvalue().encode("utf-8-sig"), "text/csv")


def xlsx_upload(page, rows, name="responses.xlsx"):
    from openpyxl import Workbook

    workbook = Workbook()
    for row in table(page, rows):
        workbook.active.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return SimpleUploadedFile(name, out.getvalue())


def upload(client, page, file):
    return client.post(reverse("feedback:paper_import", args=[page.pk]), {"file": file})


def confirm(client, page, checked_page):
    digest = checked_page.context["checked"].digest
    return client.post(reverse("feedback:paper_import_confirm", args=[page.pk]), {"digest": digest})


def problems(response) -> list[str]:
    return response.context["checked"].problems
