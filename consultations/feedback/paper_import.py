"""Importing paper and workshop responses from a spreadsheet (decision 0032).

The template is the mirror of the one-row-per-response export: the same columns for each
question (`export_layout.survey_columns`: one 1/0 column per option of a multiple-choice
question, one per position of a ranking), after a `source` and a `workshop_or_session`
column. Each question block reads its cells back into the data its online form would have
been sent (`QuestionBlock.form_data`), and the step's own form checks it, following the
survey's routes: an import is checked exactly as answers sent online are.

A file with any bad row stores nothing, and every bad row is reported by its line. A clean
file is stored in one transaction through `submit_response`, so screening, the dashboard's
running totals and the questions each response saw follow as for answers sent online. Each
row's submission token is a hash of the consultation, the file's cells and the row's line:
the same file (as CSV or XLSX) imported twice stores its responses once.
"""

import csv
import hashlib
import io
import json
from base64 import urlsafe_b64encode
from dataclasses import dataclass, field
from datetime import date, datetime

from django import forms
from django.db import transaction
from django.utils.datastructures import MultiValueDict

from wagtail.log_actions import log

from consultations.forms import build_step_form, other_field_name
from consultations.models import ConsultationPage, EntrySource
from consultations.services import AnsweredQuestion, StaffEntry, submit_response

from .export_files import neutralise
from .export_layout import QuestionColumns, survey_columns
from .services import IMPORT

MAX_FILE_BYTES = 5 * 1024 * 1024
# Imported in the request: each row is screened and counted like an online answer, which
# takes a few milliseconds, so this many rows stay well inside gunicorn's timeout.
MAX_ROWS = 2000
SOURCE, NOTE = "source", "workshop_or_session"
BASE_HEADER = [SOURCE, NOTE]
SOURCES = {"": EntrySource.PAPER, "paper": EntrySource.PAPER, "workshop": EntrySource.WORKSHOP}


class ImportFileError(Exception):
    """The file cannot be read at all (its message says why, in plain English)."""


@dataclass
class ImportRow:
    line: int
    source: str
    note: str
    answers: list[AnsweredQuestion]


@dataclass
class CheckedFile:
    """A file checked against the survey: its rows ready to store, or its problems."""

    digest: str
    rows: list[ImportRow] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    @property
    def is_clean(self) -> bool:
        return not self.problems and bool(self.rows)


# --- the template ------------------------------------------------------------------------


def template_header(consultation: ConsultationPage) -> list[str]:
    return BASE_HEADER + [
        name for question in survey_columns(consultation) for name in question.answer_headers()
    ]


def _allowed_values(question: QuestionColumns, column: str) -> str:
    if (
        question.block.counted_as == "several"
        and column in question.columns[: len(question.options)]
    ):
        return "1 if chosen, 0 or empty if not"
    if column == "Other":
        return "1 if they chose 'Other', 0 or empty if not"
    if column.startswith("rank "):
        return "One of: " + "; ".join(question.options)
    if question.options:
        return "One of: " + "; ".join(question.options)
    return "What they wrote, exactly as written" if question.block.holds_own_words else "A number"


def template_guide(consultation: ConsultationPage) -> list[list[str]]:
    """The XLSX template's second sheet: what goes in each column."""
    rows = [
        ["column", "question", "allowed values", "required"],
        [SOURCE, "", "paper or workshop (empty means paper)", "no"],
        [NOTE, "", "Which workshop or session, if any (up to 200 characters)", "no"],
    ]
    values = {question.id: question.value for question in consultation.questions()}
    for question in survey_columns(consultation):
        required = "yes" if values[question.question_id].get("required") else "no"
        for column, header in zip(question.columns, question.answer_headers(), strict=True):
            rows.append([header, question.label, _allowed_values(question, column), required])
    return [[neutralise(cell) for cell in row] for row in rows]


def template_csv(consultation: ConsultationPage) -> bytes:
    out = io.StringIO()
    csv.writer(out).writerow([neutralise(name) for name in template_header(consultation)])
    return out.getvalue().encode("utf-8-sig")


def template_xlsx(consultation: ConsultationPage) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Responses"
    sheet.append([neutralise(name) for name in template_header(consultation)])
    guide = workbook.create_sheet("About each column")
    for row in template_guide(consultation):
        guide.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


# --- reading a file ----------------------------------------------------------------------


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime | date):
        return value.isoformat()
    return str(value).strip()


def read_table(name: str, data: bytes) -> list[list[str]]:
    """The file's rows as text cells (the first is the header). XLSX is read by openpyxl
    through defusedxml, values only (a formula is never evaluated, only its saved value)."""
    if len(data) > MAX_FILE_BYTES:
        raise ImportFileError("The file is bigger than 5 MB. Split it into smaller files.")
    if name.lower().endswith(".xlsx"):
        table = _read_xlsx(data)
    elif name.lower().endswith(".csv"):
        table = _read_csv(data)
    else:
        raise ImportFileError("The file must be a CSV or an XLSX file made from the template.")
    while table and not any(table[-1]):
        table.pop()
    if not table:
        raise ImportFileError("The file is empty.")
    if len(table) - 1 > MAX_ROWS:
        raise ImportFileError(f"The file has more than {MAX_ROWS} rows. Split it up.")
    return table


