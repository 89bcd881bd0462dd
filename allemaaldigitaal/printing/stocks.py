"""Label stocks as data: one TOML file per stock in the top-level `labels/` folder, checked when read.

A sheet stock (A4 or US Letter with a grid of labels) has [page], [label] and [grid]; a roll stock
for a thermal printer has [label] (one label per page, across the roll × along it) and [printer]
(resolution and the strips it cannot print). All lengths are millimetres. A file with a mistake is
refused with a message that names the file and the field.
"""
import re
import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from flask_babel import lazy_gettext as _l

from .errors import PrintError, StockFileError

#: the stock files shipped with the application
STOCKS_DIR = Path(__file__).resolve().parents[2] / "labels"
#: lengths closer than this (mm) count as equal, so labels may touch and reach the page's edge exactly
EPSILON = 0.001
KEY = re.compile(r"[A-Za-z0-9][A-Za-z0-9-]*")

NUMBER, INTEGER, TEXT, FLAG = "number", "integer", "text", "flag"
#: per section ("" is the top level): field → (type, default; None means required)
SCHEMA: dict[str, dict[str, tuple[str, object]]] = {
    "": {"name": (TEXT, None), "description": (TEXT, ""), "kind": (TEXT, None), "output": (TEXT, "pdf")},
    "page": {"width": (NUMBER, None), "height": (NUMBER, None)},
    "label": {"width": (NUMBER, None), "height": (NUMBER, None), "corner_radius": (NUMBER, 0.0), "padding": (NUMBER, 1.5)},
    "grid": {
        "columns": (INTEGER, None), "rows": (INTEGER, None), "left": (NUMBER, None), "top": (NUMBER, None),
        "pitch_x": (NUMBER, None), "pitch_y": (NUMBER, None),
    },
    "printer": {"dpi": (INTEGER, None), "margin_x": (NUMBER, 0.0), "margin_y": (NUMBER, 0.0), "continuous": (FLAG, False)},
}
SECTIONS = {"sheet": ("page", "label", "grid"), "roll": ("label", "printer")}
CHOICES = {"kind": tuple(SECTIONS), "output": ("pdf", "zpl")}
_TYPE_NAMES = {
    NUMBER: _l("een getal"), INTEGER: _l("een geheel getal"), TEXT: _l("tekst tussen aanhalingstekens"),
    FLAG: _l("true of false"),
}


@dataclass(frozen=True)
class Stock:
    """One kind of label stock; positions are millimetres from the page's top-left corner."""

    key: str
    name: str
    description: str
    kind: str  # "sheet" or "roll"
    output: str  # "pdf" or "zpl": what the printer takes
    page_width: float
    page_height: float
    label_width: float
    label_height: float
    corner_radius: float
    columns: int
    rows: int
    left: float
    top: float
    pitch_x: float
    pitch_y: float
    #: how far from the label's edge printing stays (sheets: padding; rolls: the printer's margins)
    inset_x: float
    inset_y: float
    dpi: int | None = None
    continuous: bool = False

    @property
    def per_sheet(self) -> int:
        return self.columns * self.rows

    @property
    def is_roll(self) -> bool:
        return self.kind == "roll"

    def positions(self) -> list[tuple[float, float]]:
        """The top-left corner of every label on a page, row by row, left to right."""
        return [
            (self.left + column * self.pitch_x, self.top + row * self.pitch_y)
            for row in range(self.rows) for column in range(self.columns)
        ]


def _refuse(file: str, field: str, message, **values) -> StockFileError:
    return StockFileError(file, field, message % {"file": file, "field": field, **values})


