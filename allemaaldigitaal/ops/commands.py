"""flask backup -o FILE and flask restore FILE --yes."""
from pathlib import Path

import click
from flask.cli import with_appcontext

from allemaaldigitaal.extensions import db

from . import backup as backups


@click.command("backup")
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="File to write the backup to.")
@with_appcontext
def backup(output: Path) -> None:
    """Copy the whole database into a file, while the app keeps running."""
    try:
        backups.back_up(db.engine, output)
    except backups.BackupError as error:
        raise click.ClickException(str(error)) from error
    click.echo(f"Backup written to {output} ({output.stat().st_size} bytes).")


@click.command("restore")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--yes", is_flag=True, help="Yes, replace everything in the database with the backup.")
@with_appcontext
def restore(file: Path, yes: bool) -> None:
    """Replace everything in the database with a backup made by `backup`."""
    if not yes:
        raise click.ClickException(
            "Restoring replaces every row in the database with the backup's. Stop the app servers, "
            "then run again with --yes."
        )
    try:
        backups.restore(db.engine, file)
    except backups.BackupError as error:
        raise click.ClickException(str(error)) from error
    click.echo(f"Database restored from {file}.")
