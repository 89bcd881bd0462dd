"""Commands for accounts: create-user, create-token and prune-audit-log."""
import sys

import click
from flask import current_app

from allemaaldigitaal.cli import run_command
from allemaaldigitaal.core.audit import prune_audit_events
from allemaaldigitaal.core.enums import OrganisationKind

from .services import create_user, find_or_create_organisation, find_user_by_email, may_sign_in
from .tokens import create_token


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
    password = _read_password()
    user = run_command(lambda: create_user(
        email, name, find_or_create_organisation(organisation, OrganisationKind(kind)), password
    ))
    click.echo(f"Created {user.email} ({user.organisation.kind.value}) in {user.organisation.name}.")


@click.command("create-token")
@click.option("--email", required=True, help="The user the token works for.")
@click.option("--name", default="command line", show_default=True, help="A name to recognise the token by.")
def create_token_command(email: str, name: str) -> None:
    """Print a new API token for a user; it may do what that user may do, and is shown only this once."""
    user = find_user_by_email(email)
    if user is None:
        raise click.ClickException(f"There is no user with e-mail address {email}.")
    if not may_sign_in(user):
        raise click.ClickException(f"{user.email} or their organisation is deactivated; a token would not work.")
    token, raw = run_command(lambda: create_token(user, name, detail="made on the command line"))
    click.echo(f"Token {token.name!r} for {user.email}. Copy it now: it is not shown again.", err=True)
    click.echo(raw)


@click.command("prune-audit-log")
@click.option("--days", type=click.IntRange(1, None), help="Keep this many days (default AUDIT_RETENTION_DAYS).")
def prune_audit_log(days: int | None) -> None:
    """Delete security log entries older than the retention period (run it daily)."""
    removed = run_command(lambda: prune_audit_events(days or current_app.config["AUDIT_RETENTION_DAYS"]))
    click.echo(f"Removed {removed} audit log entries.")


commands = [create_user_command, create_token_command, prune_audit_log]
