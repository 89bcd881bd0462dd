"""flask purge-personal-data [--dry-run] and flask send-loan-reminders: run them daily (cron or a timer)."""
import click
from flask import current_app

from allemaaldigitaal.cli import run_command
from allemaaldigitaal.core.tags import format_tag
from allemaaldigitaal.web.mail import send_queued

from .reminders import REMINDER_DAYS, send_loan_reminders
from .retention import erase_personal_data, retention_months


@click.command("purge-personal-data")
@click.option("--dry-run", is_flag=True, help="Only list the handouts that would be erased; change nothing.")
def purge_personal_data(dry_run: bool) -> None:
    """Erase the recipient reference and note of handouts that ended RECIPIENT_RETENTION_MONTHS ago or longer."""
    months = retention_months()
    if months < 1:
        raise click.ClickException(f"RECIPIENT_RETENTION_MONTHS is {months}; it must be 1 or more.")
    erased = run_command(lambda: erase_personal_data(months=months, dry_run=dry_run))
    verb = "Would erase" if dry_run else "Erased"
    click.echo(f"{verb} the recipient of {len(erased)} handouts that ended {months} months ago or longer.")
    for item in erased:
        click.echo(f"handout {item.handout_id}  device {format_tag(item.asset_tag)}  ended {item.ended_on.isoformat()}")


@click.command("send-loan-reminders")
def send_loan_reminders_command() -> None:
    """Mail the care organisation once about each loan that ends within 14 days (or ended) and is still out."""
    reminded = run_command(send_loan_reminders)
    sent = send_queued()
    click.echo(f"Reminded care organisations of {len(reminded)} loans ending within {REMINDER_DAYS} days.")
    for item in reminded:
        click.echo(f"handout {item.handout_id}  device {format_tag(item.asset_tag)}  "
                   f"loan until {item.loan_until.isoformat()}")
    if not sent:
        current_app.logger.warning("Some reminders could not be sent yet; the send-mail worker tries again")
        click.echo("Some mails could not be sent yet; the send-mail worker sends them later.", err=True)


commands = [purge_personal_data, send_loan_reminders_command]
