"""Stock files: the shipped ones load with the makers' sizes; a file with a mistake is refused naming file and field."""
import copy
from fractions import Fraction

import pytest
from hypothesis import given, settings, strategies as st

from allemaaldigitaal.printing import StockFileError, list_stocks
from allemaaldigitaal.printing.stocks import STOCKS_DIR, load_stock, load_stocks, parse_stock

SHEET = {
    "name": "Test", "kind": "sheet",
    "page": {"width": 210, "height": 297},
    "label": {"width": 63.5, "height": 38.1, "corner_radius": 1.5},
    "grid": {"columns": 3, "rows": 7, "left": 7.21, "top": 15.15, "pitch_x": 66.04, "pitch_y": 38.1},
}
ROLL = {
    "name": "Rol", "kind": "roll", "output": "zpl",
    "label": {"width": 50.8, "height": 25.4}, "printer": {"dpi": 203, "margin_x": 1, "margin_y": 1},
}


def changed(base: dict, path: str, value) -> dict:
    """A copy with one field set (value ...) or removed (value is None)."""
    data = copy.deepcopy(base)
    *sections, name = path.split(".")
    target = data
    for section in sections:
        target = target[section]
    if value is None:
        del target[name]
    else:
        target[name] = value
    return data


@pytest.mark.parametrize(("key", "label", "per_sheet"), [
    ("L7160", (63.5, 38.1), 21), ("L7163", (99.1, 38.1), 14), ("L7651", (38.1, 21.2), 65), ("3474", (70, 37), 24),
    ("5160", (66.675, 25.4), 30), ("5163", (101.6, 50.8), 10), ("DK-11209", (62, 29), 1), ("DK-22205", (62, 40), 1),
    ("99012", (36, 89), 1), ("zebra-2x1", (50.8, 25.4), 1),
])
def test_the_shipped_stocks_have_the_makers_sizes(key, label, per_sheet):
    stock = load_stocks()[key.upper()]

    assert (stock.label_width, stock.label_height) == label
    assert stock.per_sheet == per_sheet


def test_sheets_are_a4_or_letter_and_rolls_one_label_per_page_at_the_roll_width():
    for stock in list_stocks():
        if stock.is_roll:
            assert (stock.page_width, stock.page_height) == (stock.label_width, stock.label_height)
            assert stock.dpi in (203, 300)
        else:
            assert (stock.page_width, stock.page_height) in {(210, 297), (215.9, 279.4)}
    assert [stock.key for stock in list_stocks() if stock.output == "zpl"] == ["zebra-2x1"]


def test_a_new_stock_is_a_new_file(tmp_path):
    (tmp_path / "MY-STOCK.toml").write_text(
        'name = "Mijn vel"\nkind = "sheet"\n[page]\nwidth = 210\nheight = 297\n[label]\nwidth = 100\nheight = 50\n'
        "[grid]\ncolumns = 2\nrows = 5\nleft = 5\ntop = 10\npitch_x = 100\npitch_y = 50\n"
    )

    [stock] = load_stocks(tmp_path).values()
    assert (stock.key, stock.name, stock.per_sheet) == ("MY-STOCK", "Mijn vel", 10)
    assert stock.positions()[3] == (105.0, 60.0)