def _read_csv(data: bytes) -> list[list[str]]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ImportFileError("Save the file as 'CSV UTF-8' and try again.") from error
    try:
        return [[cell.strip() for cell in row] for row in csv.reader(io.StringIO(text))]
    except csv.Error as error:
        raise ImportFileError("The file is not a CSV file we can read.") from error


def _read_xlsx(data: bytes) -> list[list[str]]:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        sheet = workbook.worksheets[0]
        rows = [[_cell(value) for value in row] for row in sheet.iter_rows(values_only=True)]
        workbook.close()
    except Exception as error:  # noqa: BLE001 - any broken file is the same problem to staff
        raise ImportFileError("The file is not an XLSX file we can read.") from error
    return rows


def digest_of(table: list[list[str]]) -> str:
    """The same cells give the same digest, whether they came as CSV or XLSX."""
    return hashlib.sha256(json.dumps(table, ensure_ascii=False).encode()).hexdigest()


# --- checking every row ------------------------------------------------------------------


def check_table(consultation: ConsultationPage, table: list[list[str]]) -> CheckedFile:
    """Check every row with the online form's own checks; report every bad row."""
    checked = CheckedFile(digest=digest_of(table))
    expected = template_header(consultation)
    header = table[0]
    # A heading that looks like a formula was written with a quote in front of it.
    if header not in (expected, [neutralise(name) for name in expected]):
        checked.problems.append(
            "Row 1: the column headings do not match this survey's template. Download the "
            "template again and copy the answers into it."
        )
        return checked
    questions = survey_columns(consultation)
    steps = consultation.steps()
    values = {question.id: question.value for step in steps for question in step.questions}
    for index, cells in enumerate(table[1:], start=2):
        if not any(cells):
            continue
        cells = (cells + [""] * len(expected))[: len(expected)]
        row_problems, row = _check_row(index, cells, questions, steps, values)
        checked.problems += row_problems
        if row is not None:
            checked.rows.append(row)
    if not checked.rows and not checked.problems:
        checked.problems.append("The file has no answers in it, only the column headings.")
    return checked


def _check_row(line, cells, questions, steps, values):
    problems = []
    source = SOURCES.get(cells[0].lower())
    if source is None:
        problems.append(f"Row {line}: '{SOURCE}' — '{cells[0]}' must be paper or workshop")
    note = cells[1]
    if len(note) > 200:
        problems.append(f"Row {line}: '{NOTE}' must be 200 characters or fewer")
    data: dict[str, list[str]] = {}
    shown: dict[str, tuple[str, str]] = {}  # form field name: (column label, cell shown)
    start = len(BASE_HEADER)
    for question in questions:
        width = len(question.columns)
        own = cells[start : start + width]
        start += width
        shown[question.question_id] = (question.label, own[0] if width == 1 else "")
        shown[other_field_name(question.question_id)] = (
            f"{question.label}: Other, please say",
            own[-1],
        )
        try:
            data.update(
                question.block.form_data(
                    values[question.question_id], question.question_id, question.columns, own
                )
            )
        except forms.ValidationError as error:
            problems += [f"Row {line}: '{question.label}' — {message}" for message in error]
    if problems:
        return problems, None
    answers, form_problems = _follow_route(steps, data)
    for name, messages in form_problems.items():
        label, cell = shown.get(name, ("", ""))
        for message in messages:
            said = f"'{cell}' was not accepted. " if cell else ""
            problems.append(f"Row {line}: '{label}' — {said}{message}")
    if problems:
        return problems, None
    return [], ImportRow(line=line, source=source, note=note, answers=answers)


def _follow_route(steps, data: dict):
    """The answers on the route these cells take, checked step by step by the online form
    (answers on steps the route skips are not sent, as online). Returns (answers, problems
    by form field name)."""
    answers, number = [], 1 if steps else None
    while number is not None:
        step = steps[number - 1]
        form = build_step_form(step)
        keys = form.answer_keys()
        form = build_step_form(
            step, MultiValueDict({key: values for key, values in data.items() if key in keys})
        )
        if not form.is_valid():
            return None, {name: list(errors) for name, errors in form.errors.items()}
        for question in step.questions:
            answers.append(
                AnsweredQuestion(
                    question=question,
                    value=form.cleaned_data.get(question.id),
                    other_text=form.cleaned_data.get(other_field_name(question.id)) or "",
                )
            )
        number = step.next_number(form.cleaned_data, len(steps))
    return answers, {}


# --- storing -----------------------------------------------------------------------------


def row_token(consultation: ConsultationPage, digest: str, line: int) -> str:
    raw = hashlib.sha256(f"import:{consultation.pk}:{digest}:{line}".encode()).digest()
    return urlsafe_b64encode(raw).decode().rstrip("=")


def import_checked(consultation: ConsultationPage, checked: CheckedFile, user) -> tuple[int, int]:
    """Store every row of a clean file in one transaction, exactly once per row. Returns
    (responses stored now, rows stored by an earlier import of the same file)."""
    if not checked.is_clean:
        raise ValueError("Only a clean file can be imported")
    stored = already = 0
    with transaction.atomic():
        for row in checked.rows:
            _response, created = submit_response(
                consultation,
                answers=row.answers,
                submission_token=row_token(consultation, checked.digest, row.line),
                staff_entry=StaffEntry(entered_by=user, source=row.source, note=row.note),
            )
            stored += created
            already += not created
        log(
            consultation,
            IMPORT,
            user=user,
            data={"stored": stored, "already_stored": already, "digest": checked.digest},
        )
    return stored, already
