"""Exports of responses (one row each, one or more columns per question) and of answers (one
row each), as CSV, XLSX or JSON (`export_files` writes them). Rows are produced by generators
over `.iterator(chunk_size=...)`, so memory stays flat however many responses there are.

In a one-row-per-response export each question's block says its columns (one per option for
multiple choice, one per position for a ranking); answers in people's own words bring their
priority areas and tags. A JSON export of responses keeps the whole structure instead: each
response with its answers, their question ids and snapshots. Free text and staff notes are
redacted, and counts of people too small to show are "[c]" (`disclosure`), unless the caller
has the unredacted-export permission and asked for it. Withdrawn responses are never exported.
"""

from django.contrib.auth import get_user_model
from django.db import transaction

from wagtail.log_actions import log

from consultations.blocks import question_block
from consultations.models import (
    Answer,
    EntrySource,
    FeedbackExport,
    Response,
)
from consultations.tallies import answer_is_coded
from home.formatting import format_date

from .export_files import (  # noqa: F401 - this module's public names
    CONTENT_TYPES,
    RENDERERS,
    Export,
    codebook_response,
    filename,
    neutralise,
    write_file,
)
from .export_layout import CODEBOOK_HEADER, Suppression, codebook_rows, question_columns
from .export_reads import (
    CHUNK_SIZE,
    VALUE_FIELDS,
    ReferenceNames,
    answer_codes,
    batches,
    labels,
    response_batch,
)
from .queries import ResponseFilterSet, active_filters
from .services import EXPORT

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
    "group_session",
    "entered_by_staff",
    "priority_areas",
    "tags",
]
NOTES_COLUMN = "staff_notes"
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
RESPONSE_FIELDS = (
    "pk",
    "reference",
    "consultation_id",
    "submitted_at",
    "moderation_status",
    "age_band",
    "borough_id",
)


STAFF_ENTRY_FIELDS = ("entry_source", "entered_by_id", "entered_at", "entry_note")


def staff_entry_names(responses) -> dict:
    """The names of the staff who typed in any of these responses, by user pk."""
    users = get_user_model().objects.filter(
        pk__in=responses.order_by().exclude(entered_by=None).values("entered_by")
    )
    return {user.pk: user.get_full_name() or user.get_username() for user in users}


def staff_entry_cell(source, name, entered_at, note, *, redacted: bool) -> str:
    """'Entered by staff (paper), Sam Jones, 2 December 2026' ("" for online responses).
    Redacted exports leave out the staff member's name."""
    if source == EntrySource.ONLINE:
        return ""
    parts = [f"Entered by staff ({EntrySource(source).label.lower()})"]
    if not redacted:
        parts.append(name or "former staff")
    parts += [part for part in (format_date(entered_at), note) if part]
    return ", ".join(parts)


def _answer_value(question_type, value_text, value_choices, value_number, *, redacted: bool):
    # The block's own rules (as Answer.display_value), without a model instance per cell.
    return question_block(question_type).export_value(
        value_text, value_choices, value_number, redacted=redacted
    )


