"""Asset labels as PDF: sheets of labels from a position generator, one label per page on rolls, and test sheets.

Plain data in, bytes out. Per label the work is small: the code's rectangles come from a table per
code size (see qr.py), the parts every label shares (the campaign name) are one form XObject drawn
at each position, and the tag and details are a few text operators.
"""
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from io import BytesIO

from flask_babel import gettext as _, lazy_gettext as _l

from . import look
from .errors import PrintError
from .layout import Layout, label_layout, split_tag, tag_shape
from .look import LINE_HEIGHT, MM
from .qr import Symbol, encode_for_label, path_operators
from .stocks import Stock, get_stock


@dataclass(frozen=True)
class LabelData:
    """What one label shows: the code's text (see qr_url), the tag as printed, and optionally kind and model."""

    url_text: str
    tag_display: str
    kind: str | None = None
    model: str | None = None


def qr_url(base_url: str, tag: str) -> str:
    """The URL in a label's code: BASE_URL/D/TAG, all upper case so the code uses alphanumeric mode."""
    return f"{base_url.rstrip('/')}/D/{tag}".upper()


def resolve_stock(stock: Stock | str) -> Stock:
    return get_stock(stock) if isinstance(stock, str) else stock


def selection(labels: Iterable[LabelData]) -> list[LabelData]:
    """The labels as a list; PrintError("empty") if there are none."""
    labels = list(labels)
    if not labels:
        raise PrintError("empty", _l("Er zijn geen labels om af te drukken. Kies minstens één apparaat."))
    return labels


def check_skip(stock: Stock, skip: int) -> None:
    """A start position must lie on the first sheet."""
    if not 0 <= skip < stock.per_sheet:
        raise PrintError("skip", _l(
            "Een vel %(stock)s heeft %(count)s labels. Sla er 0 tot en met %(last)s over."
        ) % {"stock": stock.name, "count": stock.per_sheet, "last": stock.per_sheet - 1})


def label_positions(stock: Stock, count: int, skip: int = 0) -> Iterator[tuple[int, float, float]]:
    """(page, x, y) of each of `count` labels, from the top-left (mm); the first `skip` spots of page 0 are used."""
    check_skip(stock, skip)
    spots = stock.positions()
    page, index = 0, skip
    for _number in range(count):
        if index == len(spots):
            page, index = page + 1, 0
        yield (page, *spots[index])
        index += 1


def _number(value: float) -> str:
    return f"{value:.3f}".rstrip("0").rstrip(".")


class _LabelSheet:
    """Draws labels onto a canvas; the layout and the shared form are made once per code size and tag shape."""

    def __init__(self, stock: Stock, canvas, campaign: str):
        self.stock = stock
        self.canvas = canvas
        self.campaign = campaign
        self.page_height = stock.page_height * MM
        self.forms: dict[Layout, str] = {}

    def form(self, layout: Layout) -> str:
        """The name of the form with what every label of this layout shares: the campaign name."""
        name = self.forms.get(layout)
        if name is None:
            name = self.forms[layout] = f"label{len(self.forms)}"
            canvas = self.canvas
            canvas.beginForm(name, 0, 0, self.stock.label_width * MM, self.stock.label_height * MM)
            campaign_line = layout.baselines()[layout.tag_lines]
            canvas.setFont(look.FONT_BOLD, layout.small_pt)
            text = look.fit(self.campaign, look.FONT_BOLD, layout.small_pt, layout.text_width * MM)
            canvas.drawString(layout.text_x * MM, (self.stock.label_height - campaign_line) * MM, text)
            canvas.endForm()
        return name

    def draw(self, x: float, y: float, label: LabelData, symbol: Symbol) -> None:
        """One label with its top-left corner at (x, y) mm from the page's top-left."""
        layout = label_layout(self.stock, symbol.size, tag_shape(label.tag_display))
        canvas, bottom = self.canvas, self.page_height - (y + self.stock.label_height) * MM
        canvas.addLiteral(f"q 1 0 0 1 {_number(x * MM)} {_number(bottom)} cm")
        canvas.doForm(self.form(layout))
        canvas.addLiteral("Q")
        module = layout.module * MM
        code_left, code_top = (x + layout.code_x) * MM, self.page_height - (y + layout.code_y) * MM
        canvas.addLiteral(
            f"q {_number(module)} 0 0 {_number(-module)} {_number(code_left)} {_number(code_top)} cm\n"
            f"{path_operators(symbol)}\nQ"
        )
        self._text(x, y, layout, label)

    def _text(self, x: float, y: float, layout: Layout, label: LabelData) -> None:
        """The tag's lines, then (under the campaign name in the form) the kind and the model."""
        baselines, left = layout.baselines(), (x + layout.text_x) * MM
        lines = [label.tag_display] if layout.tag_lines == 1 else split_tag(label.tag_display)
        text = self.canvas.beginText(left, self.page_height - (y + baselines[0]) * MM)
        text.setFont(look.FONT_MONO, layout.tag_pt, LINE_HEIGHT * layout.tag_pt)
        for line in lines:
            text.textLine(line)
        if label.kind or label.model:
            text.setFont(look.FONT, layout.small_pt, LINE_HEIGHT * layout.small_pt)
            text.setTextOrigin(left, self.page_height - (y + baselines[-2]) * MM)
            text.textLine(look.fit(label.kind or "", look.FONT, layout.small_pt, layout.text_width * MM))
            if label.model:
                text.textLine(look.fit(label.model, look.FONT, layout.small_pt, layout.text_width * MM))
        self.canvas.drawText(text)


