"""WholeNumber: JSON Schema's integer, so a documented "integer" accepts what the schema promises and no more."""
import pytest
from hypothesis import given, strategies as st
from marshmallow import Schema, ValidationError

from allemaaldigitaal.api.schemas import WholeNumber


class Counted(Schema):
    count = WholeNumber()


@given(st.integers(min_value=-10**12, max_value=10**12))
def test_a_whole_number_passes_as_int_or_as_float_with_no_fraction(number):
    assert Counted().load({"count": number}) == {"count": number}
    assert Counted().load({"count": float(number)}) == {"count": number}


@pytest.mark.parametrize("value", [3.5, "3", True, None, [3]])
def test_anything_else_is_refused(value):
    with pytest.raises(ValidationError):
        Counted().load({"count": value})
