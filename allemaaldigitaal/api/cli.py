"""create-token: a personal API token for a user, printed once."""
import click

from ..extensions import db
from ..services import DomainError
from ..services.accounts import find_user_by_email
from ..services.auth import may_sign_in
from ..services.tokens import create_token


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
    try:
        token, raw = create_token(user, name, detail="made on the command line")
    except DomainError as error:
        db.session.rollback()
        raise click.ClickException(str(error.message)) from error
    db.session.commit()
    click.echo(f"Token {token.name!r} for {user.email}. Copy it now: it is not shown again.", err=True)
    click.echo(raw)


commands = [create_token_command]