def labels_pdf(stock: Stock | str, labels: Iterable[LabelData], skip: int = 0, campaign: str = look.CAMPAIGN) -> bytes:
    """A PDF with one label per item: sheets filled row by row after `skip` used spots, or one page per label on rolls."""
    stock = resolve_stock(stock)
    labels = selection(labels)
    check_skip(stock, skip)
    symbols = [encode_for_label(label.url_text) for label in labels]
    buffer = BytesIO()
    canvas = look.new_canvas(buffer, stock.page_width, stock.page_height, _("Labels %(stock)s", stock=stock.name))
    sheet = _LabelSheet(stock, canvas, campaign)
    current = 0
    for (page, x, y), label, symbol in zip(label_positions(stock, len(labels), skip), labels, symbols, strict=True):
        if page != current:
            canvas.showPage()
            current = page
        sheet.draw(x, y, label, symbol)
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def _outline(canvas, stock: Stock, x: float, y: float, number: int) -> None:
    """A label's edge (solid), where printing stays (dashed) and its number, at (x, y) mm from the top-left."""
    page_height = stock.page_height * MM
    left, bottom = x * MM, page_height - (y + stock.label_height) * MM
    width, height = stock.label_width * MM, stock.label_height * MM
    canvas.setDash()
    canvas.roundRect(left, bottom, width, height, stock.corner_radius * MM, stroke=1, fill=0)
    canvas.setDash(1, 2)
    canvas.rect(left + stock.inset_x * MM, bottom + stock.inset_y * MM,
                width - 2 * stock.inset_x * MM, height - 2 * stock.inset_y * MM, stroke=1, fill=0)
    canvas.setFont(look.FONT, 7)
    canvas.drawCentredString(left + width / 2, bottom + height / 2 - 2.5, str(number))


def _ruler(canvas, left: float, y: float, length_mm: int) -> None:
    """A line of `length_mm` with a tick every 10 mm (every 5 mm on short rulers), from (left, y) in points."""
    step = 10 if length_mm >= 50 else 5
    canvas.setDash()
    canvas.line(left, y, left + length_mm * MM, y)
    for mm in range(0, length_mm + 1, step):
        canvas.line(left + mm * MM, y, left + mm * MM, y + (2.5 if mm % (2 * step) else 4) * MM)


def _instructions(canvas, stock: Stock) -> None:
    """On a white box in the middle of a sheet: what to check, and a 100 mm ruler to check the scale."""
    from reportlab.lib.utils import simpleSplit

    width, height = 130 * MM, 48 * MM
    left = (stock.page_width * MM - width) / 2
    bottom = (stock.page_height * MM - height) / 2
    canvas.setFillColorRGB(1, 1, 1)
    canvas.setDash()
    canvas.rect(left, bottom, width, height, stroke=1, fill=1)
    canvas.setFillColorRGB(*look.INK)
    canvas.setFont(look.FONT_BOLD, 10)
    canvas.drawString(left + 5 * MM, bottom + height - 8 * MM, _("Testvel %(stock)s", stock=stock.name))
    text = _(
        "Druk dit vel af op 100% (werkelijke grootte), niet 'passend maken'. Leg het op een vel labels en "
        "houd beide tegen het licht: de lijnen vallen op de randen van de labels. Binnen de stippellijn komt de opdruk."
    )
    canvas.setFont(look.FONT, 8)
    y = bottom + height - 14 * MM
    for line in simpleSplit(text, look.FONT, 8, width - 10 * MM):
        canvas.drawString(left + 5 * MM, y, line)
        y -= 10
    _ruler(canvas, left + 15 * MM, bottom + 9 * MM, 100)
    canvas.drawString(left + 15 * MM, bottom + 4 * MM, _("Deze lijn is precies 100 mm lang."))


def _roll_instructions(canvas, stock: Stock) -> None:
    """On a roll's single label: its name and a 20 mm ruler, inside where the printer prints."""
    left, top = (stock.inset_x + 1) * MM, (stock.page_height - stock.inset_y - 1) * MM
    canvas.setFont(look.FONT_BOLD, 7)
    canvas.drawString(left, top - 7, look.fit(stock.name, look.FONT_BOLD, 7, (stock.label_width - 2 * stock.inset_x - 2) * MM))
    canvas.setFont(look.FONT, 6)
    canvas.drawString(left, top - 15, _("Lijn: 20 mm bij 100%"))
    _ruler(canvas, left, top - 24, 20)


def test_sheet_pdf(stock: Stock | str) -> bytes:
    """One page with every label's outline, where printing stays and its number, to check the printer's alignment."""
    stock = resolve_stock(stock)
    buffer = BytesIO()
    canvas = look.new_canvas(buffer, stock.page_width, stock.page_height, _("Testvel %(stock)s", stock=stock.name))
    canvas.setStrokeColorRGB(*look.GUIDE)
    canvas.setLineWidth(look.GUIDE_WIDTH)
    for number, (x, y) in enumerate(stock.positions(), start=1):
        _outline(canvas, stock, x, y, number)
    canvas.setStrokeColorRGB(*look.INK)
    if stock.is_roll:
        _roll_instructions(canvas, stock)
    else:
        _instructions(canvas, stock)
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


test_sheet_pdf.__test__ = False  # a function, not a test, for pytest
