"""The one way a request or command ends its work: commit all of it, or roll all of it back."""
from collections.abc import Callable
from typing import TypeVar

from flask_babel import lazy_gettext as _l
from sqlalchemy.exc import IntegrityError

from allemaaldigitaal.extensions import db

from .errors import DomainError
from .sqlite import write_transactions

T = TypeVar("T")

#: the form field to show a unique-constraint refusal next to, by (table, sorted columns)
UNIQUE_FIELDS = {
    ("users", ("email",)): "email",
    ("organisations", ("kind", "name_key")): "organisation",
}
#: a check in a service passed, then a simultaneous request wrote the same value first
CONFLICT = _l("Iemand deed net tegelijk hetzelfde. Laad de pagina opnieuw en probeer het nog een keer.")


def commit_or_rollback(action: Callable[[], T]) -> T:
    """Run a service call and commit; on any error roll back, so nothing half is kept, and re-raise.

    A unique constraint that refuses the write (two requests at once) becomes a DomainError with a plain message.
    The action runs in a transaction of its own that takes SQLite's write lock when it begins, so it reads again
    what it changes (see core.sqlite).
    """
    end_read_transaction()
    with write_transactions():
        try:
            result = action()
            db.session.commit()
        except IntegrityError as error:
            db.session.rollback()
            violated = unique_violation(error)
            if violated is None:
                raise
            raise DomainError(CONFLICT, UNIQUE_FIELDS.get(violated)) from error
        except BaseException:
            db.session.rollback()
            raise
    return result


def end_read_transaction() -> None:
    """Let go of the request's open transaction (it has only read) before slow work or a write transaction.

    Changes waiting in the session are a mistake in the caller (writes belong inside the action): they are
    refused rather than committed on the side, so nothing is ever kept by half.
    """
    session = db.session()
    if session.new or session.dirty or session.deleted:
        raise RuntimeError("unsaved changes outside commit_or_rollback's action")
    if session.in_transaction():
        session.commit()


def unique_violation(error: IntegrityError) -> tuple[str, tuple[str, ...]] | None:
    """(table, sorted columns) of the unique constraint the database refused, on PostgreSQL and SQLite."""
    original = error.orig
    diag = getattr(original, "diag", None)
    if diag is not None:
        if getattr(original, "sqlstate", None) != "23505":
            return None
        return diag.table_name, _columns_of(diag.table_name, diag.constraint_name)
    prefix = "UNIQUE constraint failed: "
    message = str(original)
    if not message.startswith(prefix):
        return None
    qualified = [part.strip().split(".", 1) for part in message.removeprefix(prefix).split(",")]
    return qualified[0][0], tuple(sorted(column for _table, column in qualified))


def _columns_of(table_name: str, constraint_name: str) -> tuple[str, ...]:
    table = db.metadata.tables.get(table_name)
    if table is None:
        return ()
    for item in (*table.constraints, *table.indexes):
        if item.name == constraint_name:
            return tuple(sorted(column.name for column in item.columns))
    return ()
