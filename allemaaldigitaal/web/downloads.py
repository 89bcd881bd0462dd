"""A file the browser saves rather than shows: one response shape for every download (PDFs, labels, exports)."""
from collections.abc import Iterable

from flask import Response

PDF = "application/pdf"


def attachment(body: bytes | str | Iterable, filename: str, content_type: str = PDF) -> Response:
    """The body as a download named filename (non-ASCII names are encoded as RFC 6266 asks)."""
    response = Response(body, content_type=content_type)
    response.headers.set("Content-Disposition", "attachment", filename=filename)
    return response
