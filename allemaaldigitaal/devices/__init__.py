"""Devices: each with an asset tag and a history from pledge to person; their list, labels and QR page."""


def init_app(app) -> None:
    from allemaaldigitaal.api import register_api_blueprint

    from .api import blp
    from .label_commands import register_label_commands
    from .views import bp

    app.register_blueprint(bp)
    register_api_blueprint(app, blp)
    register_label_commands(app)
