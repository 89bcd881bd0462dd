"""A fast, streaming reader of the cells of an XLSX workbook: zipfile and xml.etree, no styles, nothing evaluated.

Each worksheet (in the workbook's order) is an iterator of (row number, {column number: value}) with the
numbers as the spreadsheet shows them, so skipped empty rows and cells keep their place. A value is text
(shared or inline strings, errors such as `#N/A`, dates as written), an int or float, a bool, or for a formula
its text with `=` in front (never its result). What the file means is up to the caller.
"""
import io
import posixpath
import zipfile
from collections.abc import Iterator
from xml.etree.ElementTree import iterparse
from xml.parsers import expat

#: the most a part of the workbook may unpack to: a 5 MB file of 10,000 rows unpacks to far less
MAX_UNPACKED = 100 * 1024 * 1024
CHUNK = 256 * 1024
RELATIONSHIPS = "{http://schemas.openxmlformats.org/package/2006/relationships}Relationship"
RELATION_ID = ("{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id",
               "{http://purl.oclc.org/ooxml/officeDocument/relationships}id")

Row = tuple[int, dict[int, object]]


class WorkbookError(Exception):
    """The workbook cannot be used; `reason` is `damaged`, `merged` (merged cells) or `unpacked` (unpacks too big)."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


def worksheets(data: bytes) -> Iterator[Iterator[Row]]:
    """The worksheets of the workbook in `data`, each as its rows; WorkbookError when it cannot be read."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        paths = _sheet_paths(archive)
        strings = _shared_strings(archive)
    except WorkbookError:
        raise
    except Exception as error:  # any damaged or foreign zip file
        raise WorkbookError("damaged") from error
    for path in paths:
        yield _guarded(_sheet_rows(archive, path, strings))


def _guarded(rows: Iterator[Row]) -> Iterator[Row]:
    try:
        yield from rows
    except WorkbookError:
        raise
    except Exception as error:  # broken XML, a string index out of range, a bad number: all one plain refusal
        raise WorkbookError("damaged") from error


_LOCAL_NAMES: dict[str, str] = {}


def _local(tag: str) -> str:
    """A tag without its namespace (the transitional and the strict one both occur)."""
    name = _LOCAL_NAMES.get(tag)
    if name is None:
        name = _LOCAL_NAMES[tag] = tag.rpartition("}")[2]
    return name


def _open(archive: zipfile.ZipFile, path: str):
    if archive.getinfo(path).file_size > MAX_UNPACKED:
        raise WorkbookError("unpacked")
    return archive.open(path)


def _relations(archive: zipfile.ZipFile, part: str) -> dict[str, tuple[str, str]]:
    """id → (type, path in the archive) of the relationships of a part."""
    folder, name = posixpath.split(part)
    rels = posixpath.join(folder, "_rels", name + ".rels")
    if rels not in archive.NameToInfo:
        return {}
    found = {}
    for _, element in iterparse(_open(archive, rels)):
        if element.tag == RELATIONSHIPS and element.get("TargetMode") != "External":
            target = element.get("Target", "")
            path = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join(folder, target))
            found[element.get("Id")] = (element.get("Type", "").rpartition("/")[2], path)
    return found


def _workbook_path(archive: zipfile.ZipFile) -> str:
    for kind, path in _relations(archive, "").values():
        if kind == "officeDocument":
            return path
    return "xl/workbook.xml"


def _sheet_paths(archive: zipfile.ZipFile) -> list[str]:
    """The paths of the worksheets (not chart sheets) in the order of the workbook."""
    workbook = _workbook_path(archive)
    relations = _relations(archive, workbook)
    paths = []
    for _, element in iterparse(_open(archive, workbook)):
        if _local(element.tag) == "sheet":
            key = next((element.get(name) for name in RELATION_ID if element.get(name)), None)
            kind, path = relations.get(key, ("", ""))
            if kind == "worksheet":
                paths.append(path)
    return paths


def _shared_strings(archive: zipfile.ZipFile) -> list[str]:
    path = next((path for kind, path in _relations(archive, _workbook_path(archive)).values() if kind == "sharedStrings"), None)
    if path is None or path not in archive.NameToInfo:
        return []
    handler = _Handler([], _Formulas(), shared_strings=True)
    for _ in handler.parse(archive, path):
        pass
    return handler.strings


_COLUMNS: dict[str, int] = {}


