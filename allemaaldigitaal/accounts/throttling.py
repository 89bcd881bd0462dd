"""Throttling (Flask-Limiter and its `limits` storage): sign-in per IP address, sign-in back-off, and other forms.

Sign-in back-off is counted per account and source (the typed e-mail address and the client's
IP address), and only for real failures: a password that was checked and did not let anyone
in. The first LOGIN_FREE_FAILURES of those cost nothing; after each further one that source
waits before its next try for that account: LOGIN_BACKOFF_FIRST_SECONDS, doubling with each
failure up to LOGIN_BACKOFF_MAX_SECONDS. Nobody is locked out: other sources, and so the account's owner,
sign in as usual. Counts live in the storage of RATELIMIT_STORAGE_URI, so all app servers that
share it (redis://…) count together; a successful sign-in from the source clears its count.

A refused request raises a 429; security.register_error_pages answers it with the generic error page.
"""
import hashlib
import math
import time

from flask import abort, current_app
from flask_limiter.util import get_remote_address
from flask_login import current_user
from limits.storage import Storage, storage_from_string
from werkzeug.exceptions import TooManyRequests

from allemaaldigitaal.extensions import limiter
from allemaaldigitaal.web.security import handle_http_error

STORAGE = "login_backoff_storage"


def _setting(key: str):
    return lambda: current_app.config[key]


login_per_ip = _setting("LOGIN_LIMIT_PER_IP")
signup_per_ip = _setting("SIGNUP_LIMIT_PER_IP")
password_change_per_user = _setting("PASSWORD_CHANGE_LIMIT")


def signed_in_user_key() -> str:
    return f"user:{current_user.get_id()}"


def failed(response) -> bool:
    """A form that succeeds redirects; anything else counts as a failed attempt."""
    return response.status_code != 302


@limiter.request_filter
def _limits_off_for_this_app() -> bool:
    """The limiter is shared by every app in a process; each app's own RATELIMIT_ENABLED decides."""
    return not current_app.config.get("RATELIMIT_ENABLED", True)


def wait_before_sign_in(email: str) -> None:
    """Refuse with 429 and Retry-After while this source must wait before trying this account again."""
    if not _enabled():
        return
    key = _key("wait", email)
    if _storage().get(key) > 0:
        _refuse(_storage().get_expiry(key) - time.time())


def note_failed_sign_in(email: str) -> None:
    """One more failure for this account from this source; past the free ones, the next try must wait."""
    if not _enabled():
        return
    failures = _storage().incr(_key("failures", email), _config("LOGIN_FAILURES_KEPT_SECONDS"))
    delay = backoff_seconds(failures)
    if delay:
        _storage().incr(_key("wait", email), delay)


def forget_failed_sign_ins(email: str) -> None:
    """After a successful sign-in this source starts again with its free tries for this account."""
    if not _enabled():
        return
    for kind in ("failures", "wait"):
        _storage().clear(_key(kind, email))


def backoff_seconds(failures: int) -> int:
    """How long to wait after this many failures in a row: nothing for the free ones, then doubling up to the maximum."""
    beyond = failures - _config("LOGIN_FREE_FAILURES")
    if beyond <= 0:
        return 0
    first, most = _config("LOGIN_BACKOFF_FIRST_SECONDS"), _config("LOGIN_BACKOFF_MAX_SECONDS")
    return min(first * 2 ** min(beyond - 1, 32), most)


def _refuse(seconds: float):
    response = handle_http_error(TooManyRequests())
    response.headers["Retry-After"] = str(max(1, math.ceil(seconds)))
    abort(response)


def _enabled() -> bool:
    return current_app.config.get("RATELIMIT_ENABLED", True)


def _config(key: str) -> int:
    return int(current_app.config[key])


def _key(kind: str, email: str) -> str:
    """A storage key for this account and source; the address itself is not stored, only a hash."""
    typed = (email or "").strip().lower()
    digest = hashlib.sha256(f"{typed}\n{get_remote_address()}".encode()).hexdigest()[:40]
    return f"{current_app.config.get('RATELIMIT_KEY_PREFIX', '')}login-{kind}:{digest}"


def _storage() -> Storage:
    """This app's storage for the back-off, made from RATELIMIT_STORAGE_URI on first use."""
    extensions = current_app.extensions
    if STORAGE not in extensions:
        config = current_app.config
        extensions[STORAGE] = storage_from_string(
            config["RATELIMIT_STORAGE_URI"], **config.get("RATELIMIT_STORAGE_OPTIONS", {})
        )
    return extensions[STORAGE]
