"""The loans page: loans overdue and ending soon, devices to bring back to the workshop, and every open handout.

A care organisation sees its own, a coordinator every care organisation's (with overdue loans counted per
organisation); reads only.
"""
from flask import render_template, request
from flask_login import current_user
from sqlalchemy import func
from sqlalchemy.orm import joinedload

from allemaaldigitaal.core.access import allow
from allemaaldigitaal.core.enums import OrganisationKind as K
from allemaaldigitaal.core.models import Device, Donation, Handout
from allemaaldigitaal.extensions import db
from allemaaldigitaal.web.paging import page_of

from . import loans
from .blueprint import bp
from .returns import bring_back

#: rows of the overdue and ending-soon lists; longer lists say how many more there are
MAX_LISTED = 200
WITH_DEVICE = (joinedload(Handout.device), joinedload(Handout.care_organisation))


def _listed(query) -> list[Handout]:
    return list(db.session.scalars(query.options(*WITH_DEVICE).limit(MAX_LISTED)).unique())


def _count(query) -> int:
    return db.session.scalar(query.order_by(None).with_only_columns(func.count()))


@bp.get("/bruikleen", endpoint="loans")
@allow(K.CARE, K.COORDINATOR)
def loans_page():
    coordinator = current_user.kind == K.COORDINATOR
    overdue, ending = loans.overdue_loans(current_user), loans.loans_ending(current_user)
    handouts = page_of(
        loans.open_handouts(current_user), (Handout.handed_out_at.desc(), Handout.id.desc()),
        request.args.get("pagina", 1, type=int), options=WITH_DEVICE, last_if_beyond=True,
    )
    back = [] if coordinator else list(db.session.scalars(
        bring_back(current_user).options(joinedload(Device.donation).joinedload(Donation.refurbisher))
        .order_by(Device.status_changed_at, Device.id).limit(MAX_LISTED)
    ))
    return render_template(
        "care/loans.html", coordinator=coordinator, days=loans.ENDING_SOON_DAYS,
        overdue=loans.loan_rows(_listed(overdue)), overdue_total=_count(overdue),
        ending=loans.loan_rows(_listed(ending)), ending_total=_count(ending),
        handouts=handouts, handout_rows=loans.loan_rows(handouts.items), bring_back=back,
        per_organisation=loans.overdue_per_organisation(current_user) if coordinator else [],
    )
