"""Exports of responses (one row each, one column per question) and of answers (one row each),
as CSV, XLSX or JSON. Rows are produced by generators over `.iterator(chunk_size=...)`, so
memory stays flat however many responses there are.

Every text cell that a spreadsheet could read as a formula is neutralised, and free text is
redacted unless the caller has the unredacted-export permission and asked for it.
"""

import csv
import json
import tempfile
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import islice

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from django.db import transaction
from django.db.models import Max, Min
from django.http import FileResponse, StreamingHttpResponse
from django.utils import timezone

from wagtail.log_actions import log

from consultations.models import (
    AgeBand,
    Answer,
    ConsultationPage,
    FeedbackExport,
    Response,
    TaggedAnswer,
    TaggedResponse,
)
from home.models import Borough
from home.redaction import redact

from .queries import SINGLE_CHOICE_TYPES, answer_is_coded
from .services import EXPORT

CHUNK_SIZE = 2000
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
FORMATS = ("csv", "xlsx", "json")
RESPONSE_COLUMNS = [
    "reference",
    "consultation",
    "submitted_at",
    "status",
    "age_band",
    "borough",
    "networks",
    "priority_areas",
    "tags",
]
ANSWER_COLUMNS = [
    "reference",
    "consultation",
    "submitted_at",
    "status",
    "age_band",
    "borough",
    "question_id",
    "question",
    "question_type",
    "answer",
    "priority_areas",
    "tags",
]


