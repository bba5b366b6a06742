"""Writing an export as CSV, XLSX or JSON, streamed or to a file, with memory kept flat.

Every text cell that a spreadsheet could read as a formula is neutralised. In XLSX numbers stay
numbers and dates are dates; the header row is frozen, has an autofilter and sensible column
widths, and a second sheet is the codebook. A CSV export's codebook is a second CSV file (its
own link beside the export), so the export itself stays one streamed file.
"""

import csv
import json
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from django.http import FileResponse, StreamingHttpResponse
from django.utils import timezone

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
MIN_WIDTH, MAX_WIDTH, TEXT_WIDTH = 10, 50, 50


@dataclass
class Export:
    """An export's header and rows (lists; dicts for a JSON export of whole responses),
    produced lazily, and its codebook (a list of rows, the first its header)."""

    kind: str
    header: list[str]
    rows: Iterator
    row_count: int
    codebook: list[list] = field(default_factory=list)
    wide: set[int] = field(default_factory=set)  # columns of people's own words


def neutralise(value):
    """Stop a spreadsheet running a cell as a formula: prefix risky text with a quote."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def _text(value):
    """A cell as text (CSV and JSON): dates in ISO 8601, London time."""
    if isinstance(value, datetime):
        return timezone.localtime(value).isoformat(timespec="seconds")
    return neutralise(value)


def _record(value):
    if isinstance(value, dict):
        return {key: _record(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_record(item) for item in value]
    return _text(value)


class _Echo:
    def write(self, value):
        return value


def filename(kind: str, file_format: str, when=None) -> str:
    return f"feedback-{kind}-{timezone.localtime(when):%Y%m%d-%H%M}.{file_format}"


def csv_lines(export: Export) -> Iterator[str]:
    writer = csv.writer(_Echo())
    yield writer.writerow([_text(cell) for cell in export.header])
    for row in export.rows:
        yield writer.writerow([_text(cell) for cell in row])


def codebook_lines(export: Export) -> Iterator[str]:
    writer = csv.writer(_Echo())
    for row in export.codebook:
        yield writer.writerow([neutralise(cell) for cell in row])


def json_chunks(export: Export) -> Iterator[str]:
    yield "[\n"
    for index, row in enumerate(export.rows):
        record = row if isinstance(row, dict) else dict(zip(export.header, row, strict=True))
        yield ("" if index == 0 else ",\n") + json.dumps(_record(record), ensure_ascii=False)
    yield "\n]\n"


def _xlsx_cell(value):
    if isinstance(value, datetime):
        # Excel has no time zones: the London wall-clock time, as a real date.
        return timezone.localtime(value).replace(tzinfo=None)
    value = neutralise(value)
    if isinstance(value, str):
        return ILLEGAL_CHARACTERS_RE.sub("", value)
    return value


def _header(sheet, names: list[str]) -> list:
    bold = Font(bold=True)
    cells = []
    for name in names:
        cell = WriteOnlyCell(sheet, value=_xlsx_cell(name))
        cell.font = bold
        cells.append(cell)
    return cells


def _widths(sheet, header: list[str], wide: set[int]) -> None:
    for index, name in enumerate(header):
        width = TEXT_WIDTH if index in wide else min(max(len(str(name)) + 2, MIN_WIDTH), MAX_WIDTH)
        sheet.column_dimensions[get_column_letter(index + 1)].width = width


def write_xlsx(export: Export, handle) -> None:
    """Written with openpyxl's write-only mode, never built in memory."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=export.kind.capitalize())
    _widths(sheet, export.header, export.wide)
    sheet.freeze_panes = "A2"
    sheet.append(_header(sheet, export.header))
    written = 0
    for row in export.rows:
        sheet.append([_xlsx_cell(cell) for cell in row])
        written += 1
    last = get_column_letter(max(len(export.header), 1))
    sheet.auto_filter.ref = f"A1:{last}{written + 1}"
    if export.codebook:
        codebook = workbook.create_sheet(title="Codebook")
        _widths(codebook, export.codebook[0], {2, 4, 5})
        codebook.freeze_panes = "A2"
        codebook.append(_header(codebook, export.codebook[0]))
        for row in export.codebook[1:]:
            codebook.append([_xlsx_cell(cell) for cell in row])
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


def codebook_response(export: Export) -> StreamingHttpResponse:
    response = StreamingHttpResponse(codebook_lines(export), content_type=CONTENT_TYPES["csv"])
    name = filename(f"{export.kind}-codebook", "csv")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
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
