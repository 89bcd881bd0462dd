"""Personal API tokens: made once, stored only as a SHA-256 hash, revocable."""
import hashlib
import secrets
from datetime import timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import bindparam, select
from sqlalchemy.orm import joinedload

from allemaaldigitaal.core.audit import record_audit
from allemaaldigitaal.core.errors import DomainError
from allemaaldigitaal.core.models import ApiToken, User
from allemaaldigitaal.core.models.types import utcnow
from allemaaldigitaal.extensions import db

from .services import may_sign_in

#: every token starts with this, so people and secret scanners recognise it
TOKEN_START = "ad_"
#: how much of the token the owner sees again in the list (the start and a few random characters)
PREFIX_LENGTH = 8
NAME_MAX_LENGTH = 100
#: a token's last use is written at most this often, so busy clients do not write on every request
LAST_USED_PRECISION = timedelta(minutes=1)
#: longer than any token we make; longer input is not looked up at all
RAW_MAX_LENGTH = 100


def hash_token(raw: str) -> str:
    """How secret tokens (API keys, invitation links) are stored: SHA-256, hex."""
    return hashlib.sha256(raw.encode()).hexdigest()


def describe(token: ApiToken) -> str:
    """How the audit log names a token: its name and visible start, never the token."""
    return f"{token.name} ({token.prefix}…)"


def create_token(user: User, name: str, *, detail: str | None = None) -> tuple[ApiToken, str]:
    """A new token for this user; the raw token is returned once and never stored."""
    name = (name or "").strip()
    if not name:
        raise DomainError(_l("Geef de sleutel een naam."), "name")
    if len(name) > NAME_MAX_LENGTH:
        raise DomainError(_l("Kies een kortere naam: hoogstens %(max)s tekens.", max=NAME_MAX_LENGTH), "name")
    raw = TOKEN_START + secrets.token_urlsafe(32)
    token = ApiToken(user=user, name=name, token_hash=hash_token(raw), prefix=raw[:PREFIX_LENGTH])
    db.session.add(token)
    record_audit("token_created", user, subject=describe(token), detail=detail)
    return token, raw


def revoke_token(token: ApiToken, actor: User | None = None, reason: str | None = None) -> None:
    """The token stops working at once; revoking twice changes nothing. The actor is the owner unless given."""
    if token.revoked_at is not None:
        return
    token.revoked_at = utcnow()
    record_audit("token_revoked", actor or token.user, subject=describe(token), detail=reason)


def revoke_api_tokens(user: User, actor: User, reason: str) -> None:
    """Every API token of the user that still works stops working now; each one is audited with the reason."""
    for token in db.session.scalars(select(ApiToken).where(ApiToken.user_id == user.id, ApiToken.revoked_at.is_(None))):
        revoke_token(token, actor, reason)


#: a working token with its user and organisation, in one query: every API request runs it, so it is built once
TOKEN_BY_HASH = (
    select(ApiToken)
    .where(ApiToken.token_hash == bindparam("token_hash"), ApiToken.revoked_at.is_(None))
    .options(joinedload(ApiToken.user).joinedload(User.organisation))
)


def token_in_use(raw: str | None) -> ApiToken | None:
    """The working token behind this raw value, if its user may sign in; only reads."""
    if not raw or len(raw) > RAW_MAX_LENGTH or not raw.startswith(TOKEN_START):
        return None
    token = db.session.scalar(TOKEN_BY_HASH, {"token_hash": hash_token(raw)})
    if token is None or not may_sign_in(token.user):
        return None
    return token


def user_for_token(raw: str | None) -> User | None:
    token = token_in_use(raw)
    return token.user if token else None


def use_is_unnoted(token: ApiToken) -> bool:
    """Whether the token's last use is older than the precision we keep, so it is worth a write."""
    return token.last_used_at is None or utcnow() - token.last_used_at >= LAST_USED_PRECISION


def note_use(token_id: int) -> None:
    """Write when the token was used (a write at most once per LAST_USED_PRECISION)."""
    token = db.session.get(ApiToken, token_id)
    if token is not None and use_is_unnoted(token):
        token.last_used_at = utcnow()
