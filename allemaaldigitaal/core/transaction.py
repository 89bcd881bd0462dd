"""The one way a request or command ends its work: commit all of it, or roll all of it back."""
from collections.abc import Callable
from typing import TypeVar

from allemaaldigitaal.extensions import db

T = TypeVar("T")


def commit_or_rollback(action: Callable[[], T]) -> T:
    """Run a service call and commit; on any error roll back, so nothing half is kept, and re-raise."""
    try:
        result = action()
    except BaseException:
        db.session.rollback()
        raise
    db.session.commit()
    return result
