"""Documents of many rows (receipts, certificates): rows of cells laid out first, then paginated and drawn.

Every row knows its height before drawing, so the number of pages is known and each page says
"page n of N". Cells wrap onto further lines when their text is wider than their column; a long
word (a serial number) breaks between characters. Text is in DejaVu Sans (fonts.py), so any name prints.
"""
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from io import BytesIO

from flask_babel import gettext as _
from reportlab.pdfbase.pdfmetrics import stringWidth

from . import look
from .fonts import SANS, SANS_BOLD
from .look import MM

LEADING = 1.25
MARGIN = 15 * MM
GREY = (0.4, 0.4, 0.4)
RULE = (0.75, 0.75, 0.75)


@dataclass(frozen=True)
class Column:
    x: float  # points from the left margin
    width: float


@dataclass
class Row:
    """Cells in columns; `rule` draws a thin line above the row, `keep` holds it on the page of the next row."""

    cells: list[tuple[Column, tuple[str, ...], str]]  # column, lines, font
    size: float = 8
    rule: bool = False
    keep: bool = False
    colour: tuple[float, float, float] = look.INK
    height: float = field(init=False)

    def __post_init__(self) -> None:
        lines = max((len(lines) for _column, lines, _font in self.cells), default=1)
        self.height = lines * LEADING * self.size + (3 if self.rule else 0)


@lru_cache(maxsize=8192)
def wrap(text: str, font: str, size: float, width: float) -> tuple[str, ...]:
    """The text in lines no wider than `width` points: broken at spaces, and inside words that are too long.

    Cached: a certificate repeats the same levels, techniques, names and dates on every row.
    """
    if stringWidth(text, font, size) <= width:
        return (text,)
    lines, line = [], ""
    for word in text.split(" "):
        candidate = f"{line} {word}" if line else word
        if stringWidth(candidate, font, size) <= width:
            line = candidate
            continue
        if line:
            lines.append(line)
        line = ""
        for character in word:
            if line and stringWidth(line + character, font, size) > width:
                lines.append(line)
                line = ""
            line += character
    lines.append(line)
    return tuple(lines)


def row(columns: Sequence[Column], texts: Iterable[str | None], font: str = SANS, size: float = 8,
        fonts: Sequence[str] | None = None, **options) -> Row:
    """A row of these texts in these columns; `fonts` gives each cell its own font."""
    fonts = fonts or [font] * len(columns)
    cells = [
        (column, wrap(text or "", cell_font, size, column.width - 2), cell_font)
        for column, text, cell_font in zip(columns, texts, fonts, strict=True)
    ]
    return Row(cells, size=size, **options)


def gap(points: float) -> Row:
    """Empty room between parts of a document."""
    return Row([], size=points / LEADING)


def columns(widths: Sequence[float], indent: float = 0) -> list[Column]:
    """Columns side by side from `indent`, widths in points."""
    placed, x = [], indent
    for width in widths:
        placed.append(Column(x, width))
        x += width
    return placed


def paginate(rows: Sequence[Row], first_page: float, other_pages: float) -> list[list[Row]]:
    """Rows per page: `first_page` and `other_pages` points of room; a kept row moves with the row after it."""
    pages: list[list[Row]] = [[]]
    room = first_page
    index = 0
    while index < len(rows):
        group_end = index
        while group_end < len(rows) - 1 and rows[group_end].keep:
            group_end += 1
        group = rows[index:group_end + 1]
        needed = sum(item.height for item in group)
        if needed > room and pages[-1]:
            pages.append([])
            room = other_pages
        pages[-1].extend(group)
        room -= needed
        index = group_end + 1
    return pages


@dataclass(frozen=True)
class PageSetup:
    width_mm: float
    height_mm: float
    title: str
    #: draws what every page carries (header line, footer with "page n of N"): (canvas, page number, page count)
    frame: Callable
    #: room the frame takes at the top of every page, in points
    frame_height: float


def render(setup: PageSetup, rows: Sequence[Row]) -> bytes:
    """The document as PDF bytes: the rows over as many pages as they need, every page framed (fonts registered first)."""
    buffer = BytesIO()
    canvas = look.new_canvas(buffer, setup.width_mm, setup.height_mm, setup.title)
    page_height = setup.height_mm * MM
    body = page_height - 2 * MARGIN - setup.frame_height
    pages = paginate(rows, body, body)
    for number, page_rows in enumerate(pages, start=1):
        setup.frame(canvas, number, len(pages))
        _draw_rows(canvas, page_rows, page_height - MARGIN - setup.frame_height, setup.width_mm * MM)
        canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def _draw_rows(canvas, rows: Sequence[Row], top: float, page_width: float) -> None:
    y = top
    for item in rows:
        if item.rule:
            canvas.setStrokeColorRGB(*RULE)
            canvas.setLineWidth(0.4)
            canvas.line(MARGIN, y - 1, page_width - MARGIN, y - 1)
            y -= 3
        canvas.setFillColorRGB(*item.colour)
        for column, lines, font in item.cells:
            canvas.setFont(font, item.size)
            baseline = y - item.size
            for line in lines:
                if line:
                    canvas.drawString(MARGIN + column.x, baseline, line)
                baseline -= LEADING * item.size
        y -= item.height - (3 if item.rule else 0)
    canvas.setFillColorRGB(*look.INK)


def framed(width_mm: float, height_mm: float, heading: str, footer: str) -> Callable:
    """A frame with `heading` at the top of each page and `footer` with "page n of N" at the bottom."""
    def frame(canvas, number: int, count: int) -> None:
        width, height = width_mm * MM, height_mm * MM
        canvas.setFont(SANS_BOLD, 9)
        canvas.drawString(MARGIN, height - MARGIN - 9, heading)
        canvas.setFont(SANS, 7)
        canvas.setFillColorRGB(*GREY)
        canvas.drawString(MARGIN, MARGIN - 10, footer)
        canvas.drawRightString(width - MARGIN, MARGIN - 10, _("Pagina %(number)s van %(count)s", number=number, count=count))
        canvas.setFillColorRGB(*look.INK)

    return frame
