"""Reports for the campaign: the coordinator's dashboard, the audit trail, exports and the public impact figures."""
from importlib import import_module

#: the modules that add routes to the blueprints in blueprint.py
ROUTE_MODULES: tuple[str, ...] = (
    "dashboard_views", "stats_api", "audit_views", "events_api", "export_views", "export_api", "impact_views",
)


def init_app(app) -> None:
    from allemaaldigitaal.api import register_api_blueprint

    from .blueprint import blp, bp

    for name in ROUTE_MODULES:
        import_module(f"{__name__}.{name}")
    app.register_blueprint(bp)
    register_api_blueprint(app, blp)
