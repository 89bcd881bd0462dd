"""Reading printed output back: PDF pages rendered with pypdfium2, codes decoded with zxing-cpp, drawn shapes' bounds."""
import tomllib
from dataclasses import dataclass
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
import zxingcpp

MM = 72 / 25.4
DPI = 150


@dataclass(frozen=True)
class Box:
    """A rectangle in millimetres from the page's top-left corner."""

    left: float
    top: float
    right: float
    bottom: float

    def contains(self, x: float, y: float) -> bool:
        return self.left <= x <= self.right and self.top <= y <= self.bottom

    def near(self, other: "Box", tolerance: float) -> bool:
        return all(abs(a - b) <= tolerance for a, b in zip(self.edges(), other.edges(), strict=True))

    def edges(self) -> tuple[float, float, float, float]:
        return self.left, self.top, self.right, self.bottom


@dataclass(frozen=True)
class Decoded:
    page: int
    text: str
    centre: tuple[float, float]  # mm from the page's top-left


def expected_spots(path: Path) -> list[Box]:
    """Every label's rectangle on a page, computed straight from the stock file (not through the app's code)."""
    data = tomllib.loads(path.read_text())
    width, height = data["label"]["width"], data["label"]["height"]
    if data["kind"] == "roll":
        return [Box(0, 0, width, height)]
    grid = data["grid"]
    return [
        Box(grid["left"] + c * grid["pitch_x"], grid["top"] + r * grid["pitch_y"],
            grid["left"] + c * grid["pitch_x"] + width, grid["top"] + r * grid["pitch_y"] + height)
        for r in range(grid["rows"]) for c in range(grid["columns"])
    ]


def decode(pdf: bytes, dpi: int = DPI) -> list[Decoded]:
    """Every QR code on every page, rendered at `dpi`."""
    found = []
    document = pdfium.PdfDocument(pdf)
    try:
        for index in range(len(document)):
            page = document[index]
            image = page.render(scale=dpi / 72, grayscale=True).to_pil()
            for result in zxingcpp.read_barcodes(image, formats=zxingcpp.BarcodeFormat.QRCode):
                corners = [result.position.top_left, result.position.top_right,
                           result.position.bottom_right, result.position.bottom_left]
                x = sum(point.x for point in corners) / 4 * 25.4 / dpi
                y = sum(point.y for point in corners) / 4 * 25.4 / dpi
                found.append(Decoded(index, result.text, (x, y)))
            page.close()
    finally:
        document.close()
    return found


def path_boxes(pdf: bytes, page_index: int = 0) -> list[Box]:
    """The bounds of every path drawn straight on the page (not inside a form), in mm from the top-left."""
    document = pdfium.PdfDocument(pdf)
    try:
        page = document[page_index]
        height = page.get_height()
        boxes = []
        for shape in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_PATH], max_depth=1):
            left, bottom, right, top = shape.get_bounds()
            boxes.append(Box(left / MM, (height - top) / MM, right / MM, (height - bottom) / MM))
        page.close()
        return boxes
    finally:
        document.close()


def page_count(pdf: bytes) -> int:
    document = pdfium.PdfDocument(pdf)
    try:
        return len(document)
    finally:
        document.close()


def page_size_mm(pdf: bytes) -> tuple[float, float]:
    document = pdfium.PdfDocument(pdf)
    try:
        width, height = document.get_page_size(0)
        return width / MM, height / MM
    finally:
        document.close()


def page_text(pdf: bytes, page_index: int = 0) -> str:
    document = pdfium.PdfDocument(pdf)
    try:
        page = document[page_index]
        text = page.get_textpage().get_text_range()
        page.close()
        return text
    finally:
        document.close()


def prints_at_actual_size(pdf: bytes) -> bool:
    """Whether the viewer preferences say PrintScaling /None (pdfium answers false for 'do not scale')."""
    document = pdfium.PdfDocument(pdf)
    try:
        return not pdfium_c.FPDF_VIEWERREF_GetPrintScaling(document.raw)
    finally:
        document.close()
