"""What every page shares: security headers, error pages, languages, navigation, form helpers."""
from flask import Flask


def init_app(app: Flask) -> None:
    from .i18n import init_babel
    from .navigation import navigation_context
    from .security import add_security_headers, register_error_pages

    init_babel(app)
    app.after_request(add_security_headers)
    app.context_processor(navigation_context)
    register_error_pages(app)
