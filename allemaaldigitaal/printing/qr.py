"""QR codes for labels: the symbol, made fast, and its dark modules as filled rectangles.

A label's URL is upper case, so the fast path writes QR alphanumeric mode directly: a symbol is one
XOR per data codeword from tables made once per version and level (qr_tables.py), and the eight
masks are scored bit-parallel on the whole symbol packed into one integer (row r, column c is bit
r·(n+1)+c; the spare bit per row keeps rows apart). Other text goes through the qrcode library.
"""
import re
from dataclasses import dataclass
from functools import cache

import qrcode
from qrcode.constants import ERROR_CORRECT_M, ERROR_CORRECT_Q

from .qr_tables import capacity_bits, codeword_table, format_bits, version_layout

ALPHANUMERIC = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:"
LEVELS = {"M": ERROR_CORRECT_M, "Q": ERROR_CORRECT_Q}
#: the fast path covers versions 1-9 (up to 53 × 53 modules), where the count field is 9 bits
FAST_VERSIONS = range(1, 10)
_VALUES = {character: value for value, character in enumerate(ALPHANUMERIC)}
_ALPHANUMERIC_TEXT = re.compile(f"[{re.escape(ALPHANUMERIC)}]*")


@dataclass(frozen=True)
class Symbol:
    """A QR symbol without quiet zone, packed: module (row, column) is bit row·(size+1)+column; 1 is dark."""

    size: int
    packed: int
    version: int
    level: str
    mask: int

    @property
    def stride(self) -> int:
        return self.size + 1

    @property
    def rows(self) -> tuple[int, ...]:
        """Per row an integer whose bit c is the module in column c."""
        row_bits = (1 << self.size) - 1
        return tuple(self.packed >> (r * self.stride) & row_bits for r in range(self.size))

    def is_dark(self, row: int, column: int) -> bool:
        return bool(self.packed >> (row * self.stride + column) & 1)


# --- encoding --------------------------------------------------------------------------------------

