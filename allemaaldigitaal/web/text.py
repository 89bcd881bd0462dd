"""Which characters free text may not hold: control characters other than tab, newline and carriage return."""
import unicodedata

from flask_babel import lazy_gettext as _l

ALLOWED_CONTROLS = frozenset("\t\n\r")
CONTROL_CHARACTER_MESSAGE = _l(
    "Je tekst bevat onzichtbare tekens die hier niet kunnen. Typ de tekst opnieuw of plak hem als platte tekst."
)


def is_control_character(char: str) -> bool:
    """A character of Unicode category Cc (NUL included), except tab, newline and carriage return."""
    return unicodedata.category(char) == "Cc" and char not in ALLOWED_CONTROLS


def has_control_characters(value: str) -> bool:
    """True when the text holds a character people cannot see or type and we do not store."""
    return any(is_control_character(char) for char in value)


#: the same rule as a JSON Schema pattern (Unicode category Cc is U+0000–U+001F and U+007F–U+009F)
VISIBLE_TEXT_PATTERN = r"^[^\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]*$"
