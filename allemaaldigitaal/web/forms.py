"""Running a form's service call: commit on success, or roll back and show the refusal on the form."""
from collections.abc import Callable
from typing import TypeVar

from allemaaldigitaal.core.errors import DomainError
from allemaaldigitaal.core.transaction import commit_or_rollback

T = TypeVar("T")


def show_domain_error(form, error: DomainError) -> None:
    """Put the message next to its field, or above the form when it names no field."""
    field = getattr(form, error.field, None) if error.field else None
    if field is not None:
        field.errors = [*field.errors, error.message]
    else:
        form.form_errors.append(error.message)


def commit_or_show(form, action: Callable[[], T]) -> tuple[bool, T | None]:
    """(True, result) after committing; (False, None) when the service refused, with nothing written."""
    try:
        return True, commit_or_rollback(action)
    except DomainError as error:
        show_domain_error(form, error)
        return False, None
