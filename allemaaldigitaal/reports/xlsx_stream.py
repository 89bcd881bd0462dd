"""Rows as an XLSX workbook, written by XlsxWriter in constant-memory mode into a temporary file, then sent in chunks.

Constant-memory mode writes each row to disk as it comes, so memory stays flat however many rows there are. Text is
neutralised as in the CSV files and always written as text (never as a formula, number or link).
"""
import re
import tempfile
from collections.abc import Iterable, Iterator
from datetime import date, datetime

import xlsxwriter

from .csv_stream import neutralise

MIMETYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CHUNK_SIZE = 64 * 1024
#: the most characters Excel keeps in one cell
CELL_LIMIT = 32_767
#: control characters an XLSX file cannot hold (tab and line feed it can)
ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
SETTINGS = {"constant_memory": True, "strings_to_formulas": False, "strings_to_numbers": False, "strings_to_urls": False}


def cell_text(value) -> str:
    """Text neutralised, without the control characters XLSX cannot hold, and every line break as a line feed."""
    text = neutralise(ILLEGAL.sub("", str(value)))
    return text.replace("\r\n", "\n").replace("\r", "\n")[:CELL_LIMIT]


class _Sheet:
    """Writes one row at a time, each value by its type."""

    def __init__(self, workbook, title: str):
        self.sheet = workbook.add_worksheet(ILLEGAL.sub("", title)[:31])
        self.bold = workbook.add_format({"bold": True})
        self.moment = workbook.add_format({"num_format": "yyyy-mm-dd hh:mm"})
        self.day = workbook.add_format({"num_format": "yyyy-mm-dd"})
        self.number = 0

    def heading(self, names: list[str]) -> None:
        for column, name in enumerate(names):
            self.sheet.write_string(0, column, cell_text(name), self.bold)
        self.sheet.freeze_panes(1, 0)
        self.number = 1

    def row(self, values: list) -> None:
        for column, value in enumerate(values):
            if value is None:
                continue
            if isinstance(value, bool):
                self.sheet.write_boolean(self.number, column, value)
            elif isinstance(value, int | float):
                self.sheet.write_number(self.number, column, value)
            elif isinstance(value, datetime):
                # whole seconds: a workbook keeps a time as a fraction of a day, finer is noise
                self.sheet.write_datetime(self.number, column, value.replace(microsecond=0), self.moment)
            elif isinstance(value, date):
                self.sheet.write_datetime(self.number, column, value, self.day)
            elif text := cell_text(value):
                self.sheet.write_string(self.number, column, text)
        self.number += 1


def write_workbook(header: list[str], rows: Iterable[list], title: str, target) -> None:
    """One sheet: a bold header row, then the rows; saved to the open binary file target."""
    workbook = xlsxwriter.Workbook(target, SETTINGS)
    sheet = _Sheet(workbook, title)
    sheet.heading(header)
    for row in rows:
        sheet.row(row)
    workbook.close()


def xlsx_chunks(header: list[str], rows: Iterable[list], title: str) -> Iterator[bytes]:
    """The workbook as byte chunks: written whole to a temporary file first (the format ends with its index)."""
    with tempfile.TemporaryFile() as file:
        write_workbook(header, rows, title, file)
        file.seek(0)
        while chunk := file.read(CHUNK_SIZE):
            yield chunk
