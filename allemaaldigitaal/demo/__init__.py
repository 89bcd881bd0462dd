"""A believable demo campaign, built through the real services: `flask demo-data`."""
from flask import Flask


def init_app(app: Flask) -> None:
    from .commands import demo_data

    app.cli.add_command(demo_data)
