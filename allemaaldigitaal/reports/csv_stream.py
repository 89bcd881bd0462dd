"""Rows as CSV, a chunk at a time: UTF-8 with commas, or Windows-1252 with semicolons that Dutch Excel opens directly.

Every text cell is neutralised first (OWASP "CSV injection"): a value that starts with = + - @, a tab or a carriage
return gets a single quote in front, so a spreadsheet shows it as text and never runs it as a formula.
"""
import codecs
import csv
import io
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime

#: the first characters that make a spreadsheet read a cell as a formula
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
#: rows written before a chunk is handed on
ROWS_PER_CHUNK = 500


@dataclass(frozen=True)
class CsvVariant:
    key: str
    encoding: str
    delimiter: str
    #: the charset in the Content-Type header
    charset: str


#: UTF-8 with a byte order mark (so Excel reads it as UTF-8), and the Windows code page Dutch Excel expects
VARIANTS = {
    "utf8": CsvVariant("utf8", "utf-8-sig", ",", "utf-8"),
    "excel": CsvVariant("excel", "cp1252", ";", "windows-1252"),
}


def neutralise(text: str) -> str:
    """The text with a single quote in front when a spreadsheet would read it as a formula."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def cell_text(value) -> str:
    """How a value is written in a CSV cell: dates as ISO (2026-12-07 15:00), text neutralised, nothing as empty."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, int | float):
        return str(value)
    return neutralise(str(value))


def csv_chunks(header: list[str], rows: Iterable[list], variant: CsvVariant) -> Iterator[bytes]:
    """The CSV file as byte chunks; characters the encoding lacks become '?'."""
    encoder = codecs.getincrementalencoder(variant.encoding)(errors="replace")
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=variant.delimiter, lineterminator="\r\n")
    writer.writerow([cell_text(name) for name in header])
    for written, row in enumerate(rows, start=1):
        writer.writerow([cell_text(value) for value in row])
        if written % ROWS_PER_CHUNK == 0:
            yield _take(buffer, encoder)
    yield _take(buffer, encoder, final=True)


def _take(buffer: io.StringIO, encoder, final: bool = False) -> bytes:
    text = buffer.getvalue()
    buffer.seek(0)
    buffer.truncate()
    return encoder.encode(text, final)
