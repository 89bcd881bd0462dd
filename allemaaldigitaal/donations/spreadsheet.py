"""Reading a devices spreadsheet (CSV or XLSX) into rows of text keyed by field, and writing its templates.

Only the shape of the file is checked here (size, encoding, headers, number of rows); what a row means is
checked in device_import. Cells are never evaluated: a formula such as `=1+1` is read as the text it is.
"""
import csv
import io
import itertools
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass

from flask_babel import lazy_gettext as _l

from allemaaldigitaal.core.errors import DomainError

from . import xlsx_reader

MAX_BYTES = 5 * 1024 * 1024
MAX_ROWS = 10_000
#: the first characters that make a spreadsheet program read a cell as a formula
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
ZIP_SIGNATURE = b"PK\x03\x04"
#: control characters other than tab, line feed and carriage return: no text file has them
CONTROL_BYTES = re.compile("[\x00-\x08\x0b-\x0c\x0e-\x1f]")

#: field → (Dutch header, English header, other names people use); matched without case, spaces or punctuation
COLUMNS: dict[str, tuple[str, ...]] = {
    "kind": ("soort", "kind", "soort apparaat", "device kind", "apparaat", "device"),
    "brand": ("merk", "brand", "fabrikant", "manufacturer"),
    "model": ("model", "model", "type"),
    "serial_number": ("serienummer", "serial number", "serial", "serienr", "sn"),
    "donor_asset_number": ("eigen nummer", "asset number", "inventarisnummer", "assetnummer", "own number"),
    "cpu": ("processor", "cpu"),
    "ram_gb": ("werkgeheugen (GB)", "RAM (GB)", "werkgeheugen", "ram", "geheugen", "memory"),
    "storage_gb": ("opslag (GB)", "storage (GB)", "opslag", "storage", "schijfgrootte", "disk size"),
    "storage_type": ("soort opslag", "storage type", "opslagtype", "schijftype", "disk type"),
    "storage_media_count": (
        "aantal opslagmedia", "number of storage media", "aantal schijven", "storage media", "number of disks",
    ),
    "charger_included": ("lader erbij", "charger included", "lader", "oplader", "charger"),
}
REQUIRED = ("kind", "serial_number")


class SpreadsheetError(DomainError):
    """The file as a whole cannot be read: nothing in it is saved."""

    def __init__(self, message):
        super().__init__(message, "file")


@dataclass(frozen=True)
class SheetRow:
    """One row that is not empty: its number as the spreadsheet shows it, and its cells by field."""

    number: int
    cells: dict[str, str]


def header_key(text: str) -> str:
    """A header without case, spaces or punctuation: `RAM (GB)` and `ram_gb` become `ramgb`."""
    return re.sub(r"[\W_]+", "", str(text).casefold())


HEADERS: dict[str, str] = {header_key(name): field for field, names in COLUMNS.items() for name in names}


def neutralise_cell(value):
    """A text that a spreadsheet program would run as a formula, made harmless for export with a leading quote.

    Use it on every cell the app writes to CSV or XLSX.
    """
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def read_sheet(data: bytes, filename: str = "") -> list[SheetRow]:
    """The rows of a CSV or XLSX file (told apart by their content, not their name), empty rows left out."""
    if len(data) > MAX_BYTES:
        raise SpreadsheetError(_l("Het bestand is groter dan 5 MB. Verdeel de apparaten over meer bestanden."))
    if not data.strip():
        raise SpreadsheetError(_EMPTY)
    if data.startswith(ZIP_SIGNATURE):
        return _xlsx_rows(data)
    return _rows(_csv_table(data))


_EMPTY = _l("Het bestand is leeg. Zet de apparaten in het voorbeeldbestand en probeer het opnieuw.")


def _rows(table: Iterable[tuple[int, Mapping[int, object]]]) -> list[SheetRow]:
    """The rows under the first row that is not empty (the headers), by field; stops at once past MAX_ROWS."""
    fields = None
    rows = []
    for number, row in table:
        cells = {column: text for column, cell in row.items() if (text := _clean(cell))}
        if not cells:
            continue
        if fields is None:
            fields = _fields(cells)
            continue
        rows.append(SheetRow(number, {field: cells[column] for column, field in fields.items() if column in cells}))
        if len(rows) > MAX_ROWS:
            raise SpreadsheetError(_l(
                "Het bestand heeft meer dan %(limit)s apparaten. Verdeel ze over meer bestanden.", limit="10.000"
            ))
    if fields is None:
        raise SpreadsheetError(_EMPTY)
    if not rows:
        raise SpreadsheetError(_l("Onder de kopjes staan geen apparaten. Zet elk apparaat op een eigen regel."))
    return rows


def _clean(cell) -> str:
    """A cell as text, without the spaces, tabs and line ends around it; a whole number without `.0`."""
    if cell is None:
        return ""
    if isinstance(cell, bool):
        return "ja" if cell else "nee"
    if isinstance(cell, float) and cell.is_integer():
        cell = int(cell)
    return str(cell).strip()


