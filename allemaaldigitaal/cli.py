"""What every command shares: one service call per command, committed whole or refused with the reason."""
from collections.abc import Callable
from typing import TypeVar

import click

from allemaaldigitaal.core.errors import DomainError
from allemaaldigitaal.core.transaction import commit_or_rollback

T = TypeVar("T")


def run_command(action: Callable[[], T]) -> T:
    """Commit what the action did, or roll it all back and stop with the refusal's message."""
    try:
        return commit_or_rollback(action)
    except DomainError as error:
        raise click.ClickException(str(error.message)) from error
