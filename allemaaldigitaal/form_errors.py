"""Showing a service's refusal on the form that caused it."""
from .services import DomainError


def show_domain_error(form, error: DomainError) -> None:
    """Put the message next to its field, or above the form when it names no field."""
    field = getattr(form, error.field, None) if error.field else None
    if field is not None:
        field.errors = [*field.errors, error.message]
    else:
        form.form_errors.append(error.message)
