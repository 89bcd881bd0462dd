"""The base of every form, and running a form's service call: commit, or roll back and show the refusal."""
from collections.abc import Callable
from typing import TypeVar

from flask import flash
from flask_wtf import FlaskForm

from allemaaldigitaal.core.errors import DomainError
from allemaaldigitaal.core.transaction import commit_or_rollback

from .text import CONTROL_CHARACTER_MESSAGE, has_control_characters

T = TypeVar("T")


class Form(FlaskForm):
    """Every form derives from this: text with control characters (NUL included) is refused next to its field.

    Every field is checked in the same round, so a person sees all that is wrong at once.
    """

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        for field in self:
            if isinstance(field.data, str) and has_control_characters(field.data):
                field.errors = [*field.errors, CONTROL_CHARACTER_MESSAGE]
                valid = False
        if not valid:
            leave_focus_to_error_summary(self)
        return valid


def leave_focus_to_error_summary(form) -> None:
    """No field asks for the focus (autofocus) when the error summary should get it."""
    for field in form:
        if field.render_kw and "autofocus" in field.render_kw:
            field.render_kw = {name: value for name, value in field.render_kw.items() if name != "autofocus"}


def show_domain_error(form, error: DomainError) -> None:
    """Put the message next to its field, or above the form when it names no field."""
    field = getattr(form, error.field, None) if error.field else None
    if field is not None:
        field.errors = [*field.errors, error.message]
    else:
        form.form_errors.append(error.message)
    leave_focus_to_error_summary(form)


def commit_or_show(form, action: Callable[[], T]) -> tuple[bool, T | None]:
    """(True, result) after committing; (False, None) when the service refused, with nothing written."""
    try:
        return True, commit_or_rollback(action)
    except DomainError as error:
        show_domain_error(form, error)
        return False, None


def refused_with_flash(action: Callable[[], object]) -> bool:
    """Run and commit the action; when the service refuses, flash its message, write nothing and return True."""
    try:
        commit_or_rollback(action)
    except DomainError as error:
        flash(str(error.message), "error")
        return True
    return False
