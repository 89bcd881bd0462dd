"""Asset labels as ZPL for Zebra printers: one ^XA…^XZ format per label, the code drawn by the printer (^BQ).

Positions and sizes come from the same layout as the PDF, in printer dots. Text goes in UTF-8 (^CI28)
through the printer's scalable font; ^FH escapes the characters ZPL reserves.
"""
from collections.abc import Iterable

from flask_babel import gettext as _, lazy_gettext as _l

from . import look
from .errors import PrintError
from .labels import LabelData, resolve_stock, selection
from .layout import Layout, label_layout, split_tag, tag_shape
from .look import MM
from .qr import encode_for_label
from .stocks import Stock

#: the largest module ^BQ draws, in dots
MAX_MAGNIFICATION = 10


def _dots(stock: Stock, mm: float) -> int:
    return round(mm * stock.dpi / 25.4)


def field_text(text: str) -> str:
    """Field data with ZPL's reserved characters as ^FH hex escapes (underscore is the escape)."""
    return text.replace("_", "_5F").replace("^", "_5E").replace("~", "_7E")


def _text_field(stock: Stock, x: float, top: float, size_pt: float, text: str) -> str:
    height = max(_dots(stock, size_pt / MM), 10)
    return f"^FO{_dots(stock, x)},{_dots(stock, top)}^A0N,{height},{height}^FH^FD{field_text(text)}^FS"


def _label(stock: Stock, label: LabelData, campaign: str) -> str:
    symbol = encode_for_label(label.url_text)
    layout: Layout = label_layout(stock, symbol.size, tag_shape(label.tag_display))
    magnification = min(_dots(stock, layout.module), MAX_MAGNIFICATION)
    lines = layout.lines()
    tag_lines = [label.tag_display] if layout.tag_lines == 1 else split_tag(label.tag_display)
    texts = [*tag_lines, campaign, label.kind, label.model]
    fields = [
        _text_field(stock, layout.text_x, top, size, look.fit(text, look.FONT, size, layout.text_width * MM))
        for (top, size), text in zip(lines, texts, strict=True) if text
    ]
    return "\n".join([
        "^XA", "^CI28", f"^PW{_dots(stock, stock.label_width)}", f"^LL{_dots(stock, stock.label_height)}", "^LH0,0",
        f"^FO{_dots(stock, layout.code_x)},{_dots(stock, layout.code_y)}^BQN,2,{magnification},{symbol.level}"
        f"^FD{symbol.level}M,A{label.url_text}^FS",
        *fields,
        "^XZ",
    ])


def _zpl_stock(stock: Stock | str) -> Stock:
    stock = resolve_stock(stock)
    if stock.output != "zpl":
        raise PrintError("not_zpl", _l("Labelsoort %(stock)s drukt af als PDF, niet als ZPL.") % {"stock": stock.name})
    return stock


def labels_zpl(stock: Stock | str, labels: Iterable[LabelData], campaign: str = look.CAMPAIGN) -> bytes:
    """ZPL for a Zebra stock: one format per label, in UTF-8."""
    stock = _zpl_stock(stock)
    labels = selection(labels)
    return ("\n".join(_label(stock, label, campaign) for label in labels) + "\n").encode()


def test_label_zpl(stock: Stock | str) -> bytes:
    """A test label for a Zebra stock: the label's edge, where printing stays, and the stock's name."""
    stock = _zpl_stock(stock)
    width, height = _dots(stock, stock.label_width), _dots(stock, stock.label_height)
    inset_x, inset_y = _dots(stock, stock.inset_x), _dots(stock, stock.inset_y)
    return "\n".join([
        "^XA", "^CI28", f"^PW{width}", f"^LL{height}", "^LH0,0",
        f"^FO0,0^GB{width},{height},2^FS",
        f"^FO{inset_x},{inset_y}^GB{width - 2 * inset_x},{height - 2 * inset_y},1^FS",
        _text_field(stock, stock.inset_x + 1, stock.inset_y + 1, 8, _("Testlabel %(stock)s", stock=stock.name)),
        "^XZ", "",
    ]).encode()


test_label_zpl.__test__ = False  # a function, not a test, for pytest
