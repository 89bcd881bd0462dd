"""Label PDFs read back: every code decodes to its exact URL, in the spot the stock file gives, at 150 dpi."""
import random

import pytest

from allemaaldigitaal.core.tags import format_tag, generate_tag
from allemaaldigitaal.printing import LabelData, PrintError, get_stock, labels as printing_labels, labels_pdf, list_stocks, qr_url
from allemaaldigitaal.printing.layout import MIN_MODULE, QUIET_ZONE
from allemaaldigitaal.printing.qr import encode_for_label
from allemaaldigitaal.printing.stocks import STOCKS_DIR, parse_stock

from .reading import (
    decode,
    expected_spots,
    page_count,
    page_size_mm,
    page_text,
    path_boxes,
    prints_at_actual_size,
)

BASE_URL = "https://allemaaldigitaal.nl"
STOCK_KEYS = [stock.key for stock in list_stocks()]
#: positions must lie this close (mm) to the stock file
TOLERANCE = 0.2


def some_labels(count: int, seed: int = 1) -> list[LabelData]:
    rng = random.Random(seed)
    kinds = ["Laptop", "Tablet", None]
    models = ["Dell Latitude 5490", "Lenovo ThinkPad T480s met een heel lange modelnaam", None, "Łódź Ünïcode"]
    labels = []
    for _number in range(count):
        tag = generate_tag(rng)
        labels.append(LabelData(qr_url(BASE_URL, tag), format_tag(tag), rng.choice(kinds), rng.choice(models)))
    return labels


def spots_of(key: str):
    return expected_spots(STOCKS_DIR / f"{key}.toml")


def test_the_issue_s_stocks_are_all_there():
    assert {"L7160", "L7163", "L7651", "3474", "5160", "5163", "DK-11209", "DK-22205", "99012", "zebra-2x1"} <= set(STOCK_KEYS)


