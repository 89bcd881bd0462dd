"""The spreadsheet corpus: small text files in files/, and every other form (encodings, XLSX, big, binary) built here."""
import io
from pathlib import Path

from openpyxl import Workbook

FILES = Path(__file__).parent / "files"
HEADERS_NL = ["soort", "merk", "model", "serienummer"]


def text_file(name: str) -> bytes:
    return (FILES / name).read_bytes()


def csv_bytes(rows: list[list[str]], delimiter: str = ";", encoding: str = "utf-8", bom: bool = False) -> bytes:
    text = "\r\n".join(delimiter.join(row) for row in rows) + "\r\n"
    return (b"\xef\xbb\xbf" if bom else b"") + text.encode(encoding)


def xlsx_bytes(sheets: dict[str, list[list]], merge: str | None = None) -> bytes:
    book = Workbook()
    book.remove(book.active)
    for title, rows in sheets.items():
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(row)
        if merge:
            sheet.merge_cells(merge)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def many_rows(count: int, prefix: str = "BULK") -> list[list[str]]:
    return [HEADERS_NL] + [["laptop", "Lenovo", "ThinkPad T480", f"{prefix}-{number:06d}"] for number in range(count)]


#: Dutch words with ë, é and ü, as Windows-1252 and UTF-8 both write them
ACCENTED = [HEADERS_NL, ["laptop", "Acer", "Aspire één", "ACC-1"], ["tablet", "Müller", "Café-tab", "ACC-2"]]


def good_files(prefix: str) -> dict[str, tuple[bytes, int]]:
    """name → (file, number of devices in it); every accepted form, serials unique per prefix."""
    def rows(tag):
        return [HEADERS_NL, ["laptop", "Acer", "Aspire één", f"{prefix}-{tag}-1"],
                ["tablet", "Müller", "Café-tab", f"{prefix}-{tag}-2"]]
    return {
        "utf8-semicolon.csv": (csv_bytes(rows("a"), ";"), 2),
        "utf8-comma.csv": (csv_bytes(rows("b"), ","), 2),
        "utf8-bom-semicolon.csv": (csv_bytes(rows("c"), ";", bom=True), 2),
        "utf8-bom-comma.csv": (csv_bytes(rows("d"), ",", bom=True), 2),
        "cp1252-semicolon.csv": (csv_bytes(rows("e"), ";", "cp1252"), 2),
        "cp1252-comma.csv": (csv_bytes(rows("f"), ",", "cp1252"), 2),
        "english.csv": (
            csv_bytes([["Kind", "BRAND", "  model ", "Serial_Number"], ["Tablet", "Apple", "iPad", f"{prefix}-g-1"]], ","), 1,
        ),
        "plain.xlsx": (xlsx_bytes({"Apparaten": rows("h")}), 2),
        "numbers.xlsx": (xlsx_bytes({"Devices": [
            ["Kind", "Serial", "RAM (GB)", "Storage (GB)", "Charger included"],
            ["laptop", f"{prefix}-i-1", 8, 256.0, True],
        ]}), 1),
    }


def bad_files() -> dict[str, bytes]:
    """name → a file that is refused as a whole (nothing saved)."""
    return {
        "empty.csv": b"",
        "only-spaces.csv": b"  \r\n\r\n",
        "only-headers.csv": csv_bytes([HEADERS_NL]),
        "binary.csv": bytes(range(256)) * 4,
        "png-named.csv": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(64),
        "utf16.csv": "soort;serienummer\r\nlaptop;X-1\r\n".encode("utf-16"),
        "unknown-column.csv": text_file("unknown_column.csv"),
        "no-serial-column.csv": csv_bytes([["soort", "merk"], ["laptop", "HP"]]),
        "same-column-twice.csv": csv_bytes([["soort", "serienummer", "serial"], ["laptop", "A", "B"]]),
        "bad-quotes.csv": b'soort;serienummer\r\nlaptop;"Q-1\r\nlaptop;Q-2\r\n',
        "damaged.xlsx": b"PK\x03\x04" + bytes(100),
        "several-sheets.xlsx": xlsx_bytes({"Laptops": [HEADERS_NL, ["laptop", "HP", "X", "S-1"]],
                                           "Tablets": [HEADERS_NL, ["tablet", "Apple", "iPad", "S-2"]]}),
        "merged-cells.xlsx": xlsx_bytes({"Apparaten": [HEADERS_NL, ["laptop", "HP", "", "M-1"]]}, merge="B2:C2"),
        "too-many-rows.csv": csv_bytes(many_rows(10_001, "MANY")),
        "too-big.csv": b"soort;serienummer\r\n" + b"laptop;" + b"x" * (5 * 1024 * 1024) + b"\r\n",
    }
