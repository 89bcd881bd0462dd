"""ZPL for Zebra stocks: one ^XA…^XZ format per label, the printer's own QR command holding the exact URL."""
import re

import pytest

from allemaaldigitaal.core.tags import format_tag, generate_tag
from allemaaldigitaal.printing import LabelData, PrintError, get_stock, labels_zpl, qr_url, zpl as printing_zpl
from allemaaldigitaal.printing.layout import QUIET_ZONE
from allemaaldigitaal.printing.qr import encode_for_label

FORMAT = re.compile(r"\^XA(.*?)\^XZ", re.S)


def some_labels(count: int) -> list[LabelData]:
    tags = [generate_tag() for _ in range(count)]
    return [LabelData(qr_url("https://allemaaldigitaal.nl", tag), format_tag(tag), "Laptop", "HP EliteBook 840") for tag in tags]


def test_one_format_per_label_each_with_its_url_in_the_qr_command():
    labels = some_labels(5)

    text = labels_zpl("zebra-2x1", labels).decode()

    formats = FORMAT.findall(text)
    assert len(formats) == text.count("^XA") == text.count("^XZ") == 5
    for body, label in zip(formats, labels, strict=True):
        level = encode_for_label(label.url_text).level
        assert re.search(rf"\^BQN,2,\d+,{level}\^FD{level}M,A{re.escape(label.url_text)}\^FS", body)
        assert f"^FD{label.tag_display.split('-')[0]}" in body  # the tag, readable
        assert "^FDHP EliteBook 840^FS" in body


def test_the_format_has_the_stock_s_size_in_dots_and_utf8_text():
    body = FORMAT.findall(labels_zpl("zebra-2x1", some_labels(1)).decode())[0]

    assert "^PW406" in body and "^LL203" in body  # 2 × 1 inch at 203 dpi
    assert "^CI28" in body


def test_the_code_has_whole_dot_modules_and_a_quiet_zone_inside_the_label():
    stock = get_stock("zebra-2x1")
    label = some_labels(1)[0]
    body = FORMAT.findall(labels_zpl(stock, [label]).decode())[0]
    x, y, magnification = map(int, re.search(r"\^FO(\d+),(\d+)\^BQN,2,(\d+)", body).groups())
    size = encode_for_label(label.url_text).size

    assert 1 <= magnification <= 10 and magnification * 25.4 / stock.dpi >= 0.4
    assert x >= QUIET_ZONE * magnification and y >= QUIET_ZONE * magnification
    assert y + (size + QUIET_ZONE) * magnification <= 203


def test_reserved_characters_in_text_are_escaped():
    label = LabelData(qr_url("https://allemaaldigitaal.nl", "329XPEG6Q"), "AD-329-XPE-G6Q", "Laptop", "Model ^XZ~JA_1")

    text = labels_zpl("zebra-2x1", [label]).decode()

    assert text.count("^XZ") == 1
    assert "^FHDFModel" not in text and "Model _5EXZ_7EJA_5F1" in text


def test_a_stock_that_prints_pdf_is_refused_for_zpl():
    with pytest.raises(PrintError) as refused:
        labels_zpl("L7160", some_labels(1))
    assert refused.value.code == "not_zpl"


def test_an_empty_selection_is_refused():
    with pytest.raises(PrintError) as refused:
        labels_zpl("zebra-2x1", [])
    assert refused.value.code == "empty"


def test_the_test_label_draws_the_edge_and_where_printing_stays():
    text = printing_zpl.test_label_zpl("zebra-2x1").decode()

    assert FORMAT.findall(text) and "^GB406,203,2^FS" in text and "^FO12,12^GB382,179,1^FS" in text
