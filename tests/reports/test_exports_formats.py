"""The format writers: CSV in two encodings and XLSX, streamed in chunks, text never read as a formula."""
import csv
import io
import itertools
import zipfile
from datetime import date, datetime

import pytest
from hypothesis import given, settings, strategies as st

from allemaaldigitaal.reports.csv_stream import FORMULA_STARTS, ROWS_PER_CHUNK, VARIANTS, csv_chunks, neutralise
from allemaaldigitaal.reports.xlsx_stream import CHUNK_SIZE, ILLEGAL, xlsx_chunks

from .export_world import read_csv, read_xlsx

#: text as people and programs type it: any character but the surrogates no file can hold
TEXT = st.text(st.characters(exclude_categories=("Cs",)), max_size=40)


def as_csv(rows: list[list], variant: str) -> list[list[str]]:
    return read_csv(b"".join(csv_chunks(["kop"], rows, VARIANTS[variant])), variant)[1:]


@pytest.mark.parametrize("value", ['=HYPERLINK("http://x","y")', "+31 30 123", "-2+3", "@SUM(A1)", "\t=1", "\r=1"])
def test_a_value_a_spreadsheet_would_run_gets_a_quote_in_front(value):
    assert neutralise(value) == "'" + value
    assert as_csv([[value]], "utf8") == [["'" + value]]
    in_a_cell = ("'" + value).replace("\r", "\n")
    assert read_xlsx(b"".join(xlsx_chunks(["kop"], [[value]], "Blad")))[1] == [in_a_cell]


@given(TEXT)
def test_no_neutralised_text_starts_as_a_formula_and_the_quote_is_all_that_is_added(text):
    shown = neutralise(text)
    assert not shown.startswith(FORMULA_STARTS)
    assert shown in (text, "'" + text)


@settings(max_examples=60, deadline=None)
@given(st.lists(TEXT, min_size=1, max_size=4))
def test_any_text_comes_back_from_both_csv_variants(texts):
    assert as_csv([texts], "utf8") == [[neutralise(text) for text in texts]]
    in_excel = [neutralise(text).encode("cp1252", errors="replace").decode("cp1252") for text in texts]
    assert as_csv([texts], "excel") == [in_excel]


@settings(max_examples=30, deadline=None)
@given(st.lists(TEXT, min_size=1, max_size=4))
def test_any_text_comes_back_from_a_workbook_as_text(texts):
    """Less the control characters XLSX cannot hold, with every line break as a line feed."""
    header = [f"kop {number}" for number in range(len(texts))]
    sheet = read_xlsx(b"".join(xlsx_chunks(header, [texts], "Blad")))
    back = sheet[1] if len(sheet) > 1 else [None] * len(texts)
    expected = [neutralise(ILLEGAL.sub("", text)).replace("\r\n", "\n").replace("\r", "\n") or None
                for text in texts]
    assert back == expected


def test_numbers_and_times_stay_numbers_and_times_in_a_workbook_and_iso_in_csv():
    row = [42, datetime(2026, 12, 7, 15, 30), date(2026, 12, 31), None, -3]
    # a workbook knows no dates without a time: a date comes back as its midnight
    assert read_xlsx(b"".join(xlsx_chunks(["a", "b", "c", "d", "e"], [row], "Blad")))[1] == [
        42, datetime(2026, 12, 7, 15, 30), datetime(2026, 12, 31), None, -3]
    assert as_csv([row], "excel") == [["42", "2026-12-07 15:30", "2026-12-31", "", "-3"]]


def test_the_csv_is_written_while_the_rows_are_read_not_after():
    """Memory stays flat: the first chunk leaves before the rows after it have been read."""
    pulled = itertools.count()

    def rows():
        for number in range(ROWS_PER_CHUNK * 5):
            next(pulled)
            yield [number, f"apparaat {number}"]

    chunks = csv_chunks(["nummer", "naam"], rows(), VARIANTS["utf8"])
    first = next(chunks)
    assert next(pulled) == ROWS_PER_CHUNK
    rest = list(chunks)
    assert len(rest) >= 5
    back = list(csv.reader(io.StringIO((first + b"".join(rest)).decode("utf-8-sig"), newline="")))
    assert len(back) == 1 + ROWS_PER_CHUNK * 5 and back[-1] == [str(ROWS_PER_CHUNK * 5 - 1), f"apparaat {ROWS_PER_CHUNK * 5 - 1}"]


def test_a_large_workbook_leaves_in_chunks():
    rows = ([number, f"apparaat {number}", datetime(2026, 1, 1)] for number in range(20_000))
    chunks = list(xlsx_chunks(["nummer", "naam", "tijd"], rows, "Blad"))
    assert len(chunks) > 1 and all(len(chunk) <= CHUNK_SIZE for chunk in chunks)
    back = read_xlsx(b"".join(chunks))
    assert len(back) == 20_001 and back[-1] == [19_999, "apparaat 19999", datetime(2026, 1, 1)]


def test_text_that_looks_like_an_xlsx_escape_is_kept_as_typed():
    """Excel reads _x0041_ in a cell as "A"; the writer escapes the underscore so Excel shows what was typed."""
    content = b"".join(xlsx_chunks(["kop"], [["_x0041_"]], "Blad"))
    sheet = zipfile.ZipFile(io.BytesIO(content)).read("xl/worksheets/sheet1.xml")
    assert b"<t>_x005F_x0041_</t>" in sheet
