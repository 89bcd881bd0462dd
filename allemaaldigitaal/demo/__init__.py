"""A believable demo campaign of any size, under the same rules and safety net as real use: `flask demo-data`."""
from flask import Flask


def init_app(app: Flask) -> None:
    from .commands import demo_data

    app.cli.add_command(demo_data)
