"""The impact card: a 1200×630 picture with counts only, to post with #allemaaldigitaal.

Plain, translated texts in, bytes out. One layout (the lines of text with their place, size and weight,
measured with the shipped DejaVu Sans) is drawn twice: as SVG text and as a PNG drawn by Pillow.
"""
from dataclasses import dataclass
from functools import lru_cache
from io import BytesIO
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

from PIL import Image, ImageDraw, ImageFont

WIDTH, HEIGHT = 1200, 630
MARGIN = 80
BACKGROUND = "#00606e"
INK = "#ffffff"
SOFT_INK = "#e5f1f2"
FONT_DIR = Path(__file__).resolve().parent.parent / "static" / "vendor" / "fonts"
#: DejaVu Sans as `make assets` ships it; the Noto Sans web font (Latin) when it is not there yet
FONT_FILES = (
    ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf"),
    ("noto-sans-latin-400-normal.woff2", "noto-sans-latin-700-normal.woff2"),
)
SVG_FONTS = "'DejaVu Sans', 'Noto Sans', Verdana, sans-serif"
ELLIPSIS = "…"


@dataclass(frozen=True)
class CardText:
    """What the card says, already in the reader's language."""

    number: str
    headline: str
    subline: str
    #: up to three (number, words) pairs, e.g. ("3", "zorgorganisaties")
    facts: tuple[tuple[str, str], ...]
    #: the whole message in one sentence, for screen readers (the SVG's title)
    description: str
    hashtag: str = "#allemaaldigitaal"


@dataclass(frozen=True)
class Line:
    """One line of text; (x, y) is the left end of its baseline."""

    x: int
    y: int
    size: int
    bold: bool
    text: str
    colour: str = INK


@lru_cache
def font_files() -> tuple[Path, Path]:
    """The regular and bold font files the card is measured and drawn with."""
    for regular, bold in FONT_FILES:
        if (FONT_DIR / regular).exists() and (FONT_DIR / bold).exists():
            return FONT_DIR / regular, FONT_DIR / bold
    raise FileNotFoundError(f"no card font in {FONT_DIR}; run `make assets`")


@lru_cache(maxsize=64)
def _font(bold: bool, size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(font_files()[bold]), size)


def _width(text: str, bold: bool, size: int) -> float:
    return _font(bold, size).getlength(text)


def _fit(text: str, bold: bool, size: int, width: int, smallest: int) -> tuple[str, int]:
    """The text at the largest size from size down to smallest that fits, cut short with … when none does."""
    while size > smallest and _width(text, bold, size) > width:
        size -= 2
    while len(text) > 1 and _width(text, bold, size) > width:
        text = text[:-2].rstrip() + ELLIPSIS
    return text, size


def _fitted(text: str, bold: bool, size: int, width: int, smallest: int) -> tuple[int, bool, str]:
    """size, weight and text of a line that fits, in the order Line takes them."""
    fitted, fitted_size = _fit(text, bold, size, width, smallest)
    return fitted_size, bold, fitted


def _wrap(text: str, bold: bool, size: int, width: int, lines: int) -> list[str]:
    """Words on at most this many lines of this width; the last line cut short when they do not fit."""
    words, result = text.split(), []
    while words and len(result) < lines:
        line = words.pop(0)
        while words and _width(f"{line} {words[0]}", bold, size) <= width:
            line = f"{line} {words.pop(0)}"
        result.append(line)
    if words:
        result[-1] = _fit(f"{result[-1]} {' '.join(words)}", bold, size, width, size)[0]
    return [_fit(line, bold, size, width, size)[0] for line in result]


def layout(card: CardText) -> list[Line]:
    """Every line of the card in its place."""
    inner = WIDTH - 2 * MARGIN
    lines = [Line(MARGIN, 110, *_fitted(card.hashtag, True, 44, inner, 28), SOFT_INK)]
    number, number_size = _fit(card.number, True, 180, inner // 2, 96)
    lines.append(Line(MARGIN, 320, number_size, True, number))
    left = MARGIN + int(_width(number, True, number_size)) + 40
    for row, text in enumerate(_wrap(card.headline, True, 44, WIDTH - MARGIN - left, 3)):
        lines.append(Line(left, 220 + 52 * row, 44, True, text))
    lines.append(Line(MARGIN, 400, *_fitted(card.subline, False, 34, inner, 22), SOFT_INK))
    column = inner // 3
    for index, (figure, words) in enumerate(card.facts[:3]):
        x = MARGIN + index * column
        lines.append(Line(x, 510, *_fitted(figure, True, 64, column - 24, 32)))
        lines.append(Line(x, 556, *_fitted(words, False, 28, column - 24, 18), SOFT_INK))
    return lines


def card_svg(card: CardText) -> bytes:
    """The card as SVG text (UTF-8)."""
    texts = "".join(
        f'<text x="{line.x}" y="{line.y}" font-size="{line.size}" font-weight="{"bold" if line.bold else "normal"}" '
        f'fill="{line.colour}">{escape(line.text)}</text>'
        for line in layout(card)
    )
    svg = (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{HEIGHT}" viewBox="0 0 {WIDTH} {HEIGHT}" '
        f'role="img" aria-labelledby="title"><title id="title">{escape(card.description)}</title>'
        f'<rect width="{WIDTH}" height="{HEIGHT}" fill="{BACKGROUND}"/>'
        f'<g font-family={quoteattr(SVG_FONTS)}>{texts}</g></svg>'
    )
    return ('<?xml version="1.0" encoding="UTF-8"?>\n' + svg).encode()


def card_png(card: CardText) -> bytes:
    """The same card drawn as a PNG."""
    image = Image.new("RGB", (WIDTH, HEIGHT), BACKGROUND)
    draw = ImageDraw.Draw(image)
    for line in layout(card):
        draw.text((line.x, line.y), line.text, font=_font(line.bold, line.size), fill=line.colour, anchor="ls")
    buffer = BytesIO()
    image.save(buffer, "PNG", optimize=True)
    return buffer.getvalue()
