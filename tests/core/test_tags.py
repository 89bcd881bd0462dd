"""Asset tags: generation, check symbol strength, forgiving input and printed labels."""
import random
import re

import pytest
from hypothesis import given, strategies as st

from allemaaldigitaal.core import tags
from allemaaldigitaal.core.tags import (
    ALPHABET,
    InvalidTag,
    check_symbol,
    format_tag,
    generate_tag,
    is_valid_tag,
    normalise_tag,
)

QR_ALPHANUMERIC = set("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:")
SAMPLE_SIZE = 2_000
SEED = 20_240_501

tag_strategy = st.text(alphabet=ALPHABET, min_size=8, max_size=8).map(lambda body: body + check_symbol(body))
separators = st.text(alphabet=" -", max_size=2)
SPELLINGS = {"0": "0Oo", "1": "1IiLl"}


def sample_tags() -> list[str]:
    rng = random.Random(SEED)
    return [generate_tag(rng) for _ in range(SAMPLE_SIZE)]


def refusal(text: str) -> InvalidTag:
    with pytest.raises(InvalidTag) as caught:
        normalise_tag(text)
    assert not is_valid_tag(text)
    return caught.value


def reason_of(text: str) -> str:
    return refusal(text).reason


def test_alphabet_is_crockford_base32() -> None:
    assert ALPHABET == "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
    assert len(set(ALPHABET)) == 32 and not set("ILOU") & set(ALPHABET)


def test_generated_tags_are_nine_valid_alphabet_symbols_and_survive_printing() -> None:
    for tag in [*sample_tags()[:200], generate_tag()]:
        assert len(tag) == 9 and set(tag) <= set(ALPHABET)
        assert is_valid_tag(tag)
        assert normalise_tag(format_tag(tag)) == tag


def test_body_length_is_a_parameter_within_the_ten_symbol_limit() -> None:
    rng = random.Random(SEED)
    tag = generate_tag(rng, body_length=9)
    assert len(tag) == 10 and is_valid_tag(tag, body_length=9) and not is_valid_tag(tag)
    for bad_length in (0, 10):
        with pytest.raises(ValueError):
            generate_tag(rng, body_length=bad_length)


def test_label_is_prefix_and_groups_of_three() -> None:
    tag = generate_tag(random.Random(SEED))
    assert re.fullmatch(r"AD-[0-9A-Z]{3}-[0-9A-Z]{3}-[0-9A-Z]{3}", format_tag(tag))
    assert format_tag(tag).replace("-", "") == "AD" + tag


def test_printing_refuses_a_tag_that_is_not_canonical() -> None:
    tag = generate_tag(random.Random(SEED))
    for bad in ("", tag.lower(), tag[:-1] + ALPHABET[(ALPHABET.index(tag[-1]) + 1) % 32]):
        with pytest.raises(ValueError):
            format_tag(bad)


def test_every_single_substitution_in_a_sample_is_refused() -> None:
    checked = 0
    for tag in sample_tags():
        for position, original in enumerate(tag):
            for replacement in ALPHABET.replace(original, ""):
                assert not is_valid_tag(tag[:position] + replacement + tag[position + 1:]), (tag, position)
                checked += 1
    assert checked == SAMPLE_SIZE * 9 * 31


def test_every_adjacent_transposition_in_a_sample_is_refused() -> None:
    sample = sample_tags()
    checked = 0
    for tag in sample:
        for position in range(len(tag) - 1):
            left, right = tag[position], tag[position + 1]
            if left != right:
                swapped = tag[:position] + right + left + tag[position + 2:]
                assert not is_valid_tag(swapped), (tag, position)
                checked += 1
    expected = sum(tag[i] != tag[i + 1] for tag in sample for i in range(8))
    assert checked == expected
    assert SAMPLE_SIZE * 8 * 0.9 < checked < SAMPLE_SIZE * 8  # about 31/32 of the pairs differ


def test_quasigroup_is_a_latin_square() -> None:
    for x in range(32):
        assert sorted(tags._combine(x, y) for y in range(32)) == list(range(32))
        assert sorted(tags._combine(y, x) for y in range(32)) == list(range(32))


def test_quasigroup_is_totally_anti_symmetric() -> None:
    checked = 0
    for c in range(32):
        for x in range(32):
            for y in range(32):
                if x != y:
                    assert tags._combine(tags._combine(c, x), y) != tags._combine(tags._combine(c, y), x)
                    checked += 1
    assert checked == 32 * 32 * 31


