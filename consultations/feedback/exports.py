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

from consultations.blocks import question_block
from consultations.models import (
    AgeBand,
    Answer,
    ConsultationPage,
    FeedbackExport,
    Response,
    TaggedAnswer,
    TaggedResponse,
)
from consultations.tallies import answer_is_coded
from home.models import Borough

from .queries import ResponseFilterSet, active_filters
from .services import EXPORT

CHUNK_SIZE = 2000
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
FORMATS = ("csv", "xlsx", "json")
KINDS = ("responses", "answers")
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
    # The block's own rules (as Answer.display_value), without a model instance per cell.
    return question_block(question_type).export_value(
        value_text, value_choices, value_number, redacted=redacted
    )


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


class InvalidFilters(ValueError):
    """The filters given for an export do not validate."""


class WithdrawnNotExported(InvalidFilters):
    """Someone asked to export withdrawn responses, which are never exported."""

    message = (
        "Withdrawn responses are never exported: the people who sent them were told their "
        "answers would not be used."
    )


def build_export(
    params, *, kind: str, redacted: bool, coded_only: bool = False
) -> tuple[Export, dict]:
    """The export for the listing filters in `params` (a QueryDict, as in the listing's query
    string), and those filters as plain strings. Used by the download view and the background
    task alike, so both export exactly the same rows."""
    filterset = ResponseFilterSet(params or None, queryset=Response.objects.all())
    if filterset.is_bound and not filterset.is_valid():
        raise InvalidFilters
    if filterset.shows_withdrawn:
        raise WithdrawnNotExported(WithdrawnNotExported.message)
    responses = filterset.qs if filterset.is_bound else filterset.queryset
    filters = active_filters(filterset)
    # Only counted responses; hidden ones (spam or abuse) when someone asks for them by status.
    if filters.get("status") == Response.ModerationStatus.HIDDEN:
        responses = responses.active()
    else:
        responses = responses.counted()
    if kind == "responses":
        return response_export(responses, redacted=redacted), filters
    return answer_export(responses, redacted=redacted, coded_only=coded_only), filters


def record_export(
    export: Export, *, file_format: str, filters: dict, redacted: bool, user, extra=None
):
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
                **(extra or {}),
            },
        )
    return record


def filename(kind: str, file_format: str, when=None) -> str:
    return f"feedback-{kind}-{timezone.localtime(when):%Y%m%d-%H%M}.{file_format}"


def csv_lines(export: Export) -> Iterator[str]:
    writer = csv.writer(_Echo())
    yield writer.writerow([neutralise(cell) for cell in export.header])
    for row in export.rows:
        yield writer.writerow([neutralise(cell) for cell in row])


def json_chunks(export: Export) -> Iterator[str]:
    yield "[\n"
    for index, row in enumerate(export.rows):
        record = dict(zip(export.header, (neutralise(cell) for cell in row), strict=True))
        yield ("" if index == 0 else ",\n") + json.dumps(record, ensure_ascii=False)
    yield "\n]\n"


def _xlsx_cell(value):
    value = neutralise(value)
    if isinstance(value, str):
        return ILLEGAL_CHARACTERS_RE.sub("", value)
    return value


def write_xlsx(export: Export, handle) -> None:
    """Written with openpyxl's write-only mode, never built in memory."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=export.kind.capitalize())
    sheet.append([_xlsx_cell(cell) for cell in export.header])
    for row in export.rows:
        sheet.append([_xlsx_cell(cell) for cell in row])
    workbook.save(handle)


def write_file(export: Export, file_format: str, path) -> None:
    """Write the whole export to a file (used by background exports)."""
    if file_format == "xlsx":
        with open(path, "wb") as handle:
            write_xlsx(export, handle)
        return
    chunks = csv_lines(export) if file_format == "csv" else json_chunks(export)
    with open(path, "w", encoding="utf-8", newline="") as handle:
        handle.writelines(chunks)


CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "json": "application/json",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def csv_response(export: Export) -> StreamingHttpResponse:
    response = StreamingHttpResponse(csv_lines(export), content_type=CONTENT_TYPES["csv"])
    response["Content-Disposition"] = f'attachment; filename="{filename(export.kind, "csv")}"'
    return response


def json_response(export: Export) -> StreamingHttpResponse:
    response = StreamingHttpResponse(json_chunks(export), content_type=CONTENT_TYPES["json"])
    response["Content-Disposition"] = f'attachment; filename="{filename(export.kind, "json")}"'
    return response


def xlsx_response(export: Export) -> FileResponse:
    """Written to a temporary file, then streamed from it."""
    handle = tempfile.NamedTemporaryFile(suffix=".xlsx")  # noqa: SIM115 - FileResponse closes it
    write_xlsx(export, handle)
    handle.seek(0)
    return FileResponse(
        handle,
        as_attachment=True,
        filename=filename(export.kind, "xlsx"),
        content_type=CONTENT_TYPES["xlsx"],
    )


RENDERERS = {"csv": csv_response, "json": json_response, "xlsx": xlsx_response}
