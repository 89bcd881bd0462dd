"""What the fast QR encoder computes once per version and level: the function patterns, the order data
modules are filled in, the masks, the format information, and the codeword tables.

Everything from the data codewords to the placed, unmasked modules is linear over GF(2) (Reed-Solomon,
interleaving, placement), so the modules of a whole symbol are the XOR of one table entry per data
codeword: codeword position × byte value → the modules it sets, its share of error correction included.
Modules are packed into one integer: row r, column c is bit r·(size+1)+c.
"""
from dataclasses import dataclass
from functools import cache

from qrcode.base import rs_blocks
from qrcode.util import BCH_type_info, BCH_type_number, pattern_position

# --- Galois field GF(256) and Reed-Solomon, only for building the tables -----------------------------

_EXP = [0] * 512
_LOG = [0] * 256
_value = 1
for _power in range(255):
    _EXP[_power] = _EXP[_power + 255] = _value
    _LOG[_value] = _power
    _value <<= 1
    if _value & 0x100:
        _value ^= 0x11D


def _multiply(a: int, b: int) -> int:
    return _EXP[_LOG[a] + _LOG[b]] if a and b else 0


@cache
def _generator(degree: int) -> tuple[int, ...]:
    """The generator polynomial (x - α^0)…(x - α^(degree-1)), highest power first."""
    polynomial = [1]
    for power in range(degree):
        polynomial = [*polynomial, 0]
        for i in range(len(polynomial) - 1, 0, -1):
            polynomial[i] ^= _multiply(polynomial[i - 1], _EXP[power])
    return tuple(polynomial)


def _error_correction(data: list[int], degree: int) -> list[int]:
    """The remainder of data(x)·x^degree divided by the generator."""
    generator = _generator(degree)
    remainder = [*data, *([0] * degree)]
    for i in range(len(data)):
        factor = remainder[i]
        if factor:
            for j in range(1, degree + 1):
                remainder[i + j] ^= _multiply(generator[j], factor)
    return remainder[len(data):]


# --- the layout of one version ----------------------------------------------------------------------

@dataclass(frozen=True)
class VersionLayout:
    size: int
    stride: int
    valid: int  # every module of the symbol
    function: int  # dark modules of finder, timing and alignment patterns and the dark module
    data_area: int  # modules that carry data or remainder bits
    order: tuple[int, ...]  # bit index of each data module, in placement order
    masks: tuple[int, ...]  # per mask pattern: the data modules it flips
    version_bits: int  # dark modules of the version information (versions 7 and up)


def _finder_and_timing(size: int, version: int) -> dict[tuple[int, int], bool]:
    """Function modules (finders with separators, timing, alignment), dark or light."""
    fixed: dict[tuple[int, int], bool] = {}
    for top, left in ((0, 0), (size - 7, 0), (0, size - 7)):
        for r in range(-1, 8):
            for c in range(-1, 8):
                if 0 <= top + r < size and 0 <= left + c < size:
                    ring = (0 <= r <= 6 and c in (0, 6)) or (0 <= c <= 6 and r in (0, 6))
                    fixed[top + r, left + c] = ring or (2 <= r <= 4 and 2 <= c <= 4)
    centres = pattern_position(version)
    for row in centres:
        for column in centres:
            if (row, column) in fixed:
                continue
            for r in range(-2, 3):
                for c in range(-2, 3):
                    fixed[row + r, column + c] = max(abs(r), abs(c)) != 1
    for i in range(8, size - 8):
        fixed.setdefault((i, 6), i % 2 == 0)
        fixed.setdefault((6, i), i % 2 == 0)
    return fixed


def _format_positions(size: int) -> tuple[list[tuple[int, int]], list[tuple[int, int]]]:
    """Where bit i of the 15-bit format information goes, in its two copies."""
    vertical = [(i, 8) if i < 6 else (i + 1, 8) if i < 8 else (size - 15 + i, 8) for i in range(15)]
    horizontal = [(8, size - i - 1) if i < 8 else (8, 7) if i == 8 else (8, 14 - i) for i in range(15)]
    return vertical, horizontal


