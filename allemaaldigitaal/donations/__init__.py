"""Donations: a donor's pledge of devices, its devices (form or spreadsheet), receipt, certificate and impact."""
from importlib import import_module

#: the modules that add routes to the blueprints in blueprint.py
ROUTE_MODULES = ("views", "device_views", "certificate_views", "impact_views", "api", "device_api", "certificate_api")


def init_app(app) -> None:
    from allemaaldigitaal.api import register_api_blueprint

    from .blueprint import blp, bp

    for name in ROUTE_MODULES:
        import_module(f"{__name__}.{name}")
    app.register_blueprint(bp)
    register_api_blueprint(app, blp)
