"""Security headers on every response and generic error pages."""
from flask import Flask, render_template


def add_security_headers(response):
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    return response


def register_error_pages(app: Flask) -> None:
    for code in (403, 404, 500):
        app.register_error_handler(code, lambda error, code=code: (render_template("base.html"), code))