def _typed(file: str, field: str, kind: str, value):
    """The value if it has the field's type (an integer counts as a number), else refuse."""
    ok = {
        NUMBER: isinstance(value, int | float) and not isinstance(value, bool),
        INTEGER: isinstance(value, int) and not isinstance(value, bool),
        TEXT: isinstance(value, str),
        FLAG: isinstance(value, bool),
    }[kind]
    if not ok:
        raise _refuse(file, field, _l("%(file)s: het veld %(field)s moet %(type)s zijn."), type=_TYPE_NAMES[kind])
    return float(value) if kind == NUMBER else value


def _section(file: str, data: dict, section: str) -> dict:
    """The fields of one section, typed, with defaults filled in; unknown and missing fields refused."""
    raw = data if section == "" else data.get(section)
    if raw is None:
        raise _refuse(file, section, _l("%(file)s: het onderdeel [%(field)s] ontbreekt."))
    if not isinstance(raw, dict):
        raise _refuse(file, section, _l("%(file)s: %(field)s moet een onderdeel zijn: [%(field)s] met velden eronder."))
    schema = SCHEMA[section]
    known = set(schema) | (set(SCHEMA) - {""} if section == "" else set())
    for name in raw:
        if name not in known:
            field = f"{section}.{name}" if section else name
            raise _refuse(file, field, _l("%(file)s: het veld %(field)s is onbekend."))
    values = {}
    for name, (kind, default) in schema.items():
        field = f"{section}.{name}" if section else name
        if name not in raw:
            if default is None:
                raise _refuse(file, field, _l("%(file)s: het veld %(field)s ontbreekt."))
            values[name] = default
            continue
        values[name] = _typed(file, field, kind, raw[name])
        if kind in (NUMBER, INTEGER) and values[name] < 0:
            raise _refuse(file, field, _l("%(file)s: het veld %(field)s mag niet negatief zijn."))
    return values


def _positive(file: str, section: str, values: dict, *names: str) -> None:
    for name in names:
        if values[name] <= 0:
            raise _refuse(file, f"{section}.{name}", _l("%(file)s: het veld %(field)s moet groter dan 0 zijn."))


def parse_stock(file: str, data: dict) -> Stock:
    """A stock from a file's parsed TOML; `file` is the name used in messages and its stem is the key."""
    key = Path(file).stem
    if not KEY.fullmatch(key):
        raise _refuse(file, "", _l("%(file)s: een bestandsnaam bestaat uit letters, cijfers en streepjes."))
    top = _section(file, data, "")
    for field, choices in CHOICES.items():
        if top[field] not in choices:
            raise _refuse(file, field, _l("%(file)s: het veld %(field)s moet een van deze zijn: %(choices)s."),
                          choices=", ".join(choices))
    for section in set(SCHEMA) - {""} - set(SECTIONS[top["kind"]]):
        if section in data:
            raise _refuse(file, section, _l("%(file)s: het onderdeel [%(field)s] hoort niet bij kind = \"%(kind)s\"."),
                          kind=top["kind"])
    sections = {name: _section(file, data, name) for name in SECTIONS[top["kind"]]}
    label = sections["label"]
    _positive(file, "label", label, "width", "height")
    if top["kind"] == "sheet":
        stock = _sheet(key, top, sections)
    else:
        _positive(file, "printer", sections["printer"], "dpi")
        stock = _roll(key, top, sections)
    check_geometry(file, stock)
    return stock


def _sheet(key: str, top: dict, sections: dict) -> Stock:
    page, label, grid = sections["page"], sections["label"], sections["grid"]
    return Stock(
        key=key, name=top["name"], description=top["description"], kind="sheet", output=top["output"],
        page_width=page["width"], page_height=page["height"],
        label_width=label["width"], label_height=label["height"], corner_radius=label["corner_radius"],
        columns=grid["columns"], rows=grid["rows"], left=grid["left"], top=grid["top"],
        pitch_x=grid["pitch_x"], pitch_y=grid["pitch_y"], inset_x=label["padding"], inset_y=label["padding"],
    )


