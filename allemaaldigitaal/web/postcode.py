"""Dutch postcodes: four digits (not starting with 0) and two letters, written as "1234 AB"."""
import re

from flask_babel import lazy_gettext as _l
from wtforms.validators import ValidationError

from allemaaldigitaal.core.errors import DomainError

POSTCODE = re.compile(r"\s*([1-9][0-9]{3})\s*([A-Za-z]{2})\s*")
#: letter pairs PostNL never issues
NOT_ISSUED = frozenset({"SA", "SD", "SS"})
MESSAGE = _l("Vul een postcode in zoals 1234 AB.")


def normalise_postcode(text: str | None) -> str | None:
    """'1234ab', ' 1234  ab ' → '1234 AB'; None for anything that is not a Dutch postcode."""
    match = POSTCODE.fullmatch(text or "")
    if match is None:
        return None
    digits, letters = match[1], match[2].upper()
    if letters in NOT_ISSUED:
        return None
    return f"{digits} {letters}"


def clean_postcode(text: str | None, field: str = "postcode") -> str | None:
    """For services: empty → None, a Dutch postcode → '1234 AB', anything else is refused on the field."""
    if not (text or "").strip():
        return None
    postcode = normalise_postcode(text)
    if postcode is None:
        raise DomainError(MESSAGE, field)
    return postcode


class DutchPostcode:
    """Refuses a field that holds no Dutch postcode and writes the postcode back as '1234 AB'.

    An empty field passes untouched: put Optional() or DataRequired() before it to say whether one is needed.
    """

    def __init__(self, message=None):
        self.message = message or MESSAGE

    def __call__(self, _form, field) -> None:
        if not (field.data or "").strip():
            return
        postcode = normalise_postcode(field.data)
        if postcode is None:
            raise ValidationError(self.message)
        field.data = postcode
