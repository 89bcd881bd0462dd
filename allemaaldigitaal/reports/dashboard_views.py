"""The coordinator's dashboard: the whole campaign in figures, for coordinators only."""
from flask import render_template
from flask_login import current_user

from allemaaldigitaal.core.access import allow
from allemaaldigitaal.core.enums import OrganisationKind as K

from .blueprint import bp
from .dashboard import dashboard_context


@bp.get("/dashboard")
@allow(K.COORDINATOR)
def dashboard():
    return render_template("reports/dashboard.html", **dashboard_context(current_user))
