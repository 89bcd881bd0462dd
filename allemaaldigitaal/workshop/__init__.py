"""Workshop: receiving donations, the scan station, refurbishment checks, data-wipe records and nwipe reports."""
from importlib import import_module

#: the modules that add routes to the blueprints in blueprint.py
ROUTE_MODULES: tuple[str, ...] = (
    "check_views", "wipe_views", "record_api", "receive_views", "queue_views", "scan_views", "scan_api",
)


def init_app(app) -> None:
    from allemaaldigitaal.api import register_api_blueprint

    from .blueprint import blp, bp

    for name in ROUTE_MODULES:
        import_module(f"{__name__}.{name}")
    app.register_blueprint(bp)
    register_api_blueprint(app, blp)
