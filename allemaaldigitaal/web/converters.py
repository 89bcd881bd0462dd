"""URL converters: a value in a route is one the database can hold, or the route does not match (404).

Registered before any route is added, so every <int:…>, <name>, <string:…> and <path:…> uses them.
"""
from flask import Flask
from werkzeug.routing import IntegerConverter, PathConverter, UnicodeConverter, ValidationError

from .text import has_control_characters

#: the largest value of a PostgreSQL INTEGER column, and so of every id
MAX_ID = 2**31 - 1


class BoundedIntConverter(IntegerConverter):
    """Digits 0-9 only, up to MAX_ID: a larger number is no page, never a database error."""

    regex = r"[0-9]+"

    def __init__(self, map, fixed_digits: int = 0, min: int | None = -MAX_ID - 1, max: int | None = MAX_ID,
                 signed: bool = False):
        super().__init__(map, fixed_digits=fixed_digits, min=min, max=max, signed=signed)


class VisibleTextMixin:
    """Text with a control character (NUL included) is no page."""

    def to_python(self, value: str) -> str:
        if has_control_characters(value):
            raise ValidationError
        return super().to_python(value)


class VisibleTextConverter(VisibleTextMixin, UnicodeConverter):
    pass


class VisiblePathConverter(VisibleTextMixin, PathConverter):
    pass


CONVERTERS = {
    "int": BoundedIntConverter,
    "default": VisibleTextConverter,
    "string": VisibleTextConverter,
    "path": VisiblePathConverter,
}


def register_converters(app: Flask) -> None:
    """Before any route is added: replace Werkzeug's converters by these."""
    app.url_map.converters.update(CONVERTERS)
