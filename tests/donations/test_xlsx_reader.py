"""The streaming XLSX reader: the XML that Excel, LibreOffice and others write, read cell by cell into the right column."""
import io
import zipfile

import pytest

from allemaaldigitaal.donations import xlsx_reader
from allemaaldigitaal.donations.spreadsheet import SpreadsheetError, read_sheet

from .devices_corpus import xlsx_bytes

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG = "http://schemas.openxmlformats.org/package/2006/relationships"


def workbook(sheets: list[str], shared: list[str] | None = None, prefix: str = "") -> bytes:
    """A hand-written workbook: each sheet's <sheetData> content, and optional shared strings (as Excel writes them)."""
    colon = f"{prefix}:" if prefix else ""
    xmlns = f'xmlns:{prefix}="{MAIN}"' if prefix else f'xmlns="{MAIN}"'
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("_rels/.rels", f'<Relationships xmlns="{PKG}"><Relationship Id="rId1" Type="{REL}/officeDocument" '
                                        'Target="xl/workbook.xml"/></Relationships>')
        entries = "".join(f'<{colon}sheet name="S{n}" sheetId="{n}" r:id="rId{n}"/>' for n in range(1, len(sheets) + 1))
        archive.writestr("xl/workbook.xml", f'<{colon}workbook {xmlns} xmlns:r="{REL}"><{colon}sheets>{entries}'
                                            f'</{colon}sheets></{colon}workbook>')
        rels = "".join(f'<Relationship Id="rId{n}" Type="{REL}/worksheet" Target="/xl/worksheets/sheet{n}.xml"/>'
                       for n in range(1, len(sheets) + 1))
        rels += f'<Relationship Id="rIdS" Type="{REL}/sharedStrings" Target="sharedStrings.xml"/>'
        archive.writestr("xl/_rels/workbook.xml.rels", f'<Relationships xmlns="{PKG}">{rels}</Relationships>')
        for n, data in enumerate(sheets, start=1):
            archive.writestr(f"xl/worksheets/sheet{n}.xml",
                             f'<{colon}worksheet {xmlns}><{colon}sheetData>{data}</{colon}sheetData></{colon}worksheet>')
        if shared is not None:
            items = "".join(shared)
            archive.writestr("xl/sharedStrings.xml", f'<sst xmlns="{MAIN}" count="{len(shared)}">{items}</sst>')
    return out.getvalue()


HEADER_SHARED = ['<si><t>soort</t></si>', '<si><t>serienummer</t></si>', '<si><t>merk</t></si>']


def test_shared_rich_and_phonetic_strings_numbers_and_booleans_are_read():
    shared = [*HEADER_SHARED, '<si><r><t>Len</t></r><r><rPr><b/></rPr><t xml:space="preserve">ovo </t></r>'
                              '<rPh><t>XX</t></rPh></si>', '<si><t>laptop</t></si>']
    sheet = ('<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" t="s"><v>2</v></c>'
             '<c r="D1" t="inlineStr"><is><t>RAM</t></is></c><c r="E1" t="inlineStr"><is><t>lader</t></is></c></row>'
             '<row r="2"><c r="A2" t="s"><v>4</v></c><c r="B2"><v>12345</v></c><c r="C2" t="s"><v>3</v></c>'
             '<c r="D2" t="n"><v>8.0</v></c><c r="E2" t="b"><v>1</v></c></row>')
    [row] = read_sheet(workbook([sheet], shared))
    assert row.number == 2
    assert row.cells == {"kind": "laptop", "serial_number": "12345", "brand": "Lenovo", "ram_gb": "8",
                         "charger_included": "ja"}


def test_skipped_cells_and_rows_keep_their_column_and_row_number():
    sheet = ('<row r="3"><c r="B3" t="inlineStr"><is><t>soort</t></is></c>'
             '<c r="D3" t="inlineStr"><is><t>serienummer</t></is></c></row>'
             '<row r="7"><c r="B7" t="inlineStr"><is><t>tablet</t></is></c><c r="D7" t="inlineStr"><is><t>T-7</t></is></c>'
             '</row><row><c t="inlineStr"><is><t>ignored</t></is></c><c t="inlineStr"><is><t>laptop</t></is></c>'
             '<c/><c t="inlineStr"><is><t>T-8</t></is></c></row>')
    rows = read_sheet(workbook([sheet]))
    assert [(row.number, row.cells) for row in rows] == [
        (7, {"kind": "tablet", "serial_number": "T-7"}), (8, {"kind": "laptop", "serial_number": "T-8"}),
    ]


def test_a_prefixed_namespace_is_read_like_the_default_one():
    sheet = ('<x:row r="1"><x:c r="A1" t="inlineStr"><x:is><x:t>kind</x:t></x:is></x:c>'
             '<x:c r="B1" t="inlineStr"><x:is><x:t>serial</x:t></x:is></x:c></x:row>'
             '<x:row r="2"><x:c r="A2" t="inlineStr"><x:is><x:t>laptop</x:t></x:is></x:c><x:c r="B2"><x:v>42</x:v></x:c>'
             '</x:row>')
    [row] = read_sheet(workbook([sheet], prefix="x"))
    assert row.cells == {"kind": "laptop", "serial_number": "42"}


