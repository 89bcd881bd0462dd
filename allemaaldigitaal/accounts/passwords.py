"""Password hashing with argon2id (RFC 9106 low-memory profile, above the OWASP minimum).

The parameters come from the app config (PASSWORD_HASH_*), so tests can use cheap ones;
the defaults are the production parameters.
"""
from functools import cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from flask import current_app, has_app_context
from flask_babel import lazy_gettext as _l

from allemaaldigitaal.core.errors import DomainError

MIN_LENGTH = 12
MAX_LENGTH = 128
#: config key → default (argon2id, m=64 MiB, t=3, p=4)
PARAMETERS = {
    "PASSWORD_HASH_TIME_COST": 3,
    "PASSWORD_HASH_MEMORY_COST": 65536,
    "PASSWORD_HASH_PARALLELISM": 4,
}
_DUMMY_PASSWORD = "no account has this password"


@cache
def _hasher_for(time_cost: int, memory_cost: int, parallelism: int) -> PasswordHasher:
    return PasswordHasher(time_cost=time_cost, memory_cost=memory_cost, parallelism=parallelism)


def _parameters() -> tuple[int, int, int]:
    config = current_app.config if has_app_context() else {}
    return tuple(int(config.get(key, default)) for key, default in PARAMETERS.items())


def current_hasher() -> PasswordHasher:
    """The hasher with the parameters of the running app."""
    return _hasher_for(*_parameters())


@cache
def _dummy_hash(parameters: tuple[int, int, int]) -> str:
    return _hasher_for(*parameters).hash(_DUMMY_PASSWORD)


def check_password_rules(password: str) -> None:
    """Length only: at least 12 and at most 128 characters, no composition rules."""
    if len(password) < MIN_LENGTH:
        raise DomainError(_l("Kies een wachtwoord van minstens %(n)s tekens.", n=MIN_LENGTH), "password")
    if len(password) > MAX_LENGTH:
        raise DomainError(_l("Kies een wachtwoord van hoogstens %(n)s tekens.", n=MAX_LENGTH), "password")


def hash_password(password: str) -> str:
    check_password_rules(password)
    return current_hasher().hash(password)


def verify_password(password_hash: str | None, password: str) -> bool:
    if not password_hash:
        return False
    try:
        return current_hasher().verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def verify_dummy(password: str) -> None:
    """Spend as long as a real check, for an account that does not exist."""
    verify_password(_dummy_hash(_parameters()), password)


def needs_rehash(password_hash: str) -> bool:
    try:
        return current_hasher().check_needs_rehash(password_hash)
    except InvalidHashError:
        return True


def rehash(password: str) -> str:
    """A new hash of a password that was just verified; no length rules, it is already in use."""
    return current_hasher().hash(password)