def _version_positions(size: int) -> list[tuple[tuple[int, int], tuple[int, int]]]:
    """Where bit i of the 18-bit version information goes, in its two copies."""
    return [((i // 3, i % 3 + size - 11), (i % 3 + size - 11, i // 3)) for i in range(18)]


_MASK_RULES = (
    lambda i, j: (i + j) % 2 == 0,
    lambda i, j: i % 2 == 0,
    lambda i, j: j % 3 == 0,
    lambda i, j: (i + j) % 3 == 0,
    lambda i, j: (i // 2 + j // 3) % 2 == 0,
    lambda i, j: (i * j) % 2 + (i * j) % 3 == 0,
    lambda i, j: ((i * j) % 2 + (i * j) % 3) % 2 == 0,
    lambda i, j: ((i * j) % 3 + (i + j) % 2) % 2 == 0,
)


@cache
def version_layout(version: int) -> VersionLayout:
    size = version * 4 + 17
    stride = size + 1

    def bit(row: int, column: int) -> int:
        return 1 << (row * stride + column)

    fixed = _finder_and_timing(size, version)
    fixed[size - 8, 8] = True
    reserved = set(fixed)
    for copy in _format_positions(size):
        reserved.update(copy)
    version_bits = 0
    if version >= 7:
        number = BCH_type_number(version)
        for i, (first, second) in enumerate(_version_positions(size)):
            reserved.update((first, second))
            if number >> i & 1:
                version_bits |= bit(*first) | bit(*second)
    order = []
    row, step = size - 1, -1
    for column in range(size - 1, 0, -2):
        if column <= 6:
            column -= 1
        while 0 <= row < size:
            order.extend(row * stride + c for c in (column, column - 1) if (row, c) not in reserved)
            row += step
        row, step = row - step, -step
    data_area = sum(1 << index for index in order)
    masks = tuple(
        sum(1 << index for index in order if rule(index // stride, index % stride)) for rule in _MASK_RULES
    )
    return VersionLayout(
        size=size, stride=stride,
        valid=sum(bit(r, c) for r in range(size) for c in range(size)),
        function=sum(bit(*position) for position, dark in fixed.items() if dark),
        data_area=data_area, order=tuple(order), masks=masks, version_bits=version_bits,
    )


@cache
def format_bits(version: int, level: int, mask: int) -> int:
    """The dark modules of the format information for this level and mask, in both copies."""
    layout = version_layout(version)
    information = BCH_type_info(level << 3 | mask)
    dark = 0
    for copy in _format_positions(layout.size):
        for i, (row, column) in enumerate(copy):
            if information >> i & 1:
                dark |= 1 << (row * layout.stride + column)
    return dark


@cache
def codeword_table(version: int, level: int) -> tuple[tuple[int, ...], ...]:
    """Per data codeword position, per byte value: the unmasked modules it sets, error correction included."""
    layout = version_layout(version)
    blocks = [(block.data_count, block.total_count - block.data_count) for block in rs_blocks(version, level)]
    # where each block's data and error correction codewords land in the interleaved sequence
    data_slots: list[list[int]] = [[] for _ in blocks]
    ecc_slots: list[list[int]] = [[] for _ in blocks]
    slot = 0
    for slots, counts in ((data_slots, [d for d, _ in blocks]), (ecc_slots, [e for _, e in blocks])):
        for i in range(max(counts)):
            for b, count in enumerate(counts):
                if i < count:
                    slots[b].append(slot)
                    slot += 1

    def placed(slot: int, value: int) -> int:
        modules = 0
        for k in range(8):
            if value >> (7 - k) & 1:
                modules |= 1 << layout.order[slot * 8 + k]
        return modules

    table = []
    for b, (data_count, ecc_count) in enumerate(blocks):
        for position in range(data_count):
            units = []
            for k in range(8):
                data = [0] * data_count
                data[position] = 1 << k
                modules = placed(data_slots[b][position], 1 << k)
                for ecc_slot, value in zip(ecc_slots[b], _error_correction(data, ecc_count), strict=True):
                    modules ^= placed(ecc_slot, value)
                units.append(modules)
            values = [0] * 256
            for value in range(1, 256):
                lowest = value & -value
                values[value] = values[value ^ lowest] ^ units[lowest.bit_length() - 1]
            table.append(tuple(values))
    return tuple(table)


@cache
def capacity_bits(version: int, level: int) -> int:
    return 8 * sum(block.data_count for block in rs_blocks(version, level))
