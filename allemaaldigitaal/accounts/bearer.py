"""Who is calling the API: the bearer token alone decides, never the session cookie.

A browser that is signed in sends its session cookie with every request, also with one
that another site makes it send. So on API paths the session is ignored: the user comes
from the `Authorization: Bearer …` header only, and the usual `current_user`,
`access.enforce_access` and the access decorators then work unchanged.
"""
from flask import g, request

from allemaaldigitaal.api.auth import bearer_token, is_api_request
from allemaaldigitaal.core.transaction import commit_or_rollback
from allemaaldigitaal.extensions import login_manager

from .tokens import note_use, token_in_use, use_is_unnoted


def load_api_user() -> None:
    """before_request, just before the access check: on API paths the token decides who is signed in."""
    if not is_api_request():
        return
    raw = bearer_token(request.headers.get("Authorization"))
    g.api_token_given = raw is not None
    token = token_in_use(raw)
    if token is not None and use_is_unnoted(token):
        token_id = token.id
        commit_or_rollback(lambda: note_use(token_id))
    user = token.user if token is not None else None
    # Flask-Login keeps the request's user here; setting it means the session is never consulted.
    login_manager._update_request_context_with_user(user)