def column_number(reference: str) -> int:
    """`A1` → 1, `AB7` → 28."""
    letters = reference.rstrip("0123456789")
    number = _COLUMNS.get(letters)
    if number is None:
        number = 0
        for letter in letters.upper():
            number = number * 26 + ord(letter) - 64
        if not (letters.isascii() and letters.isalpha()) or not 0 < number <= 16384:
            raise ValueError(reference)
        _COLUMNS[letters] = number
    return number


def _number(text: str):
    return float(text) if "." in text or "e" in text or "E" in text else int(text)


class _Formulas:
    """The shared formulas of a sheet, so that a cell that only points at one gets its own text."""

    def __init__(self):
        self.shared = {}

    def text(self, formula: str, attributes: dict[str, str], reference: str | None) -> str:
        text = "=" + formula
        if attributes.get("t") != "shared":
            return text
        index = attributes.get("si")
        if text != "=" and index not in self.shared:
            from openpyxl.formula.translate import Translator  # rare: only for a formula copied over cells

            self.shared[index] = Translator(text, reference or "A1")
        elif index in self.shared and reference:
            return self.shared[index].translate_formula(reference)
        return text


def _typed(kind: str, value: str, strings: list[str]):
    if kind == "n":
        return _number(value)
    if kind == "s":
        return strings[int(value)]
    if kind == "b":
        return value.strip() in ("1", "true")
    return value  # str (a formula's cached text), e (an error such as #N/A), d (a date as written)


class _Handler:
    """Expat callbacks that collect whole rows (or, for the shared strings, each string item) and nothing else."""

    def __init__(self, strings: list[str], formulas: _Formulas, shared_strings: bool = False):
        self.strings, self.formulas, self.shared_strings = strings, formulas, shared_strings
        self.rows: list[Row] = []
        self.cells: dict[int, object] = {}
        self.number = self.column = self.phonetic = 0
        self.kind, self.reference, self.formula = "n", None, None
        self.value: str | None = None
        self.parts: list[str] | None = None  # the `t`s of a string item being read
        self.text: list[str] | None = None  # the characters of the `v`, `f` or `t` being read

    def parse(self, archive: zipfile.ZipFile, path: str) -> Iterator[Row]:
        parser = expat.ParserCreate(namespace_separator="}")
        parser.buffer_text = True
        parser.StartElementHandler, parser.EndElementHandler = self.start, self.end
        parser.CharacterDataHandler = self.characters
        with _open(archive, path) as stream:
            while chunk := stream.read(CHUNK):
                parser.Parse(chunk, False)
                yield from self.rows
                self.rows.clear()
        parser.Parse(b"", True)

    def characters(self, data: str) -> None:
        if self.text is not None:
            self.text.append(data)

    def start(self, tag: str, attributes: dict[str, str]) -> None:
        name = _LOCAL_NAMES.get(tag) or _local(tag)
        if name == "c":
            self.reference = attributes.get("r")
            self.column = column_number(self.reference) if self.reference else self.column + 1
            self.kind, self.value, self.parts, self.formula = attributes.get("t", "n"), None, None, None
        elif name in ("v", "f") or (name == "t" and self.parts is not None and not self.phonetic):
            self.text = []
            if name == "f":
                self.formula = attributes
        elif name in ("is", "si"):
            self.parts = []
        elif name == "rPh":
            self.phonetic += 1
        elif name == "row":
            reference = attributes.get("r")
            self.number, self.column, self.cells = int(reference) if reference else self.number + 1, 0, {}
        elif name == "mergeCell":
            raise WorkbookError("merged")

    def end(self, tag: str) -> None:
        name = _LOCAL_NAMES.get(tag) or _local(tag)
        if self.text is not None and name in ("v", "f", "t"):
            text, self.text = "".join(self.text), None
            if name == "t":
                self.parts.append(text)
            elif name == "v":
                self.value = text
            else:
                self.formula = self.formulas.text(text, self.formula, self.reference)
        elif name == "c":
            value = self._cell_value()
            if value is not None:
                self.cells[self.column] = value
        elif name == "row":
            if self.cells:
                self.rows.append((self.number, self.cells))
        elif name == "si" and self.shared_strings:
            self.strings.append("".join(self.parts))
            self.parts = None
        elif name == "rPh":
            self.phonetic -= 1

    def _cell_value(self):
        if isinstance(self.formula, str):
            return self.formula
        if self.parts is not None:
            return "".join(self.parts)
        if self.value is None:
            return None
        return _typed(self.kind, self.value, self.strings)


def _sheet_rows(archive: zipfile.ZipFile, path: str, strings: list[str]) -> Iterator[Row]:
    """The rows that have a value, read a chunk at a time."""
    return _Handler(strings, _Formulas()).parse(archive, path)
