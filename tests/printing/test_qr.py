"""The fast QR encoder against the qrcode library, and its rectangles against its modules."""
import random

import qrcode
from hypothesis import given, settings, strategies as st
from qrcode.util import MODE_ALPHA_NUM, QRData, lost_point

from allemaaldigitaal.core.tags import generate_tag
from allemaaldigitaal.printing import qr

alphanumeric_text = st.text(alphabet=qr.ALPHANUMERIC, min_size=1, max_size=180)


def library_matrix(text: str, level: str, mask: int, version: int) -> list[list[bool]]:
    code = qrcode.QRCode(version=version, error_correction=qr.LEVELS[level], border=0, mask_pattern=mask)
    code.add_data(QRData(text.encode(), mode=MODE_ALPHA_NUM))
    code.make(fit=False)
    return code.get_matrix()


def as_matrix(symbol: qr.Symbol) -> list[list[bool]]:
    return [[symbol.is_dark(r, c) for c in range(symbol.size)] for r in range(symbol.size)]


@settings(max_examples=150, deadline=None)
@given(alphanumeric_text, st.sampled_from(["M", "Q"]), st.integers(0, 7))
def test_the_fast_symbol_is_the_qrcode_library_s_module_for_module(text, level, mask):
    version = qr.fast_version(text, level)
    symbol = qr.encode(text, level, mask)

    if version is None:
        assert symbol.size > 53 or not set(text) <= set(qr.ALPHANUMERIC)
        return
    assert symbol.version == version
    assert as_matrix(symbol) == library_matrix(text, level, mask, version)


@settings(max_examples=60, deadline=None)
@given(st.integers(1, 9), st.sampled_from([0.1, 0.3, 0.5, 0.7, 0.9]), st.integers(0, 2**32))
def test_the_bit_parallel_penalty_counts_as_the_qrcode_library_does(version, darkness, seed):
    size = 4 * version + 17
    rng = random.Random(seed)
    matrix = [[rng.random() < darkness for _ in range(size)] for _ in range(size)]
    stride = size + 1
    packed = sum(1 << (r * stride + c) for r in range(size) for c in range(size) if matrix[r][c])
    valid = sum(1 << (r * stride + c) for r in range(size) for c in range(size))

    assert qr.penalty(packed, size, stride, valid) == lost_point(matrix)


@settings(max_examples=40, deadline=None)
@given(alphanumeric_text.filter(lambda text: qr.fast_version(text, "M") is not None))
def test_the_chosen_mask_has_the_lowest_penalty(text):
    symbol = qr.encode(text, "M")

    penalties = [lost_point(library_matrix(text, "M", mask, symbol.version)) for mask in range(8)]
    assert penalties[symbol.mask] == min(penalties)


def test_the_qrcode_library_also_picks_alphanumeric_mode_for_a_label_url():
    code = qrcode.QRCode(border=0)
    code.add_data("HTTPS://ALLEMAALDIGITAAL.NL/D/" + generate_tag())
    code.make(fit=True)

    assert [chunk.mode for chunk in code.data_list] == [MODE_ALPHA_NUM]


def test_a_label_url_takes_level_q_when_that_needs_no_larger_symbol():
    short = qr.encode_for_label("HTTPS://ALLEMAALDIGITAAL.NL/D/329XPEG6Q")  # 39 characters: version 3 either way
    longer = qr.encode_for_label("HTTPS://" + "A" * 26 + ".NL/D/329XPEG6Q")  # 49: Q would need version 4, M fits 3

    assert (short.version, short.level) == (3, "Q")
    assert (longer.version, longer.level) == (3, "M")


def test_text_outside_alphanumeric_mode_goes_through_the_library():
    symbol = qr.encode("https://example.org/d/abc", "M")

    assert qr.fast_version("https://example.org/d/abc", "M") is None
    assert symbol.size == 25


def filled_modules(operators: str) -> list[tuple[int, int]]:
    """The modules covered by the rectangles in PDF operators, with repeats if rectangles overlap."""
    covered = []
    for line in operators.splitlines():
        if line.endswith(" re"):
            x, y, w, h = map(int, line.split()[:4])
            covered.extend((row, column) for row in range(y, y + h) for column in range(x, x + w))
    return covered


@settings(max_examples=60, deadline=None)
@given(alphanumeric_text)
def test_the_rectangles_fill_exactly_the_dark_modules_once(text):
    symbol = qr.encode(text, "M")
    dark = [(r, c) for r in range(symbol.size) for c in range(symbol.size) if symbol.is_dark(r, c)]

    covered = filled_modules(qr.path_operators(symbol))

    assert sorted(covered) == dark
    assert qr.path_operators(symbol).endswith("\nf")


def test_each_run_of_dark_modules_is_one_rectangle():
    symbol = qr.encode("HTTPS://ALLEMAALDIGITAAL.NL/D/329XPEG6Q", "Q")
    rectangles = [tuple(map(int, line.split()[:4])) for line in qr.path_operators(symbol).splitlines() if line.endswith(" re")]

    assert sorted(rectangles) == sorted((x, y, length, 1) for x, y, length in qr.dark_runs(symbol))
    assert (0, 0, 7, 1) in rectangles  # the top-left finder's top edge is one run of seven modules
    assert len(rectangles) < sum(bin(row).count("1") for row in symbol.rows) / 1.8
