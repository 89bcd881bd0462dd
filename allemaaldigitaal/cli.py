"""Thin command-line commands over the services; each commits once."""
import sys

import click
from flask import current_app

from .api.cli import commands as api_commands
from .enums import OrganisationKind
from .extensions import db
from .services import DomainError
from .services.accounts import create_user, find_or_create_organisation
from .services.audit import prune_audit_events
from .services.demo import ACCOUNT_NAMES, demo_email, holds_real_data, load_demo_data


def _fail(error: DomainError) -> None:
    db.session.rollback()
    raise click.ClickException(str(error.message))


@click.command("demo-data")
@click.option("--devices", default=300, show_default=True, type=click.IntRange(1, 1_000_000))
@click.option("--if-empty", is_flag=True, help="Skip quietly when the database holds real data.")
def demo_data(devices: int, if_empty: bool) -> None:
    """Load the demo campaign into an empty database (does nothing when it is there)."""
    password = current_app.config["DEMO_PASSWORD"]
    if if_empty and holds_real_data():
        click.echo("The database holds real data; demo data not loaded.")
        return
    try:
        created = load_demo_data(password, devices=devices)
    except DomainError as error:
        _fail(error)
    db.session.commit()
    click.echo("Demo data loaded." if created else "Demo data is already there; nothing changed.")
    click.echo(f"Demo logins (password: {password}):")
    for name in ACCOUNT_NAMES.values():
        click.echo(f"  {demo_email(name)}")


def _read_password() -> str:
    if not sys.stdin.isatty():
        return sys.stdin.readline().rstrip("\n")
    return click.prompt("Password", hide_input=True, confirmation_prompt=True)


@click.command("create-user")
@click.option("--email", required=True)
@click.option("--name", required=True)
@click.option("--organisation", required=True, help="Name; created when new.")
@click.option("--kind", required=True, type=click.Choice(OrganisationKind.values()))
def create_user_command(email: str, name: str, organisation: str, kind: str) -> None:
    """Create a user; the password is asked twice, or read from standard input."""
    try:
        org = find_or_create_organisation(organisation, OrganisationKind(kind))
        user = create_user(email, name, org, _read_password())
    except DomainError as error:
        _fail(error)
    db.session.commit()
    click.echo(f"Created {user.email} ({org.kind.value}) in {org.name}.")


@click.command("prune-audit-log")
@click.option("--days", type=click.IntRange(1, None), help="Keep this many days (default AUDIT_RETENTION_DAYS).")
def prune_audit_log(days: int | None) -> None:
    """Delete security log entries older than the retention period (run it daily)."""
    removed = prune_audit_events(days or current_app.config["AUDIT_RETENTION_DAYS"])
    db.session.commit()
    click.echo(f"Removed {removed} audit log entries.")


commands = [demo_data, create_user_command, prune_audit_log, *api_commands]
