"""GET /health for load balancers: is the database reachable, and are its migrations at the head?

Anyone gets ok or fail and nothing more; a signed-in coordinator also sees which check failed.
No session cookie is set (nothing is written to the session) and nothing is cached.
"""
from functools import cache

from alembic.script import ScriptDirectory
from flask import Blueprint, current_app, jsonify
from flask_login import current_user
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from allemaaldigitaal.core.access import public
from allemaaldigitaal.core.enums import OrganisationKind as K
from allemaaldigitaal.extensions import db

bp = Blueprint("ops", __name__)


@bp.get("/health")
@public
def health():
    checks = run_checks()
    healthy = all(checks.values())
    body = {"status": "ok" if healthy else "fail"}
    if current_user.is_authenticated and current_user.kind == K.COORDINATOR:
        body["checks"] = {name: "ok" if passed else "fail" for name, passed in checks.items()}
    response = jsonify(body)
    response.status_code = 200 if healthy else 503
    response.headers["Cache-Control"] = "no-store"
    return response


def run_checks() -> dict[str, bool]:
    """Each check's result; a database that does not answer fails both."""
    try:
        db.session.execute(text("SELECT 1"))
    except SQLAlchemyError:
        current_app.logger.warning("Health check: the database does not answer", exc_info=True)
        _rollback()
        return {"database": False, "migrations": False}
    return {"database": True, "migrations": migrations_at_head()}


def migrations_at_head() -> bool:
    """The revisions the database records are exactly the heads of the migration scripts."""
    try:
        applied = set(db.session.scalars(text("SELECT version_num FROM alembic_version")))
    except SQLAlchemyError:
        current_app.logger.warning("Health check: no migration version in the database", exc_info=True)
        _rollback()
        return False
    return applied == script_heads(current_app.extensions["migrate"].directory)


@cache
def script_heads(directory: str) -> frozenset[str]:
    return frozenset(ScriptDirectory(directory).get_heads())


def _rollback() -> None:
    """A failed statement leaves a PostgreSQL transaction unusable; end it quietly."""
    try:
        db.session.rollback()
    except SQLAlchemyError:
        current_app.logger.warning("Health check: rollback failed", exc_info=True)
