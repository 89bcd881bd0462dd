"""Dutch postcodes are checked and written as "1234 AB", in a function and as a form validator."""
import re

import pytest
from hypothesis import given, strategies as st
from werkzeug.datastructures import MultiDict
from wtforms import StringField
from wtforms.validators import Optional

from allemaaldigitaal.core.errors import DomainError
from allemaaldigitaal.web.forms import Form
from allemaaldigitaal.web.postcode import NOT_ISSUED, DutchPostcode, clean_postcode, normalise_postcode

UPPER = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
DIGITS = st.integers(1000, 9999).map(str)
LETTERS = st.text(UPPER, min_size=2, max_size=2).filter(lambda pair: pair not in NOT_ISSUED)
SPACES = st.text(" ", max_size=3)
CANONICAL = r"[1-9][0-9]{3} [A-Z]{2}"


def in_any_case(text: str, flips: list[bool]) -> str:
    return "".join(char.lower() if flip else char for char, flip in zip(text, flips, strict=False))


@pytest.mark.parametrize("typed", ["1234ab", "1234 AB", " 1234  ab ", "1234aB", "\t1234 Ab\u00a0"])
def test_usual_ways_of_typing_give_the_same_postcode(typed):
    assert normalise_postcode(typed) == "1234 AB"


@pytest.mark.parametrize("typed", [
    "0123 AB", "1234 SA", "1234 sd", "1234SS", "123 AB", "12345 AB", "1234 A", "1234 ABC", "1234 A1", "ABCD EF",
    "12 34 AB", "1234-AB", "", "   ", None, "１２３４ AB", "1234 ÄB",
])
def test_what_is_not_a_dutch_postcode_gives_none(typed):
    assert normalise_postcode(typed) is None


@given(DIGITS, LETTERS, SPACES, SPACES, SPACES, st.lists(st.booleans(), min_size=2, max_size=2))
def test_any_issued_postcode_in_any_spacing_and_case_is_written_as_four_digits_space_two_capitals(
    digits, letters, before, between, after, flips
):
    typed = f"{before}{digits}{between}{in_any_case(letters, flips)}{after}"
    assert normalise_postcode(typed) == f"{digits} {letters}"


@given(st.integers(0, 999).map(lambda number: f"{number:04d}"), LETTERS)
def test_a_postcode_never_starts_with_zero(digits, letters):
    assert normalise_postcode(f"{digits} {letters}") is None


@given(DIGITS, st.sampled_from(sorted(NOT_ISSUED)), st.booleans())
def test_letter_pairs_that_are_never_issued_are_refused(digits, letters, lower):
    assert normalise_postcode(f"{digits} {letters.lower() if lower else letters}") is None


@given(st.text(max_size=12))
def test_whatever_is_accepted_comes_out_in_the_one_written_form_and_stays_so(text):
    postcode = normalise_postcode(text)
    if postcode is not None:
        assert re.fullmatch(CANONICAL, postcode)
        assert normalise_postcode(postcode) == postcode


class AddressForm(Form):
    postcode = StringField("Postcode", validators=[Optional(), DutchPostcode()])


def validated(app, postcode: str) -> AddressForm:
    with app.test_request_context(method="POST"):
        form = AddressForm(formdata=MultiDict({"postcode": postcode}))
        form.validate()
        return form


def test_the_validator_writes_the_postcode_back_in_its_written_form(app):
    form = validated(app, " 3511lx ")
    assert form.postcode.errors == [] and form.postcode.data == "3511 LX"


@pytest.mark.parametrize("typed", ["0123 AB", "3511 SS", "35111 LX", "Utrecht"])
def test_the_validator_explains_with_an_example(app, typed):
    form = validated(app, typed)
    assert [str(error) for error in form.postcode.errors] == ["Vul een postcode in zoals 1234 AB."]
    assert form.postcode.data == typed


def test_an_empty_optional_postcode_passes(app):
    form = validated(app, "")
    assert form.postcode.errors == [] and not form.postcode.data



@pytest.mark.parametrize(("typed", "stored"), [(None, None), ("", None), ("  ", None), ("3512ab", "3512 AB")])
def test_services_store_an_empty_postcode_as_nothing_and_a_postcode_normalised(typed, stored):
    assert clean_postcode(typed) == stored


@pytest.mark.parametrize("typed", ["12345", "0123 AB", "1234 SS", "AB 1234"])
def test_services_refuse_what_is_not_a_postcode_on_the_field_given(typed):
    with pytest.raises(DomainError) as refused:
        clean_postcode(typed, "pickup_postcode")
    assert refused.value.field == "pickup_postcode"
