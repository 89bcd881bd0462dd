"""The start page: one page whose content follows the kind of the signed-in user's organisation."""
from datetime import datetime

from flask import Blueprint, render_template
from flask_babel import gettext as _, to_user_timezone
from flask_login import current_user

from allemaaldigitaal.core.access import signed_in
from allemaaldigitaal.core.enums import OrganisationKind as K
from allemaaldigitaal.core.models.types import utcnow
from allemaaldigitaal.reports.dashboard import dashboard_context

from .actions import FIRST_STEP, actions_for, link
from .overviews import overview_for

bp = Blueprint("start", __name__)


def greeting(name: str, now: datetime) -> str:
    """Good morning, afternoon or evening, by the hour in the user's time zone."""
    hour = to_user_timezone(now).hour
    if 6 <= hour < 12:
        return _("Goedemorgen, %(name)s", name=name)
    if 12 <= hour < 18:
        return _("Goedemiddag, %(name)s", name=name)
    return _("Goedenavond, %(name)s", name=name)


@bp.get("/start")
@signed_in
def index():
    kind = current_user.kind
    return render_template(
        "start/index.html",
        greeting=greeting(current_user.name, utcnow()),
        kind=kind,
        actions=actions_for(kind),
        first_step=link(FIRST_STEP[kind]),
        overview=overview_for(current_user),
        # a coordinator's start page is the dashboard as well
        **(dashboard_context(current_user) if kind == K.COORDINATOR else {}),
    )