def response_export(
    responses, *, redacted: bool, notes: bool = False, records: bool = False
) -> Export:
    """One row per response; `records`: one JSON record per response, with its answers."""
    questions = question_columns(responses)
    suppression = Suppression(responses, questions, enabled=redacted)
    base = RESPONSE_COLUMNS + ([NOTES_COLUMN] if notes else [])
    header = base + [name for question in questions for name in question.headers()]
    wide, start = set(), len(base)
    for question in questions:
        if question.block.is_free_text:
            wide.add(start)  # the answer's own column; its codes follow
        start += len(question.headers())
    columns = {question.question_id: question.columns for question in questions}
    row_count = responses.count()
    rows_in_order = responses.order_by("pk").values_list(
        *RESPONSE_FIELDS, "group_session_id", *STAFF_ENTRY_FIELDS
    )

    def cells(question, answer, areas, tags):
        if answer is None:
            return [""] * len(question.headers())
        pk, _label, _options, _settings, _position, kind, *value = answer
        found = question_block(kind).export_cells(
            columns[question.question_id], *value, redacted=redacted
        )
        found = suppression.cells(question.question_id, columns[question.question_id], found)
        if question.coded:
            found += [labels(areas.get(pk, [])), labels(tags.get(pk, []))]
        return found

    def record(question_id, answer, areas, tags):
        pk, label, options, settings, position, kind, *value = answer
        return {
            "question_id": question_id,
            "question": label,
            "question_type": kind,
            "position": position,
            "options": options,
            "settings": settings,
            "answer": _answer_value(kind, *value, redacted=redacted),
            "priority_areas": sorted(areas.get(pk, [])),
            "tags": sorted(tags.get(pk, [])),
        }

    def rows():
        names = ReferenceNames(suppression)
        staff_names = staff_entry_names(responses)
        for batch in batches(rows_in_order.iterator(chunk_size=CHUNK_SIZE)):
            ids = [row[0] for row in batch]
            links, answers, areas, tags = response_batch(ids, redacted=redacted, notes=notes)
            for pk, *fields, session_id, source, entered_by, entered_at, note in batch:
                by_question = answers.get(pk, {})
                networks = suppression.names(suppression.networks, links["networks"].get(pk, []))
                first = [
                    *names.base(*fields),
                    networks if records else labels(networks),
                    names.sessions.get(session_id, ""),
                    staff_entry_cell(
                        source, staff_names.get(entered_by), entered_at, note, redacted=redacted
                    ),
                    sorted(links["areas"].get(pk, [])),
                    sorted(links["tags"].get(pk, [])),
                ]
                if not records:
                    first[-2:] = [labels(first[-2]), labels(first[-1])]
                if notes:
                    texts = links["notes"].get(pk, [])
                    first.append(texts if records else "\n".join(texts))
                if records:
                    in_order = sorted(by_question.items(), key=lambda item: item[1][4])
                    yield {
                        **dict(zip(base, first, strict=True)),
                        "answers": [record(*item, areas, tags) for item in in_order],
                    }
                    continue
                yield first + [
                    cell
                    for question in questions
                    for cell in cells(question, by_question.get(question.question_id), areas, tags)
                ]

    return Export(
        "responses",
        header,
        rows(),
        row_count,
        codebook=[CODEBOOK_HEADER, *codebook_rows(base, questions)],
        wide=wide,
    )


def answer_export(responses, *, redacted: bool, coded_only: bool = False) -> Export:
    """One row per answer, with its priority areas and tags."""
    answers = Answer.objects.filter(response__in=responses.order_by().values("pk"))
    if coded_only:
        answers = answers.filter(answer_is_coded())
    questions = question_columns(responses)
    suppression = Suppression(responses, questions, enabled=redacted)
    row_count = answers.count()
    rows_in_order = answers.order_by("pk").values_list(
        "pk",
        *(f"response__{name}" for name in RESPONSE_FIELDS[1:]),
        "question_id",
        "question_label",
        *VALUE_FIELDS,
    )

    def rows():
        names = ReferenceNames(suppression)
        for batch in batches(rows_in_order.iterator(chunk_size=CHUNK_SIZE)):
            areas, tags = answer_codes([row[0] for row in batch])
            for row in batch:
                pk, response_fields = row[0], row[1:7]
                question_id, label, question_type, *value = row[7:]
                answer = _answer_value(question_type, *value, redacted=redacted)
                hidden = suppression.options.get(question_id)
                if hidden:
                    answer = ", ".join(suppression.names(hidden, value[1] or []))
                yield [
                    *names.base(*response_fields),
                    question_id,
                    label,
                    question_type,
                    answer,
                    labels(areas.get(pk, [])),
                    labels(tags.get(pk, [])),
                ]

    return Export(
        "answers",
        ANSWER_COLUMNS,
        rows(),
        row_count,
        codebook=[CODEBOOK_HEADER, *codebook_rows(ANSWER_COLUMNS, questions, per_column=False)],
        wide={ANSWER_COLUMNS.index("answer")},
    )


class InvalidFilters(ValueError):
    """The filters given for an export do not validate."""


class WithdrawnNotExported(InvalidFilters):
    """Someone asked to export withdrawn responses, which are never exported."""

    message = (
        "Withdrawn responses are never exported: the people who sent them were told their "
        "answers would not be used."
    )


def may_see_staff_notes(user) -> bool:
    """Staff notes go in an export only for people who may read them on the response page."""
    return bool(user and user.has_perm("consultations.view_response"))


def build_export(
    params,
    *,
    kind: str,
    redacted: bool,
    coded_only: bool = False,
    file_format: str = "csv",
    user=None,
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
        export = response_export(
            responses,
            redacted=redacted,
            notes=may_see_staff_notes(user),
            records=file_format == "json",
        )
        return export, filters
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