def _fields(header: Mapping[int, str]) -> dict[int, str]:
    """Column number → field; an unknown or doubled header, or a missing required one, refuses the file."""
    fields: dict[int, str] = {}
    for column, text in sorted(header.items()):
        field = HEADERS.get(header_key(text))
        if field is None:
            raise SpreadsheetError(_l(
                "De kolom '%(name)s' kennen we niet. Gebruik de kopjes uit het voorbeeldbestand, zoals %(known)s.",
                name=text[:60], known="soort, merk, model, serienummer",
            ))
        if field in fields.values():
            raise SpreadsheetError(_l("De kolom '%(name)s' staat er twee keer in. Haal er één weg.", name=text[:60]))
        fields[column] = field
    missing = [COLUMNS[field][0] for field in REQUIRED if field not in fields.values()]
    if missing:
        raise SpreadsheetError(_l(
            "De kolom '%(name)s' ontbreekt. Zet de kopjes op de eerste regel, zoals in het voorbeeldbestand.", name=missing[0]
        ))
    return fields


def _decode(data: bytes) -> str:
    """UTF-8 (with or without BOM), else Windows-1252; a file with other control bytes is no text file."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")) or b"\x00" in data:
        raise SpreadsheetError(_NOT_A_SHEET)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            text = data.decode("cp1252")
        except UnicodeDecodeError as error:
            raise SpreadsheetError(_NOT_A_SHEET) from error
    if CONTROL_BYTES.search(text):
        raise SpreadsheetError(_NOT_A_SHEET)
    return text


_NOT_A_SHEET = _l(
    "Dit is geen CSV- of Excelbestand (.xlsx) dat we kunnen lezen. Sla het op als CSV of .xlsx en probeer het opnieuw."
)


def _csv_table(data: bytes) -> Iterator[tuple[int, dict[int, str]]]:
    """The lines of a CSV file, numbered from 1, each as column number → cell."""
    text = _decode(data)
    first_line = text.lstrip("\r\n").split("\n", 1)[0]
    candidates = [list(csv.reader(io.StringIO(first_line), delimiter=delimiter)) for delimiter in ";,"]
    known = [sum(header_key(cell) in HEADERS for row in rows for cell in row) for rows in candidates]
    delimiter = ";" if known[0] > known[1] or (known[0] == known[1] and first_line.count(";") > first_line.count(",")) else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    try:
        for number, row in enumerate(reader, start=1):
            yield number, dict(enumerate(row))
    except csv.Error as error:
        raise SpreadsheetError(_l(
            "Het bestand klopt niet als CSV: er staat ergens een aanhalingsteken (\") te veel of te weinig."
        )) from error


def _xlsx_rows(data: bytes) -> list[SheetRow]:
    """The rows of the one worksheet with data; refused when more than one has data, or with merged cells."""
    found = None
    try:
        for sheet in xlsx_reader.worksheets(data):
            filled = (row for row in sheet if any(_clean(cell) for cell in row[1].values()))
            first = next(filled, None)
            if first is None:
                continue
            if found is not None:
                raise SpreadsheetError(_l(
                    "Het bestand heeft meer dan één werkblad met gegevens. Zet alle apparaten op één werkblad."
                ))
            found = _rows(itertools.chain([first], filled))
    except xlsx_reader.WorkbookError as error:
        raise SpreadsheetError(_WORKBOOK_REFUSALS.get(error.reason, _NOT_A_SHEET)) from error
    if found is None:
        raise SpreadsheetError(_EMPTY)
    return found


_WORKBOOK_REFUSALS = {
    "merged": _l("Het bestand heeft samengevoegde cellen. Maak het samenvoegen ongedaan, zodat elk apparaat één regel is."),
    "unpacked": _l("Het bestand is uitgepakt te groot om te lezen. Verdeel de apparaten over meer bestanden."),
}


def template_headers(language: str) -> list[str]:
    """The column headers of the template, in Dutch (`nl`) or English (`en`)."""
    position = 1 if language == "en" else 0
    return [names[position] for names in COLUMNS.values()]


EXAMPLE_ROW = ["laptop", "Lenovo", "ThinkPad T480", "PF1ABCDE", "IT-0042", "Intel Core i5-8250U", "8", "256", "ssd", "1", "ja"]
EXAMPLE_ROW_EN = [*EXAMPLE_ROW[:-1], "yes"]


def template_csv(language: str) -> bytes:
    """A template with headers and one example row: `;` and BOM for Dutch Excel, `,` for English."""
    out = io.StringIO()
    delimiter = "," if language == "en" else ";"
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(template_headers(language))
    writer.writerow([neutralise_cell(cell) for cell in (EXAMPLE_ROW_EN if language == "en" else EXAMPLE_ROW)])
    return out.getvalue().encode("utf-8-sig")


def template_xlsx(language: str) -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = "Devices" if language == "en" else "Apparaten"
    sheet.append(template_headers(language))
    sheet.append([neutralise_cell(cell) for cell in (EXAMPLE_ROW_EN if language == "en" else EXAMPLE_ROW)])
    for column in sheet.columns:
        sheet.column_dimensions[column[0].column_letter].width = max(14, len(str(column[0].value)) + 2)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
