"""The reference a care organisation gives the person who receives a device: a pseudonym, never who they are.

The recognisers refuse what is plainly someone's identity or contact: a BSN (nine digits passing the 11-test,
also written with spaces, dots or dashes), an e-mail address, or a Dutch or international phone number. They
cannot recognise a name, so the forms ask for none.
"""
import re
from collections.abc import Iterator

from flask_babel import lazy_gettext as _l

from allemaaldigitaal.core.errors import DomainError

MAX_LENGTH = 40
FIELD = "recipient_reference"
EXAMPLE = "K-2026-014"

#: digits, possibly in groups kept apart by a few spaces, dots, dashes, slashes or brackets; a leading + or (
NUMBER = re.compile(r"\+?\(?\d+(?:[\s.\-/()]{1,3}\d+)*")
EMAIL = re.compile(r"[^\s@]+@[^\s@]+\.[^\s@]{2,}")

EMPTY = _l("Vul een kenmerk voor de ontvanger in, bijvoorbeeld %(example)s. Geen naam.", example=EXAMPLE)
TOO_LONG = _l("Het kenmerk is te lang: hoogstens %(max)s tekens.", max=MAX_LENGTH)
LOOKS_LIKE_BSN = _l("Dit lijkt op een burgerservicenummer (BSN). Gebruik een eigen kenmerk, zoals %(example)s.",
                    example=EXAMPLE)
LOOKS_LIKE_EMAIL = _l("Dit lijkt op een e-mailadres. Gebruik een eigen kenmerk, zoals %(example)s.", example=EXAMPLE)
LOOKS_LIKE_PHONE = _l("Dit lijkt op een telefoonnummer. Gebruik een eigen kenmerk, zoals %(example)s.",
                      example=EXAMPLE)


def passes_eleven_test(digits: str) -> bool:
    """The BSN 11-test: 9×d1 + 8×d2 + … + 2×d8 − 1×d9 is a multiple of 11."""
    if len(digits) != 9 or not digits.isdigit():
        return False
    weights = (9, 8, 7, 6, 5, 4, 3, 2, -1)
    return sum(weight * int(digit) for weight, digit in zip(weights, digits, strict=True)) % 11 == 0


def _numbers(text: str) -> Iterator[tuple[bool, str]]:
    """(starts with +, digits) for every run of whole digit groups in the text, e.g. "06 1234 5678" gives
    "06", "061234", "0612345678", "1234", "12345678" and "5678"."""
    for match in NUMBER.finditer(text):
        groups = re.findall(r"\d+", match.group())
        plus = match.group().startswith("+")
        for start in range(len(groups)):
            for end in range(start + 1, len(groups) + 1):
                yield plus and start == 0, "".join(groups[start:end])


def _is_phone(plus: bool, digits: str) -> bool:
    if plus:
        return 8 <= len(digits) <= 15
    if digits.startswith("00"):
        return 10 <= len(digits) <= 17
    return len(digits) == 10 and digits[0] == "0"


def looks_like_bsn(text: str) -> bool:
    return any(passes_eleven_test(digits) for _plus, digits in _numbers(text))


def looks_like_email(text: str) -> bool:
    return EMAIL.search(text) is not None


def looks_like_phone(text: str) -> bool:
    return any(_is_phone(plus, digits) for plus, digits in _numbers(text))


def reason_to_refuse(text: str):
    """Why this reference may not be used, or None when it may."""
    reference = text.strip()
    if not reference:
        return EMPTY
    if len(reference) > MAX_LENGTH:
        return TOO_LONG
    for looks_like, reason in ((looks_like_email, LOOKS_LIKE_EMAIL), (looks_like_bsn, LOOKS_LIKE_BSN),
                               (looks_like_phone, LOOKS_LIKE_PHONE)):
        if looks_like(reference):
            return reason
    return None


def checked_reference(text: str | None) -> str:
    """The reference without surrounding spaces, or DomainError on its field saying why it may not be used."""
    reason = reason_to_refuse(text or "")
    if reason is not None:
        raise DomainError(reason, FIELD)
    return (text or "").strip()
