"""A picture of the first sheet (or label) as it will print: the real PDF page, with the label edges drawn on it.

Spots already used (the skip) are grey. Shown in the page as an image, so no PDF viewer, plugin or frame
is needed (and the strict CSP stays as it is). PDFium may not run in two threads at once: one lock.
"""
import math
import threading
from io import BytesIO

import pypdfium2 as pdfium
from PIL import Image, ImageDraw

from allemaaldigitaal.printing import LabelData, Stock, labels_pdf
from allemaaldigitaal.printing.look import MM

#: pixels on the longest side of the picture
LONG_SIDE = 900
#: grey levels of the label edges and of the spots already used
EDGE = 150
USED = 215
_pdfium = threading.Lock()


def first_page_labels(stock: Stock, labels: list[LabelData], skip: int) -> list[LabelData]:
    """The labels that land on the first page."""
    return labels[: stock.per_sheet - skip]


def preview_png(stock: Stock, labels: list[LabelData], skip: int) -> bytes:
    """The first page of the labels as a PNG, with every label's edge and the used spots grey."""
    scale = _scale(stock)
    first = first_page_labels(stock, labels, skip)
    image = _render(labels_pdf(stock, first, skip=skip), scale) if first else _blank(stock)
    _draw_spots(image, stock, skip, scale * MM)
    buffer = BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()


def preview_size(stock: Stock) -> tuple[int, int]:
    """(width, height) of the picture in pixels, for the page's <img>; rounded up, as PDFium does."""
    scale = _scale(stock)
    return math.ceil(stock.page_width * MM * scale), math.ceil(stock.page_height * MM * scale)


def _scale(stock: Stock) -> float:
    """Pixels per point; half a pixel short of LONG_SIDE, so rounding up (as PDFium does) gives LONG_SIDE."""
    return (LONG_SIDE - 0.5) / (max(stock.page_width, stock.page_height) * MM)


def _render(pdf: bytes, scale: float) -> Image.Image:
    with _pdfium:
        document = pdfium.PdfDocument(pdf)
        try:
            page = document[0]
            image = page.render(scale=scale, grayscale=True).to_pil().convert("L")
            page.close()
        finally:
            document.close()
    return image


def _blank(stock: Stock) -> Image.Image:
    return Image.new("L", preview_size(stock), 255)


def _draw_spots(image: Image.Image, stock: Stock, skip: int, pixels_per_mm: float) -> None:
    draw = ImageDraw.Draw(image)
    radius = stock.corner_radius * pixels_per_mm
    width = max(1, round(pixels_per_mm * 0.3))
    for number, (x, y) in enumerate(stock.positions()):
        box = [x * pixels_per_mm, y * pixels_per_mm,
               (x + stock.label_width) * pixels_per_mm, (y + stock.label_height) * pixels_per_mm]
        draw.rounded_rectangle(box, radius=radius, outline=EDGE, width=width,
                               fill=USED if number < skip else None)
