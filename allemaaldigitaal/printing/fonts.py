"""DejaVu Sans, a Unicode TrueType font embedded in documents about people and organisations (receipts, certificates).

Labels keep the PDF standard fonts (see look.py): they show only tags and models. A receipt or a
certificate shows names such as Łukasz Wiśniewski or Ağaoğlu, which the standard fonts cannot. The
font files come from npm (`dejavu-fonts-ttf`), copied by `make assets` into static/vendor/fonts;
FONT_DIR finds them relative to this package, or a caller passes another folder.
"""
from pathlib import Path

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

FONT_DIR = Path(__file__).resolve().parent.parent / "static" / "vendor" / "fonts"
SANS = "DejaVuSans"
SANS_BOLD = "DejaVuSans-Bold"
MONO_BOLD = "DejaVuSansMono-Bold"
FILES = {SANS: "DejaVuSans.ttf", SANS_BOLD: "DejaVuSans-Bold.ttf", MONO_BOLD: "DejaVuSansMono-Bold.ttf"}


class FontMissing(RuntimeError):
    """The font files are not there: run `make assets`."""


def register_fonts(font_dir: Path | str | None = None) -> None:
    """Registers DejaVu Sans (regular, bold) and DejaVu Sans Mono Bold with reportlab, once per process."""
    folder = Path(font_dir) if font_dir else FONT_DIR
    registered = set(pdfmetrics.getRegisteredFontNames())
    for name, file in FILES.items():
        if name in registered:
            continue
        path = folder / file
        if not path.is_file():
            raise FontMissing(f"{path} is missing: run `make assets` to copy the DejaVu fonts from npm.")
        pdfmetrics.registerFont(TTFont(name, str(path)))