def _roll(key: str, top: dict, sections: dict) -> Stock:
    label, printer = sections["label"], sections["printer"]
    return Stock(
        key=key, name=top["name"], description=top["description"], kind="roll", output=top["output"],
        page_width=label["width"], page_height=label["height"],
        label_width=label["width"], label_height=label["height"], corner_radius=label["corner_radius"],
        columns=1, rows=1, left=0.0, top=0.0, pitch_x=label["width"], pitch_y=label["height"],
        inset_x=max(label["padding"], printer["margin_x"]), inset_y=max(label["padding"], printer["margin_y"]),
        dpi=printer["dpi"], continuous=printer["continuous"],
    )


def check_geometry(file: str, stock: Stock) -> None:
    """Labels stay on the page and apart; corners and insets leave room for a label."""
    if stock.output == "zpl" and not stock.is_roll:
        raise _refuse(file, "output", _l("%(file)s: output = \"zpl\" kan alleen bij kind = \"roll\"."))
    if stock.columns < 1 or stock.rows < 1:
        field = "grid.columns" if stock.columns < 1 else "grid.rows"
        raise _refuse(file, field, _l("%(file)s: het veld %(field)s moet groter dan 0 zijn."))
    for axis, count, start, pitch, size, page in (
        ("x", stock.columns, stock.left, stock.pitch_x, stock.label_width, stock.page_width),
        ("y", stock.rows, stock.top, stock.pitch_y, stock.label_height, stock.page_height),
    ):
        if count > 1 and pitch < size - EPSILON:
            raise _refuse(file, f"grid.pitch_{axis}",
                          _l("%(file)s: het veld %(field)s is kleiner dan het label: de labels liggen over elkaar."))
        end = start + (count - 1) * pitch + size
        if end > page + EPSILON:
            field = "grid.left" if axis == "x" else "grid.top"
            raise _refuse(file, field, _l(
                "%(file)s: de labels vallen buiten het vel (tot %(end)s mm, het vel is %(page)s mm); "
                "controleer %(field)s, de pitch, het aantal en de maat van de labels."
            ), end=f"{end:g}", page=f"{page:g}")
    if stock.corner_radius > min(stock.label_width, stock.label_height) / 2 + EPSILON:
        raise _refuse(file, "label.corner_radius",
                      _l("%(file)s: het veld %(field)s is groter dan de helft van het label."))
    if 2 * stock.inset_x >= stock.label_width or 2 * stock.inset_y >= stock.label_height:
        field = "printer.margin_x" if stock.is_roll else "label.padding"
        raise _refuse(file, field, _l("%(file)s: het veld %(field)s laat geen ruimte over op het label."))


def load_stock(path: Path) -> Stock:
    """One stock file, checked."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        raise _refuse(path.name, "", _l("%(file)s: dit is geen geldig TOML-bestand (%(error)s)."), error=str(error)) from error
    return parse_stock(path.name, data)


@cache
def load_stocks(folder: Path = STOCKS_DIR) -> dict[str, Stock]:
    """Every stock in the folder by upper-case key, read once per process."""
    stocks = {}
    for path in sorted(folder.glob("*.toml")):
        stock = load_stock(path)
        stocks[stock.key.upper()] = stock
    return stocks


def list_stocks(folder: Path = STOCKS_DIR) -> list[Stock]:
    """All stocks: sheets first, then rolls, each by key."""
    return sorted(load_stocks(folder).values(), key=lambda stock: (stock.is_roll, stock.key.upper()))


def get_stock(key: str, folder: Path = STOCKS_DIR) -> Stock:
    """The stock with this key (any case); PrintError("unknown_stock") if there is none."""
    stock = load_stocks(folder).get(key.strip().upper())
    if stock is None:
        known = ", ".join(stock.key for stock in list_stocks(folder))
        raise PrintError("unknown_stock", _l("Labelsoort '%(key)s' bestaat niet. Kies een van deze: %(known)s.")
                         % {"key": key, "known": known})
    return stock
