"""The spreadsheet reader: encodings, delimiters, headers in two languages, limits, and cells kept as text."""
import io

import pytest
from hypothesis import given, strategies as st
from openpyxl import load_workbook

from allemaaldigitaal.donations import spreadsheet
from allemaaldigitaal.donations.spreadsheet import (
    COLUMNS,
    FORMULA_STARTS,
    SpreadsheetError,
    header_key,
    neutralise_cell,
    read_sheet,
)

from .devices_corpus import bad_files, good_files, text_file


@pytest.mark.parametrize("name", sorted(good_files("R")))
def test_every_accepted_form_is_read_with_its_accents(name):
    data, count = good_files("R")[name]
    rows = read_sheet(data, name)
    assert len(rows) == count
    assert rows[0].number == 2
    assert all(row.cells["serial_number"].startswith("R-") for row in rows)
    if count == 2:
        assert rows[0].cells["model"] == "Aspire één"
        assert rows[1].cells["brand"] == "Müller"


@pytest.mark.parametrize("name", sorted(bad_files()))
def test_a_file_that_cannot_be_read_is_refused_with_a_plain_message(name, app):
    with app.test_request_context(), pytest.raises(SpreadsheetError) as refused:
        read_sheet(bad_files()[name], name)
    message = str(refused.value.message)
    assert len(message) > 30
    assert "Traceback" not in message and "Error" not in message


def test_the_messages_say_what_is_wrong(app):
    expected = {
        "empty.csv": "leeg", "unknown-column.csv": "'kleur'", "no-serial-column.csv": "'serienummer' ontbreekt",
        "several-sheets.xlsx": "meer dan één werkblad", "merged-cells.xlsx": "samengevoegde cellen",
        "too-many-rows.csv": "meer dan 10.000", "too-big.csv": "groter dan 5 MB", "binary.csv": "geen CSV",
        "same-column-twice.csv": "twee keer", "only-headers.csv": "geen apparaten",
    }
    files = bad_files()
    with app.test_request_context():
        for name, words in expected.items():
            with pytest.raises(SpreadsheetError) as refused:
                read_sheet(files[name], name)
            assert words in str(refused.value.message), name


def test_empty_rows_are_skipped_and_row_numbers_are_the_spreadsheets():
    rows = read_sheet(text_file("good_nl_semicolon.csv"))
    assert [row.number for row in rows] == [2, 3, 5]
    assert rows[0].cells == {
        "kind": "laptop", "brand": "Lenovo", "model": "ThinkPad T480", "serial_number": "NL-SEMI-1",
        "donor_asset_number": "IT-0001", "cpu": "Intel Core i5-8250U", "ram_gb": "8", "storage_gb": "256",
        "storage_type": "ssd", "storage_media_count": "1", "charger_included": "ja",
    }


def test_a_quoted_comma_stays_inside_its_cell():
    rows = read_sheet(text_file("good_en_comma.csv"))
    assert rows[0].cells["model"] == "Latitude 7490, refurbished"


def test_formulas_are_read_as_the_text_they_are():
    rows = read_sheet(text_file("formulas.csv"))
    assert rows[0].cells["brand"] == '=HYPERLINK("http://evil.example")'
    assert rows[0].cells["model"] == "+31 model"
    assert rows[0].cells["serial_number"] == "@SUM-1"
    assert rows[1].cells["model"] == "=1+1"


def test_an_xlsx_formula_is_its_text_not_its_value():
    from .devices_corpus import xlsx_bytes

    rows = read_sheet(xlsx_bytes({"Blad1": [["soort", "serienummer", "merk"], ["laptop", "F-1", "=1+1"]]}))
    assert rows[0].cells["brand"] == "=1+1"


@pytest.mark.parametrize("language", ["nl", "en"])
def test_the_templates_are_read_back_as_one_example_row(language):
    for data in (spreadsheet.template_csv(language), spreadsheet.template_xlsx(language)):
        rows = read_sheet(data)
        assert len(rows) == 1
        assert set(rows[0].cells) == set(COLUMNS)


def test_the_english_xlsx_template_has_english_headers():
    sheet = load_workbook(io.BytesIO(spreadsheet.template_xlsx("en"))).active
    assert [cell.value for cell in sheet[1]][:4] == ["kind", "brand", "model", "serial number"]


header_names = st.sampled_from([name for names in COLUMNS.values() for name in names])


def _respell(name: str, data) -> str:
    """The same header with other case and extra spaces, underscores or punctuation around its words."""
    cased = "".join(char.upper() if data.draw(st.booleans()) else char.lower() for char in name)
    separator = data.draw(st.sampled_from([" ", "  ", "_", " - ", ""]))
    return data.draw(st.sampled_from(["", " ", "\t"])) + separator.join(cased.split(" ")) + data.draw(st.sampled_from(["", " "]))


@given(name=header_names, data=st.data())
def test_a_header_is_found_whatever_its_case_and_spacing(name, data):
    assert spreadsheet.HEADERS[header_key(_respell(name, data))] == spreadsheet.HEADERS[header_key(name)]


@given(st.text())
def test_neutralised_text_never_starts_a_formula(value):
    result = neutralise_cell(value)
    assert not result.startswith(FORMULA_STARTS)
    assert result.removeprefix("'") == value or result == value


@given(st.one_of(st.integers(), st.floats(allow_nan=False), st.none(), st.booleans()))
def test_neutralising_leaves_numbers_and_empty_cells_alone(value):
    assert neutralise_cell(value) == value
