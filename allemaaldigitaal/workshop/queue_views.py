"""The work queue of a workshop: what waits, list by list, the oldest first (the start page shows the first few)."""
from flask import render_template
from flask_login import current_user

from allemaaldigitaal.core.access import allow, scoped
from allemaaldigitaal.core.enums import OrganisationKind as K
from allemaaldigitaal.core.models import Device
from allemaaldigitaal.start.overviews import workshop_queues
from allemaaldigitaal.start.queues import status_counts

from .blueprint import bp

#: rows per list; the rest is in the device list of that status
QUEUE_LIMIT = 50


@bp.get("/werkplaats/werklijst")
@allow(K.REFURBISHER)
def queue():
    held = scoped(Device).where(Device.custodian_id == current_user.organisation_id)
    return render_template(
        "workshop/queue.html", counts=status_counts(held),
        queues=workshop_queues(current_user, QUEUE_LIMIT, whole_lists=True),
    )
