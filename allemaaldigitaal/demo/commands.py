"""flask demo-data: the demo campaign, only into an empty database."""
import click
from flask import current_app

from allemaaldigitaal.cli import run_command

from .services import ACCOUNT_NAMES, demo_email, holds_real_data, load_demo_data


@click.command("demo-data")
@click.option("--devices", default=300, show_default=True, type=click.IntRange(1, 1_000_000))
@click.option("--if-empty", is_flag=True, help="Skip quietly when the database holds real data.")
def demo_data(devices: int, if_empty: bool) -> None:
    """Load the demo campaign into an empty database (does nothing when it is there)."""
    if current_app.config["APP_ENV"] == "production":
        raise click.ClickException("Demo data is never loaded in production (APP_ENV=production).")
    password = current_app.config["DEMO_PASSWORD"]
    if if_empty and holds_real_data():
        click.echo("The database holds real data; demo data not loaded.")
        return
    created = run_command(lambda: load_demo_data(password, devices=devices))
    click.echo("Demo data loaded." if created else "Demo data is already there; nothing changed.")
    click.echo(f"Demo logins (password: {password}):")
    for name in ACCOUNT_NAMES.values():
        click.echo(f"  {demo_email(name)}")