def test_check_symbol_differs_for_every_swapped_three_symbol_body() -> None:
    for c in ALPHABET:
        for x in ALPHABET:
            for y in ALPHABET.replace(x, ""):
                assert check_symbol(c + x + y) != check_symbol(c + y + x)


def test_check_symbol_refuses_non_canonical_input() -> None:
    with pytest.raises(InvalidTag):
        check_symbol("7k4qx2m9")


@given(tag=tag_strategy, data=st.data())
def test_lower_case_separators_and_aliases_are_accepted(tag: str, data: st.DataObject) -> None:
    prefix = data.draw(st.sampled_from(["", "AD-", "ad-", "Ad ", "AD", "a-d", " AD - "]))
    typed = prefix
    for symbol in tag:
        typed += data.draw(separators) + data.draw(st.sampled_from(SPELLINGS.get(symbol, symbol + symbol.lower())))
    typed += data.draw(separators)
    assert normalise_tag(typed) == tag
    assert is_valid_tag(typed)


@given(tag=tag_strategy, data=st.data())
def test_a_character_that_is_not_allowed_is_named(tag: str, data: st.DataObject) -> None:
    label = data.draw(st.sampled_from([tag, format_tag(tag)]))
    position = data.draw(st.integers(0, len(label)))
    bad = data.draw(st.sampled_from("Uu*$%+./:_!?é,"))
    error = refusal(label[:position] + bad + label[position:])
    assert error.reason == "character" and f"'{bad}'" in str(error)


@given(st.text(alphabet=ALPHABET, max_size=20))
def test_wrong_length_is_refused(text: str) -> None:
    if len(text) == 9 or (len(text) == 11 and text.startswith("AD")):
        text += "0"
    error = refusal(text)
    assert error.reason == "length" and "9 tekens" in str(error)


@given(tag=tag_strategy)
def test_a_missing_or_extra_symbol_is_a_length_error(tag: str) -> None:
    assert reason_of(tag[:-1]) == "length"
    assert reason_of("AD-" + tag + "7") == "length"


@given(tag=tag_strategy)
def test_a_wrong_check_symbol_says_it_is_probably_a_typo(tag: str) -> None:
    for wrong in ALPHABET.replace(tag[-1], ""):
        error = refusal(tag[:-1] + wrong)
        assert error.reason == "check" and "klopt niet" in str(error)


def test_prefix_is_stripped_only_when_the_length_says_so() -> None:
    body = "AD7K4QX2"
    tag = body + check_symbol(body)
    assert normalise_tag(tag) == tag
    assert normalise_tag("ad7-k4q-x2" + tag[-1].lower()) == tag
    assert normalise_tag(format_tag(tag)) == tag
    assert normalise_tag("AD" + tag) == tag
    assert normalise_tag("AD " + tag) == tag
    assert reason_of("XY" + tag) == "length"
    assert reason_of("AD-" + tag[:-1]) == "length"


@given(tag=tag_strategy)
def test_tag_and_label_fit_the_qr_alphanumeric_set(tag: str) -> None:
    assert set(tag) <= QR_ALPHANUMERIC
    assert set(format_tag(tag)) <= QR_ALPHANUMERIC


TYPABLE = ALPHABET + ALPHABET.lower() + "OoIiLlUu -_.AD ad"


@given(st.one_of(st.text(), st.text(alphabet=TYPABLE, max_size=16), tag_strategy.map(format_tag)))
def test_any_text_reads_to_a_canonical_tag_or_is_refused_with_a_reason(text: str) -> None:
    try:
        tag = normalise_tag(text)
    except InvalidTag as error:
        assert error.reason in {"character", "length", "check"}
        assert str(error).strip()
        assert not is_valid_tag(text)
    else:
        assert is_valid_tag(text)
        assert len(tag) == 9 and set(tag) <= set(ALPHABET)
        assert normalise_tag(tag) == tag
        assert normalise_tag(format_tag(tag)) == tag


@given(tag=tag_strategy, data=st.data())
def test_a_canonical_tag_round_trips_through_its_label_written_any_way(tag: str, data: st.DataObject) -> None:
    label = format_tag(tag)
    separator = data.draw(st.sampled_from(["-", " ", "", " - ", "  "]))
    written = label.replace("-", separator)
    written = data.draw(st.sampled_from([written, written.lower(), written.title()]))
    assert normalise_tag(written) == tag
    assert format_tag(normalise_tag(written)) == label
