"""Asset tags for device labels: Crockford Base32 with a Damm check symbol.

The check uses the quasigroup x∘y = a·x ⊕ y over GF(32) (modulus x^5 + x^2 + 1).
Totally anti-symmetric: (c∘x)∘y = (c∘y)∘x ⇔ a·x ⊕ y = a·y ⊕ x ⇔ (a ⊕ 1)·(x ⊕ y) = 0 ⇔ x = y, as a ≠ 1.
So every single-symbol substitution and every adjacent transposition (check symbol included) is caught.
"""
import random
import re
import secrets

from flask_babel import lazy_gettext as _l

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
BODY_LENGTH = 8
PREFIX = "AD"
GROUP_SIZE = 3

_MODULUS = 0b100101  # x^5 + x^2 + 1
_A = 0b00010  # the field element x; any a outside {0, 1} would do
_VALUES = {symbol: value for value, symbol in enumerate(ALPHABET)}
_READ = str.maketrans(
    {"-": None, "O": "0", "o": "0", "I": "1", "i": "1", "L": "1", "l": "1"}
    | {symbol.lower(): symbol for symbol in ALPHABET if symbol.isalpha()}
)
_INVALID = re.compile(f"[^{ALPHABET}]")
_MESSAGES = {
    "character": _l("Het teken '%(character)s' komt niet voor in codes. Controleer de code en probeer het opnieuw."),
    "length": _l(
        "Een code heeft %(length)s tekens (zonder AD- ervoor). Controleer of er geen teken ontbreekt of te veel is."
    ),
    "check": _l(
        "Deze code klopt niet. Waarschijnlijk is er een teken verkeerd getypt. "
        "Controleer de tekens en probeer het opnieuw."
    ),
}


def _gf_mul(x: int, y: int) -> int:
    """Multiply two elements of GF(32)."""
    product = 0
    while y:
        if y & 1:
            product ^= x
        y >>= 1
        x <<= 1
        if x & 0b100000:
            x ^= _MODULUS
    return product


_TIMES_A = tuple(_gf_mul(_A, x) for x in range(32))


def _combine(x: int, y: int) -> int:
    """The quasigroup operation x∘y = a·x ⊕ y."""
    return _TIMES_A[x] ^ y


def _interim(symbols: str) -> int:
    """Run the Damm chain over canonical symbols, starting from 0."""
    interim = 0
    for symbol in symbols:
        interim = _TIMES_A[interim] ^ _VALUES[symbol]
    return interim


def _read(text: str, body_length: int) -> tuple[str, str | None]:
    """The compacted text, without prefix when recognised, and why it is not a valid tag (None if valid)."""
    tag = "".join(text.translate(_READ).split())
    if _INVALID.search(tag):
        return tag, "character"
    if len(tag) == len(PREFIX) + body_length + 1 and tag.startswith(PREFIX):
        tag = tag[len(PREFIX):]
    if len(tag) != body_length + 1:
        return tag, "length"
    return tag, "check" if _interim(tag) else None


class InvalidTag(ValueError):
    """A tag that cannot be read; the message is plain Dutch for the person typing it."""

    def __init__(self, message: str, reason: str) -> None:
        super().__init__(message)
        self.reason = reason  # "character", "length" or "check"


def check_symbol(body: str) -> str:
    """The check symbol for a canonical body (upper-case alphabet symbols only)."""
    invalid = _INVALID.search(body)
    if invalid:
        raise InvalidTag(_MESSAGES["character"] % {"character": invalid.group()}, "character")
    return ALPHABET[_TIMES_A[_interim(body)]]


def generate_tags(count: int, rng: random.Random | None = None) -> list[str]:
    """`count` new random tags (maybe alike); without rng from one read of the system's randomness, for thousands."""
    if rng is not None:
        return [generate_tag(rng) for _ in range(count)]
    noise = secrets.token_bytes(count * BODY_LENGTH)
    # 256 is a multiple of the 32 symbols, so every symbol is equally likely
    bodies = ("".join(ALPHABET[byte % len(ALPHABET)] for byte in noise[start:start + BODY_LENGTH])
              for start in range(0, len(noise), BODY_LENGTH))
    return [body + check_symbol(body) for body in bodies]


def generate_tag(rng: random.Random | None = None, body_length: int = BODY_LENGTH) -> str:
    """A new random tag in canonical form: body plus check symbol."""
    if not 1 <= body_length <= 9:
        raise ValueError("body_length must be between 1 and 9")
    rng = rng or secrets.SystemRandom()
    body = "".join(rng.choice(ALPHABET) for _ in range(body_length))
    return body + check_symbol(body)


def normalise_tag(text: str, *, body_length: int = BODY_LENGTH) -> str:
    """The canonical form of a typed or scanned tag; raises InvalidTag."""
    tag, reason = _read(text, body_length)
    if reason:
        invalid = _INVALID.search(tag)
        character = invalid.group() if invalid else ""
        raise InvalidTag(_MESSAGES[reason] % {"character": character, "length": body_length + 1}, reason)
    return tag


def is_valid_tag(text: str, *, body_length: int = BODY_LENGTH) -> bool:
    """Whether the text reads as a valid tag."""
    return _read(text, body_length)[1] is None


def format_tag(tag: str) -> str:
    """The printed label of a canonical tag, e.g. 'AD-7K4-QX2-M9C'."""
    if not tag or _INVALID.search(tag) or _interim(tag):
        raise ValueError(f"not a canonical tag: {tag!r}")
    groups = [tag[i:i + GROUP_SIZE] for i in range(0, len(tag), GROUP_SIZE)]
    return "-".join([PREFIX, *groups])


#: what a label's QR code holds: …/D/TAG (any host, either case, maybe a slash or query after it)
_URL_TAG = re.compile(r"/d/([^/?#\s]+)", re.IGNORECASE)


def tag_in_code(code: str) -> str:
    """The canonical tag in what a scanner or a person typed: a tag in any form, or a label's URL; raises InvalidTag."""
    found = _URL_TAG.search(code or "")
    return normalise_tag(found.group(1) if found else (code or "").strip())
