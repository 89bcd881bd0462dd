"""Who is calling the API: the bearer token alone decides, never the session cookie.

A browser that is signed in sends its session cookie with every request, also with one
that another site makes it send. So on API paths the session is ignored: the user comes
from the `Authorization: Bearer …` header only, and the usual `current_user`,
`access.enforce_access` and the access decorators then work unchanged.
"""
from flask import g, request

from ..extensions import db, login_manager
from ..problems import is_api_path
from ..services.tokens import user_for_token

#: the human-readable docs page lives under /api/ but is an ordinary web page
DOCS_ENDPOINT = "api_docs.docs"


def is_api_request() -> bool:
    """A request for the JSON API: a path under /api/, except the docs page."""
    return is_api_path(request.path) and request.endpoint != DOCS_ENDPOINT


def bearer_token(header: str | None) -> str | None:
    """The token from an `Authorization: Bearer <token>` header, or None."""
    scheme, _space, token = (header or "").strip().partition(" ")
    token = token.strip()
    if scheme.lower() != "bearer" or not token or " " in token:
        return None
    return token


def load_api_user() -> None:
    """before_request, just before the access check: on API paths the token decides who is signed in."""
    if not is_api_request():
        return
    raw = bearer_token(request.headers.get("Authorization"))
    g.api_token_given = raw is not None
    user = user_for_token(raw)
    if db.session.dirty:
        db.session.commit()  # the token's last use
    # Flask-Login keeps the request's user here; setting it means the session is never consulted.
    login_manager._update_request_context_with_user(user)
