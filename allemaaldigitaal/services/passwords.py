"""Password hashing with argon2id (RFC 9106 low-memory profile, above the OWASP minimum)."""
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from flask_babel import lazy_gettext as _l

from . import DomainError

MIN_LENGTH = 12
MAX_LENGTH = 128
hasher = PasswordHasher(time_cost=3, memory_cost=65536, parallelism=4)


def check_password_rules(password: str) -> None:
    """Length only: at least 12 and at most 128 characters, no composition rules."""
    if len(password) < MIN_LENGTH:
        raise DomainError(_l("Kies een wachtwoord van minstens %(n)s tekens.", n=MIN_LENGTH), "password")
    if len(password) > MAX_LENGTH:
        raise DomainError(_l("Kies een wachtwoord van hoogstens %(n)s tekens.", n=MAX_LENGTH), "password")


def hash_password(password: str) -> str:
    check_password_rules(password)
    return hasher.hash(password)


def verify_password(password_hash: str | None, password: str) -> bool:
    if not password_hash:
        return False
    try:
        return hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(password_hash: str) -> bool:
    return hasher.check_needs_rehash(password_hash)