def test_a_formula_is_its_text_even_when_shared_over_cells_and_never_its_result():
    sheet = ('<row r="1"><c r="A1" t="inlineStr"><is><t>soort</t></is></c><c r="B1" t="inlineStr"><is><t>serienummer</t>'
             '</is></c><c r="C1" t="inlineStr"><is><t>merk</t></is></c></row>'
             '<row r="2"><c r="A2" t="inlineStr"><is><t>laptop</t></is></c><c r="B2" t="inlineStr"><is><t>F-2</t></is></c>'
             '<c r="C2" t="str"><f t="shared" ref="C2:C3" si="0">B2&amp;"x"</f><v>F-2x</v></c></row>'
             '<row r="3"><c r="A3" t="inlineStr"><is><t>laptop</t></is></c><c r="B3" t="inlineStr"><is><t>F-3</t></is></c>'
             '<c r="C3" t="str"><f t="shared" si="0"/><v>F-3x</v></c></row>')
    rows = read_sheet(workbook([sheet]))
    assert [row.cells["brand"] for row in rows] == ['=B2&"x"', '=B3&"x"']


@pytest.mark.parametrize("damage", ["broken xml", "string index", "bad number", "no workbook"])
def test_a_damaged_workbook_is_refused_with_the_plain_message(app, damage):
    header = '<row r="1"><c r="A1" t="inlineStr"><is><t>soort</t></is></c><c r="B1" t="inlineStr"><is><t>sn</t></is></c></row>'
    data = {
        "broken xml": workbook([header + '<row r="2"><c r="A2"><v>1</c></row>']),
        "string index": workbook([header + '<row r="2"><c r="A2" t="s"><v>99</v></c></row>'], HEADER_SHARED),
        "bad number": workbook([header + '<row r="2"><c r="A2"><v>twelve</v></c></row>']),
        "no workbook": _without(workbook([header]), "xl/workbook.xml"),
    }[damage]
    with app.test_request_context(), pytest.raises(SpreadsheetError) as refused:
        read_sheet(data, "devices.xlsx")
    assert "geen CSV- of Excelbestand" in str(refused.value.message)


def _without(data: bytes, name: str) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            if info.filename != name:
                target.writestr(info, source.read(info))
    return out.getvalue()


def test_a_part_that_unpacks_too_big_is_refused_before_it_is_read(app, monkeypatch):
    monkeypatch.setattr(xlsx_reader, "MAX_UNPACKED", 100)
    with app.test_request_context(), pytest.raises(SpreadsheetError) as refused:
        read_sheet(xlsx_bytes({"Apparaten": [["soort", "serienummer"], ["laptop", "BIG-1"]]}))
    assert "uitgepakt te groot" in str(refused.value.message)


def test_reading_stops_at_the_row_limit_without_reading_on(app, monkeypatch):
    from allemaaldigitaal.donations import spreadsheet

    monkeypatch.setattr(spreadsheet, "MAX_ROWS", 3)
    monkeypatch.setattr(xlsx_reader, "CHUNK", 100)
    rows = "".join(f'<row r="{n}"><c r="A{n}" t="inlineStr"><is><t>laptop</t></is></c><c r="B{n}"><v>{n}</v></c></row>'
                   for n in range(2, 20))
    header = ('<row r="1"><c r="A1" t="inlineStr"><is><t>soort</t></is></c>'
              '<c r="B1" t="inlineStr"><is><t>serienummer</t></is></c></row>')
    with app.test_request_context(), pytest.raises(SpreadsheetError) as refused:
        read_sheet(workbook([header + rows + "<broken"]))
    assert "meer dan" in str(refused.value.message), "stopped at the limit, before the broken end"


def test_an_empty_second_sheet_is_fine_and_a_filled_one_refused(app):
    header = '<row r="1"><c r="A1" t="inlineStr"><is><t>soort</t></is></c><c r="B1" t="inlineStr"><is><t>sn</t></is></c></row>'
    row = '<row r="2"><c r="A2" t="inlineStr"><is><t>laptop</t></is></c><c r="B2"><v>1</v></c></row>'
    assert len(read_sheet(workbook([header + row, ""]))) == 1
    assert len(read_sheet(workbook(["", header + row]))) == 1
    with app.test_request_context(), pytest.raises(SpreadsheetError) as refused:
        read_sheet(workbook([header + row, row]))
    assert "meer dan één werkblad" in str(refused.value.message)


@pytest.mark.parametrize("reference,number", [("A1", 1), ("Z9", 26), ("AA10", 27), ("AB7", 28), ("XFD1", 16384)])
def test_column_numbers(reference, number):
    assert xlsx_reader.column_number(reference) == number


@pytest.mark.parametrize("reference", ["1", "XFE1", "Ä1"])
def test_a_column_that_cannot_be_is_refused(reference):
    with pytest.raises(ValueError):
        xlsx_reader.column_number(reference)