@pytest.mark.parametrize(("base", "path", "value", "field", "words"), [
    (SHEET, "grid.pitch_y", None, "grid.pitch_y", "ontbreekt"),
    (SHEET, "name", None, "name", "ontbreekt"),
    (SHEET, "page", None, "page", "ontbreekt"),
    (SHEET, "grid.columns", 2.5, "grid.columns", "geheel getal"),
    (SHEET, "label.width", "63.5", "label.width", "een getal"),
    (SHEET, "label.width", True, "label.width", "een getal"),
    (SHEET, "label.colour", "wit", "label.colour", "onbekend"),
    (SHEET, "sheet_size", "A4", "sheet_size", "onbekend"),
    (SHEET, "kind", "stack", "kind", "sheet, roll"),
    (SHEET, "output", "zpl", "output", "roll"),
    (SHEET, "grid.pitch_x", 60.0, "grid.pitch_x", "over elkaar"),
    (SHEET, "grid.left", 20.0, "grid.left", "buiten het vel"),
    (SHEET, "grid.rows", 8, "grid.top", "buiten het vel"),
    (SHEET, "grid.top", -1.0, "grid.top", "negatief"),
    (SHEET, "label.height", 0, "label.height", "groter dan 0"),
    (SHEET, "label.corner_radius", 20.0, "label.corner_radius", "helft"),
    (SHEET, "label.padding", 19.5, "label.padding", "geen ruimte"),
    (SHEET, "printer", {"dpi": 300}, "printer", "hoort niet bij"),
    (ROLL, "printer.dpi", None, "printer.dpi", "ontbreekt"),
    (ROLL, "printer.dpi", 0, "printer.dpi", "groter dan 0"),
    (ROLL, "printer.continuous", "ja", "printer.continuous", "true of false"),
    (ROLL, "grid", {"columns": 1}, "grid", "hoort niet bij"),
])
def test_a_mistake_is_refused_naming_the_file_and_the_field(base, path, value, field, words):
    with pytest.raises(StockFileError) as refused:
        parse_stock("broken.toml", changed(base, path, value))

    message = str(refused.value.message)
    assert (refused.value.file, refused.value.field) == ("broken.toml", field)
    assert message.startswith("broken.toml: ") and field in message and words in message


def test_a_file_that_is_not_toml_is_refused_naming_the_file(tmp_path):
    path = tmp_path / "bad.toml"
    path.write_text('name = "Kapot"\nkind = sheet\n')

    with pytest.raises(StockFileError, match=r"^bad\.toml: .*TOML"):
        load_stock(path)


def test_one_bad_file_stops_the_list_with_its_name(tmp_path):
    (tmp_path / "good.toml").write_text((STOCKS_DIR / "L7160.toml").read_text())
    (tmp_path / "bad.toml").write_text((STOCKS_DIR / "L7160.toml").read_text().replace("pitch_x = 66.04", "pitch_x = 6"))

    with pytest.raises(StockFileError, match=r"^bad\.toml: het veld grid\.pitch_x"):
        load_stocks(tmp_path)


def test_a_file_name_that_is_no_key_is_refused():
    with pytest.raises(StockFileError, match="bestandsnaam"):
        parse_stock("my stock.toml", SHEET)


#: lengths on a 0.01 mm grid, so "touching" and "just over" are exact
hundredths = st.integers(0, 30000).map(lambda n: n / 100)


def fits_and_apart(data: dict) -> bool:
    """Brute force, in exact fractions: every label inside the page, no two overlapping (touching is fine)."""
    page, label, grid = data["page"], data["label"], data["grid"]

    def exact(value):
        return Fraction(str(value))

    width, height = exact(label["width"]), exact(label["height"])
    boxes = [
        (exact(grid["left"]) + c * exact(grid["pitch_x"]), exact(grid["top"]) + r * exact(grid["pitch_y"]))
        for r in range(grid["rows"]) for c in range(grid["columns"])
    ]
    inside = all(x + width <= exact(page["width"]) and y + height <= exact(page["height"]) for x, y in boxes)
    apart = all(
        ax + width <= bx or bx + width <= ax or ay + height <= by or by + height <= ay
        for i, (ax, ay) in enumerate(boxes) for bx, by in boxes[i + 1:]
    )
    return inside and apart


@settings(max_examples=300, deadline=None)
@given(
    columns=st.integers(1, 4), rows=st.integers(1, 4),
    width=st.integers(500, 12000).map(lambda n: n / 100), height=st.integers(500, 12000).map(lambda n: n / 100),
    left=hundredths, top=hundredths, pitch_x=hundredths, pitch_y=hundredths,
)
def test_a_grid_is_accepted_exactly_when_its_labels_fit_the_page_and_stay_apart(
    columns, rows, width, height, left, top, pitch_x, pitch_y,
):
    data = changed(changed(SHEET, "label", {"width": width, "height": height}), "grid", {
        "columns": columns, "rows": rows, "left": left, "top": top, "pitch_x": pitch_x, "pitch_y": pitch_y,
    })

    try:
        parse_stock("random.toml", data)
        accepted = True
    except StockFileError as refused:
        assert refused.field.startswith("grid.")
        accepted = False
    assert accepted == fits_and_apart(data)
