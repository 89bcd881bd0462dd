"""Devices: each with an asset tag and a history from pledge to person; their list, labels and QR page."""


def init_app(app) -> None:
    from allemaaldigitaal.api import register_api_blueprint

    from . import device_views  # noqa: F401  (adds the device pages and list to the blueprint)
    from .api import blp
    from .device_api import blp as device_blp
    from .label_commands import register_label_commands
    from .views import bp

    app.register_blueprint(bp)
    register_api_blueprint(app, blp)
    register_api_blueprint(app, device_blp)
    register_label_commands(app)