def neutralise(value):
    """Stop a spreadsheet running a cell as a formula: prefix risky text with a quote."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


class _Echo:
    def write(self, value):
        return value


@dataclass
class Export:
    kind: str
    header: list[str]
    rows: Iterator[list]
    row_count: int


def _answer_value(question_type, value_text, value_choices, value_number, *, redacted: bool):
    if question_type == "number" and value_number is not None:
        return value_number
    # The same rules as Answer.display_value, without building a model instance per cell.
    value_choices = value_choices or []
    if question_type == "ranking":
        value = ", ".join(f"{n}. {option}" for n, option in enumerate(value_choices, 1))
    elif value_number is not None:
        value = str(value_number)
    else:
        parts = [str(choice) for choice in value_choices if choice != value_text]
        if value_text:
            parts.append(value_text)
        value = ", ".join(parts)
    if redacted and question_type not in SINGLE_CHOICE_TYPES:
        value = redact(value)
    return value


def _batches(rows, size=CHUNK_SIZE):
    """Group an iterator's rows into lists of `size`, so each batch's tags and priority areas
    are fetched in one query."""
    iterator = iter(rows)
    while batch := list(islice(iterator, size)):
        yield batch


def _lookup(pairs) -> dict[int, list[str]]:
    found: dict[int, list[str]] = defaultdict(list)
    for key, name in pairs:
        found[key].append(name)
    return found


def _labels(values: list[str]) -> str:
    return "; ".join(sorted(values))


class _ReferenceNames:
    """Consultation titles, borough names and age band labels, read once per export."""

    def __init__(self):
        self.consultations = dict(ConsultationPage.objects.values_list("pk", "title"))
        self.boroughs = dict(Borough.objects.values_list("pk", "name"))
        self.age_bands = dict(AgeBand.choices)

    def base(self, reference, consultation_id, submitted_at, status, age_band, borough_id):
        return [
            reference,
            self.consultations.get(consultation_id, ""),
            timezone.localtime(submitted_at).isoformat(timespec="seconds"),
            status,
            self.age_bands.get(age_band, age_band or ""),
            self.boroughs.get(borough_id, ""),
        ]


RESPONSE_FIELDS = (
    "pk",
    "reference",
    "consultation_id",
    "submitted_at",
    "moderation_status",
    "age_band",
    "borough_id",
)


def response_export(responses, *, redacted: bool) -> Export:
    """One row per response, one column per question (by stable question id)."""
    response_ids = responses.order_by().values("pk")
    questions = list(
        Answer.objects.filter(response__in=response_ids)
        .values("question_id")
        .annotate(label=Max("question_label"), position=Min("position"))
        .order_by("position", "question_id")
    )
    header = RESPONSE_COLUMNS + [question["label"] for question in questions]
    question_ids = [question["question_id"] for question in questions]
    row_count = responses.count()
    rows_in_order = responses.order_by("pk").values_list(*RESPONSE_FIELDS)

    def rows():
        names = _ReferenceNames()
        for batch in _batches(rows_in_order.iterator(chunk_size=CHUNK_SIZE)):
            ids = [row[0] for row in batch]
            networks = _lookup(
                Response.networks.through.objects.filter(response_id__in=ids).values_list(
                    "response_id", "network__name"
                )
            )
            areas = _lookup(
                Response.priority_areas.through.objects.filter(response_id__in=ids).values_list(
                    "response_id", "priorityarea__short_name"
                )
            )
            tags = _lookup(
                TaggedResponse.objects.filter(content_object_id__in=ids).values_list(
                    "content_object_id", "tag__name"
                )
            )
            answers: dict[int, dict] = defaultdict(dict)
            for response_id, question_id, *value in Answer.objects.filter(
                response_id__in=ids
            ).values_list(
                "response_id",
                "question_id",
                "question_type",
                "value_text",
                "value_choices",
                "value_number",
            ):
                answers[response_id][question_id] = _answer_value(*value, redacted=redacted)
            for pk, *fields in batch:
                by_question = answers.get(pk, {})
                yield [
                    *names.base(*fields),
                    _labels(networks.get(pk, [])),
                    _labels(areas.get(pk, [])),
                    _labels(tags.get(pk, [])),
                    *(by_question.get(question_id, "") for question_id in question_ids),
                ]

    return Export("responses", header, rows(), row_count)


def answer_export(responses, *, redacted: bool, coded_only: bool = False) -> Export:
    """One row per answer, with its priority areas and tags."""
    answers = Answer.objects.filter(response__in=responses.order_by().values("pk"))
    if coded_only:
        answers = answers.filter(answer_is_coded())
    row_count = answers.count()
    rows_in_order = answers.order_by("pk").values_list(
        "pk",
        *(f"response__{name}" for name in RESPONSE_FIELDS[1:]),
        "question_id",
        "question_label",
        "question_type",
        "value_text",
        "value_choices",
        "value_number",
    )

    def rows():
        names = _ReferenceNames()
        for batch in _batches(rows_in_order.iterator(chunk_size=CHUNK_SIZE)):
            ids = [row[0] for row in batch]
            areas = _lookup(
                Answer.priority_areas.through.objects.filter(answer_id__in=ids).values_list(
                    "answer_id", "priorityarea__short_name"
                )
            )
            tags = _lookup(
                TaggedAnswer.objects.filter(content_object_id__in=ids).values_list(
                    "content_object_id", "tag__name"
                )
            )
            for row in batch:
                pk, response_fields = row[0], row[1:7]
                question_id, label, question_type, *value = row[7:]
                yield [
                    *names.base(*response_fields),
                    question_id,
                    label,
                    question_type,
                    _answer_value(question_type, *value, redacted=redacted),
                    _labels(areas.get(pk, [])),
                    _labels(tags.get(pk, [])),
                ]

    return Export("answers", ANSWER_COLUMNS, rows(), row_count)


def record_export(export: Export, *, file_format: str, filters: dict, redacted: bool, user):
    """Write the export to the audit log (and keep a row of it) before any data leaves."""
    with transaction.atomic():
        record = FeedbackExport.objects.create(
            exported_by=user,
            kind=export.kind,
            file_format=file_format,
            filters=filters,
            redacted=redacted,
            row_count=export.row_count,
        )
        log(
            instance=record,
            action=EXPORT,
            user=user,
            data={
                "kind": export.kind,
                "format": file_format,
                "filters": filters,
                "redacted": redacted,
                "rows": export.row_count,
            },
        )
    return record


def _filename(export: Export, file_format: str) -> str:
    return f"feedback-{export.kind}-{timezone.localtime():%Y%m%d-%H%M}.{file_format}"


def csv_response(export: Export) -> StreamingHttpResponse:
    writer = csv.writer(_Echo())

    def lines():
        yield writer.writerow([neutralise(cell) for cell in export.header])
        for row in export.rows:
            yield writer.writerow([neutralise(cell) for cell in row])

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{_filename(export, "csv")}"'
    return response


def json_response(export: Export) -> StreamingHttpResponse:
    def chunks():
        yield "[\n"
        for index, row in enumerate(export.rows):
            record = dict(zip(export.header, (neutralise(cell) for cell in row), strict=True))
            yield ("" if index == 0 else ",\n") + json.dumps(record, ensure_ascii=False)
        yield "\n]\n"

    response = StreamingHttpResponse(chunks(), content_type="application/json")
    response["Content-Disposition"] = f'attachment; filename="{_filename(export, "json")}"'
    return response


def _xlsx_cell(value):
    value = neutralise(value)
    if isinstance(value, str):
        return ILLEGAL_CHARACTERS_RE.sub("", value)
    return value


def xlsx_response(export: Export) -> FileResponse:
    """Written with openpyxl's write-only mode to a temporary file, never built in memory."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=export.kind.capitalize())
    sheet.append([_xlsx_cell(cell) for cell in export.header])
    for row in export.rows:
        sheet.append([_xlsx_cell(cell) for cell in row])
    handle = tempfile.NamedTemporaryFile(suffix=".xlsx")  # noqa: SIM115 - FileResponse closes it
    workbook.save(handle)
    handle.seek(0)
    return FileResponse(
        handle,
        as_attachment=True,
        filename=_filename(export, "xlsx"),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )


RENDERERS = {"csv": csv_response, "json": json_response, "xlsx": xlsx_response}
