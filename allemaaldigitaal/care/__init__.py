"""Care organisations: claims for devices, and handouts to the people they help."""
from importlib import import_module

#: the modules that add routes to the blueprints in blueprint.py
ROUTE_MODULES: tuple[str, ...] = ("views", "coordinator_views", "api", "handover_form_views", "handout_views",
                                 "handout_api", "return_api", "loan_views")


def init_app(app) -> None:
    from allemaaldigitaal.api import register_api_blueprint

    from .blueprint import blp, bp
    from .commands import commands

    for name in ROUTE_MODULES:
        import_module(f"{__name__}.{name}")
    app.register_blueprint(bp)
    register_api_blueprint(app, blp)
    for command in commands:
        app.cli.add_command(command)
