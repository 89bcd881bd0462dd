"""Receipts and certificates as plain data in, PDF out: Unicode names, every row, page numbers, wrapping."""
import io

import pypdf
from hypothesis import given, strategies as st
from reportlab.pdfbase.pdfmetrics import stringWidth

from allemaaldigitaal.printing import pages
from allemaaldigitaal.printing.certificate import PENDING, WIPED, CertificateData, CertificateDevice, MediumWipe, certificate_pdf
from allemaaldigitaal.printing.fonts import SANS, register_fonts
from allemaaldigitaal.printing.receipt import ReceiptData, ReceiptDevice, receipt_pdf

NAMES = ["Łukasz Wiśniewski", "Ağaoğlu Bilişim", "Þórunn Ævarsdóttir", "Zoë Ćosić"]


def text_of(content: bytes) -> tuple[int, str]:
    reader = pypdf.PdfReader(io.BytesIO(content))
    return len(reader.pages), " ".join(" ".join(page.extract_text() for page in reader.pages).split())


def receipt(devices: int) -> ReceiptData:
    return ReceiptData(
        reference="DON-2026-00042", donor=NAMES[1], workshop=NAMES[3], pickup="Stationsplein 1, 3511 ED Utrecht",
        contact=NAMES[0], pledged_on="1 november 2026", printed_on="30 november 2026",
        devices=tuple(ReceiptDevice(f"AD-{n:03d}-ABC-DE4", "Laptop", "Dell Latitude", f"SN-{n:05d}") for n in range(devices)),
    )


def test_a_receipt_prints_unicode_names_and_every_device(app):
    with app.test_request_context():
        count, text = text_of(receipt_pdf(receipt(120)))
    assert count > 1 and f"Pagina {count} van {count}" in text
    for name in NAMES[:2] + NAMES[3:]:
        assert name in text
    assert all(f"SN-{n:05d}" in text and f"AD-{n:03d}-ABC-DE4" in text for n in range(120))


def test_a_certificate_says_when_it_is_incomplete(app):
    medium = MediumWipe("SSD", "M-1", "256 GB", "Purge", "Block erase", "nwipe 0.36", "Volledig", "Geslaagd", NAMES[0], "1 dec")
    data = CertificateData("K7M2-P9QX-4RTA", "https://x.example/certificaat/K7M2-P9QX-4RTA", "DON-2026-00001", NAMES[2],
                           NAMES[1], "2 december 2026", NAMES[0],
                           (CertificateDevice("AD-1", "Laptop", "HP", "S1", WIPED, (medium,)),
                            CertificateDevice("AD-2", "Tablet", "iPad", "S2", PENDING)))
    with app.test_request_context():
        _count, text = text_of(certificate_pdf(data))
    assert "Niet volledig" in text and "Nog niet gewist" in text and NAMES[2] in text
    assert "2: 1 gewist, 0 gerecycled, 1 nog niet gewist" in text


@given(st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs", "Cc", "Zl", "Zp")), max_size=80),
       st.floats(min_value=20, max_value=200))
def test_wrapped_lines_fit_and_keep_every_character(text, width):
    register_fonts()
    lines = pages.wrap(text, SANS, 8, width)
    assert "".join(lines).replace(" ", "") == text.replace(" ", "")
    assert all(stringWidth(line, SANS, 8) <= width or len(line) == 1 for line in lines)
