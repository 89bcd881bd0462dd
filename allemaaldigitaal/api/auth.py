"""Recognising API requests and reading their bearer token; accounts.bearer decides whose token it is."""
from flask import request

from allemaaldigitaal.extensions import limiter
from allemaaldigitaal.web.problems import is_api_path

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


@limiter.request_filter
def _api_requests_skip_the_limiter() -> bool:
    """No API view has a rate limit (a bearer token cannot be guessed), so API requests skip the limiter's work.

    tests/api/test_rate_limits.py fails when an API view gets one: then remove this filter.
    """
    return is_api_request()
