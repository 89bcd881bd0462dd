"""Where a label's code and text go, computed once per stock and code size (millimetres from the label's corner).

The code is as large as the label allows: the symbol with its 4-module quiet zone inside the label,
the dark modules at least the stock's inset from the edge, and at most 60% of the label's long side,
so the text beside (or under) it keeps room. On thermal stocks modules are whole printer dots and
the code starts on a dot. The tag is set as large as fits, on one line or split over two.
"""
import math
from dataclasses import dataclass
from functools import cache

from flask_babel import lazy_gettext as _l

from .errors import PrintError
from .look import LINE_HEIGHT, MM, MONO_ADVANCE
from .stocks import Stock

#: smallest module (mm) that phone cameras read reliably from a printed label
MIN_MODULE = 0.4
QUIET_ZONE = 4
#: share of the label's long side the code (quiet zone included) may take
MAX_CODE_SHARE = 0.6
MIN_TAG_PT = 7.0
MAX_TAG_PT = 20.0
MIN_SMALL_PT = 5.5
MAX_SMALL_PT = 8.0
#: lines under the tag: the campaign, the kind, the model
SMALL_LINES = 3
#: from a line's top to its baseline, in em
ASCENT = 0.78


@dataclass(frozen=True)
class Layout:
    module: float
    code_x: float  # the first dark column's left edge
    code_y: float  # the first dark row's top edge
    text_x: float
    text_y: float  # top of the text block
    text_width: float
    tag_lines: int
    tag_pt: float
    small_pt: float

    def lines(self) -> list[tuple[float, float]]:
        """(top in mm from the label's top, size in pt) of each text line: the tag's, the campaign, the details."""
        lines, y = [], self.text_y
        for size in [self.tag_pt] * self.tag_lines + [self.small_pt] * SMALL_LINES:
            lines.append((y, size))
            y += LINE_HEIGHT * size / MM
        return lines

    def baselines(self) -> list[float]:
        """The baseline (mm from the label's top) of each text line."""
        return [top + ASCENT * size / MM for top, size in self.lines()]


def split_tag(tag_display: str) -> list[str]:
    """The tag on two lines, broken at the hyphen nearest the middle (or in the middle if there is none)."""
    middle = len(tag_display) / 2
    hyphens = [i for i, character in enumerate(tag_display) if character == "-"]
    if not hyphens:
        cut = math.ceil(middle)
        return [tag_display[:cut], tag_display[cut:]]
    cut = min(hyphens, key=lambda i: (abs(i - middle), i))
    return [tag_display[:cut], tag_display[cut + 1:]]


def _too_small(stock: Stock, what) -> PrintError:
    return PrintError("stock_too_small", what % {"stock": stock.name})


def _module(stock: Stock, size: int) -> float:
    """The largest module that fits, in whole dots on thermal stocks; refused below MIN_MODULE."""
    width, height = stock.label_width, stock.label_height
    across, inset = (height, stock.inset_y) if width >= height else (width, stock.inset_x)
    dot = 25.4 / stock.dpi if stock.dpi else 0.0
    across -= dot  # room to move the code onto a dot
    module = min(across / (size + 2 * QUIET_ZONE), (across - 2 * inset) / size,
                 MAX_CODE_SHARE * max(width, height) / (size + 2 * QUIET_ZONE))
    if dot:
        module = math.floor(module / dot + 1e-9) * dot
    if module < MIN_MODULE - 1e-9:
        raise _too_small(stock, _l(
            "Op %(stock)s past de QR-code niet met blokjes van minstens 0,4 mm. Kies een grotere labelsoort."
        ))
    return module


def _place(length: float, extent: float, gap: float, dot: float | None, centred: bool) -> float:
    """Where something of `extent` starts along `length`, keeping `gap` at both ends; on a dot if given."""
    start = (length - extent) / 2 if centred else gap
    if dot:
        low, high = math.ceil(gap / dot - 1e-9), math.floor((length - gap - extent) / dot + 1e-9)
        start = (low + max(low, high)) // 2 * dot if centred else low * dot
    return start


def _tag_size(chars: int, lines: int, width: float, height: float) -> float:
    """The largest tag size (pt) for lines of `chars` characters in width × height mm, with the small lines under it."""
    by_width = width * MM / (max(chars, 1) * MONO_ADVANCE)
    size = min(by_width, MAX_TAG_PT)
    while size > 0:
        small = min(max(0.5 * size, MIN_SMALL_PT), MAX_SMALL_PT)
        if LINE_HEIGHT * (lines * size + SMALL_LINES * small) <= height * MM:
            return size
        size -= 0.25
    return 0.0


def tag_shape(tag_display: str) -> tuple[int, int]:
    """The widest line of the tag in characters: on one line, and split over two."""
    return len(tag_display), max(map(len, split_tag(tag_display)))


@cache
def label_layout(stock: Stock, size: int, tag_chars: tuple[int, int]) -> Layout:
    """Positions for a code of size × size modules and a tag of this shape (see tag_shape) on this stock."""
    module = _module(stock, size)
    quiet, code = QUIET_ZONE * module, size * module
    dot = 25.4 / stock.dpi if stock.dpi else None
    width, height = stock.label_width, stock.label_height
    if width >= height:
        code_x = _place(width, code, max(quiet, stock.inset_x), dot, centred=False)
        code_y = _place(height, code, max(quiet, stock.inset_y), dot, centred=True)
        text_x, text_y = code_x + code + quiet, stock.inset_y
        text_width, text_height = width - stock.inset_x - text_x, height - 2 * stock.inset_y
    else:
        code_x = _place(width, code, max(quiet, stock.inset_x), dot, centred=True)
        code_y = _place(height, code, max(quiet, stock.inset_y), dot, centred=False)
        text_x, text_y = stock.inset_x, code_y + code + quiet
        text_width, text_height = width - 2 * stock.inset_x, height - stock.inset_y - text_y
    one_line, two_lines = tag_chars
    options = [(_tag_size(chars, lines, text_width, text_height), -lines) for chars, lines in ((one_line, 1), (two_lines, 2))]
    tag_pt, negative_lines = max(options)
    if tag_pt < MIN_TAG_PT:
        raise _too_small(stock, _l("Op %(stock)s is naast de QR-code te weinig ruimte voor een leesbare code. "
                                   "Kies een grotere labelsoort."))
    small_pt = min(max(0.5 * tag_pt, MIN_SMALL_PT), MAX_SMALL_PT)
    block = LINE_HEIGHT * (-negative_lines * tag_pt + SMALL_LINES * small_pt) / MM
    return Layout(
        module=module, code_x=code_x, code_y=code_y, text_x=text_x,
        text_y=text_y + max(0.0, (text_height - block) / 2), text_width=text_width,
        tag_lines=-negative_lines, tag_pt=tag_pt, small_pt=small_pt,
    )
