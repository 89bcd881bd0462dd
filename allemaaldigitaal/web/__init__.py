"""Shared by every page: URL values that fit the database, security headers, error pages, languages, navigation,
form helpers, e-mail."""
from flask import Flask


def init_app(app: Flask) -> None:
    from .converters import register_converters
    from .i18n import init_babel
    from .mail import init_mail
    from .navigation import navigation_context
    from .security import add_security_headers, apply_upload_limit, register_error_pages

    # ahead of every other hook: CSRF and the API's input check read the body, which must meet the view's limit
    app.before_request_funcs.setdefault(None, []).insert(0, apply_upload_limit)
    register_converters(app)
    init_babel(app)
    init_mail(app)
    app.after_request(add_security_headers)
    app.context_processor(navigation_context)
    register_error_pages(app)
