"""Exports of responses (one row each, one column per question) and of answers (one row each),
as CSV, XLSX or JSON. Rows are produced by generators over `.iterator(chunk_size=...)`, so
memory stays flat however many responses there are.

Every text cell that a spreadsheet could read as a formula is neutralised, and free text is
redacted unless the caller has the unredacted-export permission and asked for it.
"""

import csv
import json
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from django.db import transaction
from django.db.models import Max, Min, Prefetch
from django.http import FileResponse, StreamingHttpResponse
from django.utils import timezone

from wagtail.log_actions import log

from consultations.models import Answer, FeedbackExport, Response
from home.models import PriorityArea
from home.redaction import redact

from .queries import SINGLE_CHOICE_TYPES
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


def _answer_value(answer: Answer, redacted: bool):
    if answer.question_type == "number" and answer.value_number is not None:
        return answer.value_number
    value = answer.display_value
    if redacted and answer.question_type not in SINGLE_CHOICE_TYPES:
        value = redact(value)
    return value


def _names(items) -> str:
    return "; ".join(str(getattr(item, "short_name", "") or item.name) for item in items)


def _response_base(response: Response) -> list:
    return [
        response.reference,
        response.consultation.title,
        timezone.localtime(response.submitted_at).isoformat(timespec="seconds"),
        response.moderation_status,
        response.get_age_band_display() if response.age_band else "",
        response.borough.name if response.borough else "",
    ]


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
    queryset = (
        responses.select_related("consultation", "borough")
        .prefetch_related(
            "networks",
            Prefetch("priority_areas", queryset=PriorityArea.objects.order_by("number")),
            "tags",
            Prefetch("answers", queryset=Answer.objects.order_by()),
        )
        .order_by("pk")
    )

    def rows():
        for response in queryset.iterator(chunk_size=CHUNK_SIZE):
            by_question = {
                answer.question_id: _answer_value(answer, redacted)
                for answer in response.answers.all()
            }
            yield [
                *_response_base(response),
                "; ".join(network.name for network in response.networks.all()),
                _names(response.priority_areas.all()),
                "; ".join(sorted(tag.name for tag in response.tags.all())),
                *(by_question.get(question_id, "") for question_id in question_ids),
            ]

    return Export("responses", header, rows(), row_count)


def answer_export(responses, *, redacted: bool, coded_only: bool = False) -> Export:
    """One row per answer, with its priority areas and tags."""
    from .queries import answer_is_coded

    answers = Answer.objects.filter(response__in=responses.order_by().values("pk"))
    if coded_only:
        answers = answers.filter(answer_is_coded())
    row_count = answers.count()
    queryset = (
        answers.select_related("response__consultation", "response__borough")
        .prefetch_related(
            Prefetch("priority_areas", queryset=PriorityArea.objects.order_by("number")), "tags"
        )
        .order_by("pk")
    )

    def rows():
        for answer in queryset.iterator(chunk_size=CHUNK_SIZE):
            yield [
                *_response_base(answer.response),
                answer.question_id,
                answer.question_label,
                answer.question_type,
                _answer_value(answer, redacted),
                _names(answer.priority_areas.all()),
                "; ".join(sorted(tag.name for tag in answer.tags.all())),
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