@pytest.mark.parametrize("key", STOCK_KEYS)
def test_every_code_on_every_stock_decodes_to_its_url_in_its_spot(key):
    stock = get_stock(key)
    count = 3 if stock.is_roll else stock.per_sheet + 2  # a second page on sheets
    labels = some_labels(count)
    pdf = labels_pdf(stock, labels)
    spots = spots_of(key)
    expected = [(page, spot, label.url_text) for (page, spot), label in zip(
        ((i // len(spots), spots[i % len(spots)]) for i in range(count)), labels, strict=True)]

    decoded = decode(pdf)

    assert sorted(found.text for found in decoded) == sorted(label.url_text for label in labels)
    for found in decoded:
        [(page, spot, url)] = [(p, s, u) for p, s, u in expected if p == found.page and s.contains(*found.centre)]
        assert found.text == url


@pytest.mark.parametrize("key", STOCK_KEYS)
def test_each_code_with_its_quiet_zone_lies_inside_its_label_from_the_stock_file(key):
    stock = get_stock(key)
    count = min(stock.per_sheet, 4)
    labels = some_labels(count, seed=2)
    spots = spots_of(key)
    codes = sorted((box for box in path_boxes(labels_pdf(stock, labels))), key=lambda box: (round(box.top), box.left))

    assert len(codes) == count
    for box, spot, label in zip(codes, spots, labels, strict=False):
        size = encode_for_label(label.url_text).size
        module = (box.right - box.left) / size
        quiet = QUIET_ZONE * module
        assert module >= MIN_MODULE
        assert abs((box.bottom - box.top) - (box.right - box.left)) < 0.01
        assert spot.left - TOLERANCE <= box.left - quiet and box.right + quiet <= spot.right + TOLERANCE
        assert spot.top - TOLERANCE <= box.top - quiet and box.bottom + quiet <= spot.bottom + TOLERANCE
        assert box.left - spot.left >= stock.inset_x - TOLERANCE
        assert box.top - spot.top >= min(stock.inset_y, (spot.bottom - spot.top - (box.bottom - box.top)) / 2) - TOLERANCE


@pytest.mark.parametrize("key", STOCK_KEYS)
def test_the_test_sheet_outlines_every_label_within_a_fifth_of_a_millimetre(key):
    stock = get_stock(key)
    pdf = printing_labels.test_sheet_pdf(stock)
    boxes = path_boxes(pdf)

    assert page_count(pdf) == 1
    for spot in spots_of(key):
        # the outline is stroked 0.25 pt wide: its bounds reach half of that beyond the label's edge
        assert any(box.near(spot, TOLERANCE) for box in boxes), spot
    assert prints_at_actual_size(pdf)


@pytest.mark.parametrize("key", STOCK_KEYS)
def test_pages_have_the_stock_s_size_and_ask_to_print_at_actual_size(key):
    stock = get_stock(key)
    pdf = labels_pdf(stock, some_labels(1))

    width, height = page_size_mm(pdf)
    assert abs(width - stock.page_width) < 0.01 and abs(height - stock.page_height) < 0.01
    assert prints_at_actual_size(pdf)
    assert b"/PrintScaling /None" in pdf


def test_the_tag_is_printed_readable_beside_the_code_with_kind_and_model():
    label = LabelData(qr_url(BASE_URL, "329XPEG6Q"), "AD-329-XPE-G6Q", "Laptop", "Dell Latitude 5490")

    text = page_text(labels_pdf("L7163", [label], campaign="Allemaal Digitaal Utrecht"))

    assert "AD-329-XPE-G6Q" in text
    assert "Allemaal Digitaal Utrecht" in text
    assert "Laptop" in text and "Dell Latitude 5490" in text


def test_on_small_labels_the_tag_breaks_over_two_lines_at_a_hyphen():
    label = LabelData(qr_url(BASE_URL, "329XPEG6Q"), "AD-329-XPE-G6Q")

    lines = page_text(labels_pdf("L7651", [label])).split()

    assert "AD-329" in lines and "XPE-G6Q" in lines


def test_the_url_is_upper_case_so_the_code_is_alphanumeric():
    assert qr_url("https://allemaaldigitaal.nl/", "329xpeg6q") == "HTTPS://ALLEMAALDIGITAAL.NL/D/329XPEG6Q"


def test_skip_starts_at_the_next_spot_and_fills_the_rest_of_the_sheet_first():
    stock = get_stock("L7160")
    labels = some_labels(5, seed=3)
    spots = spots_of("L7160")

    decoded = decode(labels_pdf(stock, labels, skip=18))

    where = {found.text: (found.page, next(i for i, spot in enumerate(spots) if spot.contains(*found.centre)))
             for found in decoded}
    assert [where[label.url_text] for label in labels] == [(0, 18), (0, 19), (0, 20), (1, 0), (1, 1)]


def test_the_position_generator_starts_a_new_page_when_one_is_full():
    stock = get_stock("5163")

    positions = list(printing_labels.label_positions(stock, 12, skip=9))

    assert [page for page, _x, _y in positions] == [0] + [1] * 10 + [2]
    assert positions[0][1:] == stock.positions()[9]
    assert positions[1][1:] == stock.positions()[0]


@pytest.mark.parametrize("skip", [-1, 21, 22])
def test_a_skip_outside_the_sheet_is_refused(skip):
    with pytest.raises(PrintError) as refused:
        labels_pdf("L7160", some_labels(1), skip=skip)
    assert refused.value.code == "skip"
    assert "21" in str(refused.value.message)


def test_a_roll_has_no_spots_to_skip():
    with pytest.raises(PrintError):
        labels_pdf("DK-11209", some_labels(1), skip=1)


def test_an_empty_selection_is_refused():
    with pytest.raises(PrintError) as refused:
        labels_pdf("L7160", [])
    assert refused.value.code == "empty"


def test_an_unknown_stock_is_refused_with_the_known_ones():
    with pytest.raises(PrintError) as refused:
        labels_pdf("L9999", some_labels(1))
    assert refused.value.code == "unknown_stock"
    assert "L7160" in str(refused.value.message)


def test_stock_keys_are_read_in_any_case():
    assert get_stock("l7160") is get_stock("L7160")
    assert get_stock(" dk-11209 ").key == "DK-11209"


def test_a_stock_too_small_for_modules_of_0_4_mm_is_refused():
    tiny = parse_stock("tiny.toml", {
        "name": "Klein", "kind": "sheet", "page": {"width": 210, "height": 297},
        "label": {"width": 30, "height": 12, "padding": 0.5},
        "grid": {"columns": 1, "rows": 1, "left": 10, "top": 10, "pitch_x": 30, "pitch_y": 12},
    })

    with pytest.raises(PrintError) as refused:
        labels_pdf(tiny, some_labels(1))
    assert refused.value.code == "stock_too_small"
    assert "0,4 mm" in str(refused.value.message)


def test_a_stock_with_no_room_for_a_readable_tag_is_refused():
    narrow = parse_stock("narrow.toml", {
        "name": "Smal", "kind": "sheet", "page": {"width": 210, "height": 297},
        "label": {"width": 28, "height": 25},
        "grid": {"columns": 1, "rows": 1, "left": 10, "top": 10, "pitch_x": 28, "pitch_y": 25},
    })

    with pytest.raises(PrintError) as refused:
        labels_pdf(narrow, some_labels(1))
    assert refused.value.code == "stock_too_small"


def test_text_outside_the_fonts_is_spelled_with_latin_letters_not_boxes():
    label = LabelData(qr_url(BASE_URL, "329XPEG6Q"), "AD-329-XPE-G6Q", "Laptop", "Łódź Ğüven")

    assert "Lódz Güven" in page_text(labels_pdf("L7163", [label]))


def test_a_url_outside_alphanumeric_mode_still_prints_and_decodes():
    label = LabelData("https://example.org/d/lower?x=1", "AD-329-XPE-G6Q")

    assert [found.text for found in decode(labels_pdf("L7160", [label]))] == ["https://example.org/d/lower?x=1"]


@pytest.mark.parametrize("key", [stock.key for stock in list_stocks() if stock.is_roll])
def test_on_thermal_stocks_modules_are_whole_printer_dots_starting_on_a_dot(key):
    stock = get_stock(key)
    label = some_labels(1, seed=4)[0]
    [code] = path_boxes(labels_pdf(stock, [label]))
    dot = 25.4 / stock.dpi
    module_dots = (code.right - code.left) / encode_for_label(label.url_text).size / dot

    assert module_dots >= 1 and abs(module_dots - round(module_dots)) < 0.01
    for edge in (code.left, code.top):
        assert abs(edge / dot - round(edge / dot)) < 0.01
