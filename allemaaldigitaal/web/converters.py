"""URL converters: a value in a route is one the database can hold, or the route does not match (404).

Registered before any route is added, so every <int:…>, <name>, <string:…> and <path:…> uses them.
"""
from flask import Flask
from werkzeug.routing import IntegerConverter, PathConverter, UnicodeConverter

#: the largest value of a PostgreSQL INTEGER column, and so of every id
MAX_ID = 2**31 - 1


class BoundedIntConverter(IntegerConverter):
    """Digits 0-9 only, up to MAX_ID: a larger number is no page, never a database error."""

    regex = r"[0-9]+"

    def __init__(self, map, fixed_digits: int = 0, min: int | None = -MAX_ID - 1, max: int | None = MAX_ID,
                 signed: bool = False):
        super().__init__(map, fixed_digits=fixed_digits, min=min, max=max, signed=signed)


#: the control characters we never store (Unicode category Cc but tab, newline and carriage return), for a regex class
INVISIBLE = "\\x00-\\x08\\x0b\\x0c\\x0e-\\x1f\\x7f-\\x9f"


class VisibleTextConverter(UnicodeConverter):
    """Text with a control character (NUL included) is no page.

    The regex itself leaves those characters out, so such a path matches no rule and is a 404 for every method. A
    converter that refused them in to_python would stop werkzeug at the first rule of a path that has one rule per
    method, and a GET could then get 405 (allowed: POST) instead of 404.
    """

    def __init__(self, map, minlength: int = 1, maxlength: int | None = None, length: int | None = None):
        super().__init__(map, minlength=minlength, maxlength=maxlength, length=length)
        self.regex = self.regex.replace("[^/]", f"[^/{INVISIBLE}]")


class VisiblePathConverter(PathConverter):
    """A path without control characters (as VisibleTextConverter)."""

    regex = f"[^/{INVISIBLE}][^{INVISIBLE}]*?"


CONVERTERS = {
    "int": BoundedIntConverter,
    "default": VisibleTextConverter,
    "string": VisibleTextConverter,
    "path": VisiblePathConverter,
}


def register_converters(app: Flask) -> None:
    """Before any route is added: replace Werkzeug's converters by these."""
    app.url_map.converters.update(CONVERTERS)
