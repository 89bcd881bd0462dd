"""The shared look of everything printed: fonts, ink, units and a canvas that prints at actual size.

The PDF standard fonts need no embedding and print on every printer; text they cannot show is
spelled with its nearest Latin letters (printable) rather than as boxes.
"""
import unicodedata
from functools import lru_cache
from io import BytesIO

from reportlab import rl_config
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas

# binary compressed streams: ASCII85 only makes PDFs a quarter larger and slower to write
rl_config.useA85 = 0

#: points per millimetre
MM = 72 / 25.4
CAMPAIGN = "allemaaldigitaal"
FONT = "Helvetica"
FONT_BOLD = "Helvetica-Bold"
#: the tag: monospaced, bold, so every character has the same width and survives a thermal print
FONT_MONO = "Courier-Bold"
#: Courier's glyphs are 600/1000 em wide
MONO_ADVANCE = 0.6
INK = (0, 0, 0)
#: lines that show where labels are, on a test sheet
GUIDE = (0.35, 0.35, 0.35)
GUIDE_WIDTH = 0.25
LINE_HEIGHT = 1.15
_ENCODING = "cp1252"  # what the standard fonts can show


def printable(text: str) -> str:
    """The text with characters the standard fonts cannot show replaced by their base letter, or '?'."""
    try:
        text.encode(_ENCODING)
        return text
    except UnicodeEncodeError:
        pass
    characters = []
    for character in text:
        try:
            character.encode(_ENCODING)
            characters.append(character)
        except UnicodeEncodeError:
            base = unicodedata.normalize("NFKD", character).encode("ascii", "ignore").decode()
            characters.append(base or _LETTERS.get(character, "?"))
    return "".join(characters)


_LETTERS = {"ł": "l", "Ł": "L", "đ": "d", "Đ": "D", "ı": "i", "ħ": "h", "Ħ": "H"}


@lru_cache(maxsize=4096)
def fit(text: str, font: str, size: float, width: float) -> str:
    """The text, shortened with an ellipsis if it is wider than `width` points."""
    text = printable(text)
    if stringWidth(text, font, size) <= width:
        return text
    while text and stringWidth(text + "…", font, size) > width:
        text = text[:-1]
    return text.rstrip() + "…" if text else ""


def new_canvas(buffer: BytesIO, width_mm: float, height_mm: float, title: str) -> Canvas:
    """A canvas for one document: compressed, reproducible, and asking the viewer to print at 100%."""
    canvas = Canvas(buffer, pagesize=(width_mm * MM, height_mm * MM), pageCompression=1, invariant=1)
    canvas.setTitle(title)
    canvas.setAuthor(CAMPAIGN)
    canvas.setCreator(CAMPAIGN)
    canvas.setViewerPreference("PrintScaling", "None")
    canvas.setFillColorRGB(*INK)
    return canvas
