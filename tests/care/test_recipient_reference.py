"""The recipient's reference: a pseudonym is accepted; a BSN, an e-mail address or a phone number is refused."""
import pytest
from hypothesis import given, strategies as st

from allemaaldigitaal.care.recipient_reference import (
    EMPTY,
    LOOKS_LIKE_BSN,
    LOOKS_LIKE_EMAIL,
    LOOKS_LIKE_PHONE,
    MAX_LENGTH,
    TOO_LONG,
    checked_reference,
    passes_eleven_test,
    reason_to_refuse,
)
from allemaaldigitaal.core.errors import DomainError

WEIGHTS = (9, 8, 7, 6, 5, 4, 3, 2)


@st.composite
def bsns(draw) -> str:
    """Nine digits that pass the 11-test: eight drawn, the ninth made to fit (drawn again when it would be 10)."""
    first = draw(st.lists(st.integers(0, 9), min_size=8, max_size=8).filter(
        lambda digits: sum(w * d for w, d in zip(WEIGHTS, digits, strict=True)) % 11 != 10))
    last = sum(w * d for w, d in zip(WEIGHTS, first, strict=True)) % 11
    return "".join(map(str, [*first, last]))


@st.composite
def written(draw, digits: str) -> str:
    """The digits as a person might write them: in groups kept apart by a space, dot or dash, or not at all."""
    separator = draw(st.sampled_from(["", " ", ".", "-"]))
    cuts = sorted(draw(st.sets(st.integers(1, len(digits) - 1), max_size=3)))
    parts = [digits[start:end] for start, end in zip([0, *cuts], [*cuts, len(digits)], strict=True)]
    return separator.join(parts)


AROUND = st.sampled_from(["", "BSN ", "nr. ", "client "]), st.sampled_from(["", " (K)", " dossier"])


def test_the_eleven_test_of_known_numbers():
    assert passes_eleven_test("111222333")  # the example the Dutch government uses
    assert passes_eleven_test("123456782")
    assert not passes_eleven_test("123456789")
    assert not passes_eleven_test("12345678")


@given(bsns(), st.data())
def test_a_valid_bsn_is_refused_however_it_is_written(bsn, data):
    before, after = data.draw(AROUND[0]), data.draw(AROUND[1])
    reference = before + data.draw(written(bsn)) + after
    assert reason_to_refuse(reference) is LOOKS_LIKE_BSN, reference


@given(st.from_regex(r"[1-9]\d{8}", fullmatch=True).filter(lambda digits: not passes_eleven_test(digits)))
def test_nine_digits_that_fail_the_eleven_test_are_no_bsn(digits):
    assert reason_to_refuse(digits) is None


@given(st.from_regex(r"[a-z][a-z0-9._]{0,10}@[a-z]{2,8}\.(nl|com|org)", fullmatch=True))
def test_an_email_address_is_refused(address):
    assert reason_to_refuse(address) is LOOKS_LIKE_EMAIL


@pytest.mark.parametrize("phone", [
    "06-12345678", "0612345678", "06 1234 5678", "+31 6 1234 5678", "+31612345678", "+31 (0)6 12345678",
    "0201234567", "020-123 4567", "010 123 45 67", "0031 6 12345678", "+44 20 7946 0958", "+1 212 555 0100",
    "tel 06.12.34.56.78",
])
def test_dutch_and_international_phone_numbers_are_refused(phone):
    assert reason_to_refuse(phone) is LOOKS_LIKE_PHONE


@given(st.sampled_from(["06", "010", "020", "030", "050", "070"]), st.data())
def test_a_generated_dutch_phone_number_is_refused(area, data):
    rest = data.draw(st.from_regex(rf"\d{{{10 - len(area)}}}", fullmatch=True))
    reference = data.draw(written(area + rest))
    assert reason_to_refuse(reference) in (LOOKS_LIKE_PHONE, LOOKS_LIKE_BSN), reference


@pytest.mark.parametrize("reference", ["K-2026-014", "Jan 14", "CL-123456", "dossier 2026/14", "A7", "wijk 3 nr 12",
                                       "K-2026-014 (2e)"])
def test_a_pseudonym_is_accepted(reference):
    assert reason_to_refuse(reference) is None


@given(st.from_regex(r"[A-Z]{1,3}-20[0-9]{2}-[0-9]{3}", fullmatch=True))
def test_references_like_k_2026_014_are_accepted(reference):
    assert reason_to_refuse(reference) is None


@given(st.sampled_from(["Jan", "Week", "Groep", "Huis", "Kamer"]), st.integers(1, 999))
def test_a_word_and_a_small_number_is_accepted(word, number):
    assert reason_to_refuse(f"{word} {number}") is None


@given(st.text(st.characters(blacklist_categories=("Nd", "Cc", "Cs"), blacklist_characters="@"),
               min_size=1, max_size=MAX_LENGTH).filter(str.strip))
def test_text_without_digits_or_at_sign_is_accepted(reference):
    assert reason_to_refuse(reference) is None


def test_empty_and_too_long_are_refused_and_spaces_around_are_dropped():
    assert reason_to_refuse("   ") is EMPTY
    assert reason_to_refuse("K" * (MAX_LENGTH + 1)) is TOO_LONG
    assert reason_to_refuse("K" * MAX_LENGTH) is None
    assert checked_reference("  K-2026-014 ") == "K-2026-014"
    with pytest.raises(DomainError) as refused:
        checked_reference("111 222 333")
    assert refused.value.field == "recipient_reference" and refused.value.message is LOOKS_LIKE_BSN