def _alphanumeric_bits(length: int) -> int:
    return 4 + 9 + 11 * (length // 2) + 6 * (length % 2)


def _fast_versions(text: str) -> dict[str, int | None] | None:
    """Per level the smallest version that holds the text on the fast path; None if the text is not alphanumeric."""
    if not _ALPHANUMERIC_TEXT.fullmatch(text):
        return None
    needed = _alphanumeric_bits(len(text))
    return {
        name: next((v for v in FAST_VERSIONS if capacity_bits(v, level) >= needed), None)
        for name, level in LEVELS.items()
    }


def fast_version(text: str, level: str) -> int | None:
    """The smallest version that holds the text in alphanumeric mode on the fast path, or None."""
    versions = _fast_versions(text)
    return versions and versions[level]


def _data_codewords(text: str, version: int, level: int) -> bytes:
    bits, length = 0b0010, 4
    bits, length = bits << 9 | len(text), length + 9
    for i in range(0, len(text) - 1, 2):
        bits, length = bits << 11 | _VALUES[text[i]] * 45 + _VALUES[text[i + 1]], length + 11
    if len(text) % 2:
        bits, length = bits << 6 | _VALUES[text[-1]], length + 6
    capacity = capacity_bits(version, level)
    terminator = min(4, capacity - length)
    bits, length = bits << terminator, length + terminator
    bits, length = bits << (-length % 8), length + (-length % 8)
    for i in range((capacity - length) // 8):
        bits = bits << 8 | (0xEC, 0x11)[i % 2]
    return bits.to_bytes(capacity // 8, "big")


def penalty(dark: int, size: int, stride: int, valid: int) -> int:
    """The ISO/IEC 18004 mask penalty (rules 1 to 4) of a packed symbol, as the qrcode library counts it."""
    light = valid & ~dark
    score = 0
    for step in (1, stride):
        two_dark, two_light = dark & dark >> step, light & light >> step
        four_dark, four_light = two_dark & two_dark >> 2 * step, two_light & two_light >> 2 * step
        # rule 1: a run of k >= 5 equal modules costs k - 2: one per window of five, plus two per run
        fives = four_dark & dark >> 4 * step | four_light & light >> 4 * step
        score += fives.bit_count() + 2 * (fives & ~(fives << step)).bit_count()
        # rule 3: dark-light-dark×3-light-dark with four light modules before or after
        core = dark & light >> step & (two_dark & dark >> 2 * step) >> 2 * step & light >> 5 * step & dark >> 6 * step
        score += 40 * ((core & four_light >> 7 * step).bit_count() + (four_light & core >> 4 * step).bit_count())
        if step == 1:  # rule 2: each 2 × 2 block of one colour
            score += 3 * (two_dark & two_dark >> stride | two_light & two_light >> stride).bit_count()
    share = float(dark.bit_count()) / (size * size)  # rule 4: how far dark strays from half
    return score + int(abs(share * 100 - 50) / 5) * 10


def _fast_symbol(text: str, version: int, level_name: str, mask: int | None) -> Symbol:
    level = LEVELS[level_name]
    layout = version_layout(version)
    table = codeword_table(version, level)
    unmasked = 0
    for position, value in enumerate(_data_codewords(text, version, level)):
        unmasked ^= table[position][value]
    base = layout.function | layout.version_bits

    def masked(pattern: int) -> int:
        return base | format_bits(version, level, pattern) | (unmasked ^ layout.masks[pattern])

    if mask is None:
        mask = min(range(8), key=lambda p: penalty(masked(p), layout.size, layout.stride, layout.valid))
    return Symbol(size=layout.size, packed=masked(mask), version=version, level=level_name, mask=mask)


def _library_symbol(text: str, level_name: str, mask: int | None) -> Symbol:
    code = qrcode.QRCode(error_correction=LEVELS[level_name], border=0, mask_pattern=mask)
    code.add_data(text)
    code.make(fit=True)
    matrix = code.get_matrix()
    stride = len(matrix) + 1
    packed = sum(1 << (r * stride + c) for r, row in enumerate(matrix) for c, dark in enumerate(row) if dark)
    return Symbol(size=len(matrix), packed=packed, version=code.version, level=level_name, mask=code.mask_pattern)


def encode(text: str, level: str = "M", mask: int | None = None) -> Symbol:
    """The smallest symbol for the text at this level ("M" or "Q"); the best mask unless one is given."""
    version = fast_version(text, level)
    if version is None:
        return _library_symbol(text, level, mask)
    return _fast_symbol(text, version, level, mask)


def label_level(text: str) -> str:
    """Q where it fits in a symbol no larger than M needs, else M."""
    versions = _fast_versions(text)
    if versions is None or versions["M"] is None:
        same = _library_symbol(text, "Q", 0).size == _library_symbol(text, "M", 0).size
        return "Q" if same else "M"
    return "Q" if versions["Q"] == versions["M"] else "M"


def encode_for_label(text: str) -> Symbol:
    """The symbol a label carries: level Q when that costs no extra modules, else M."""
    versions = _fast_versions(text)
    if versions is None or versions["M"] is None:
        return encode(text, label_level(text))
    level = "Q" if versions["Q"] == versions["M"] else "M"
    return _fast_symbol(text, versions[level], level, None)


# --- drawing ---------------------------------------------------------------------------------------

def dark_runs(symbol: Symbol) -> list[tuple[int, int, int]]:
    """Each row's runs of dark modules as (column, row, length)."""
    runs = []
    for y, row in enumerate(symbol.rows):
        while row:
            lowest = row & -row
            carried = row + lowest
            start, end = lowest.bit_length() - 1, (carried & -carried).bit_length() - 1
            runs.append((start, y, end - start))
            row &= carried
    return runs


def _rectangle(position: int, length: int, stride: int) -> str:
    return f"{position % stride} {position // stride} {length} 1 re"


@cache
def _byte_parts(size: int) -> tuple[tuple[tuple[int, str, str, int], ...], ...]:
    """Per byte of the packed symbol, per value: (where the run from bit 0 ends, its rectangle if it ends in this
    byte, the rectangles of the runs that touch neither end, where the run reaching bit 7 starts or -1).

    Positions are bit indexes in the packed symbol.
    """
    stride = size + 1
    table = []
    for index in range((size * stride + 7) // 8):
        base = index * 8
        parts = [(base, "", "", -1)]
        for value in range(1, 256):
            runs, bit = [], 0
            while bit < 8:
                if value >> bit & 1:
                    start = bit
                    while bit < 8 and value >> bit & 1:
                        bit += 1
                    runs.append((start, bit))
                bit += 1
            head = runs[0][1] if runs[0][0] == 0 else 0
            tail = base + runs[-1][0] if runs[-1][1] == 8 else -1
            inner = [run for run in runs if run[0] != 0 and run[1] != 8]
            body = "\n".join(_rectangle(base + start, end - start, stride) for start, end in inner)
            head_rectangle = _rectangle(base, head, stride) if 0 < head < 8 else ""
            parts.append((base + head, head_rectangle, body, tail))
        table.append(tuple(parts))
    return tuple(table)


def path_operators(symbol: Symbol) -> str:
    """PDF operators filling the dark modules, one rectangle per run, in module units with the y axis pointing down.

    Bytes of the packed symbol are looked up in a table; only runs that cross from one byte into the
    next are measured one by one.
    """
    table, stride = _byte_parts(symbol.size), symbol.stride
    operators = []
    append = operators.append
    open_at = -1  # where a run that reached the end of the previous byte started
    for parts, value in zip(table, symbol.packed.to_bytes(len(table), "little"), strict=True):
        head_end, head_rectangle, body, tail = parts[value]
        if open_at >= 0:
            if value == 0xFF:
                continue
            append(f"{open_at % stride} {open_at // stride} {head_end - open_at} 1 re")
            open_at = -1
        elif head_rectangle:
            append(head_rectangle)
        if body:
            append(body)
        if tail >= 0:
            open_at = tail
    append("f")
    return "\n".join(operators)
