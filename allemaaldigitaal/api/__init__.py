"""The JSON API under /api/v1."""
from flask import Flask


def init_api(app: Flask) -> None:
    """Registers the API; filled in by the API module."""
