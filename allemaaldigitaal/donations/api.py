"""GET/POST /api/v1/donations and GET /api/v1/donations/{reference}: the same services and scoping as the pages.

Another organisation's donation answers 404, as if it did not exist.
"""
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from allemaaldigitaal.core.access import allow, get_visible_by_or_404, scoped
from allemaaldigitaal.core.enums import OrganisationKind as K
from allemaaldigitaal.core.models import Device, Donation
from allemaaldigitaal.core.transaction import commit_or_rollback
from allemaaldigitaal.extensions import db

from . import services
from .blueprint import blp
from .progress import device_counts, state
from .schemas import DonationDetailSchema, DonationSummarySchema, PledgeSchema

VIEWERS = (K.DONOR, K.REFURBISHER, K.COORDINATOR)
#: the most donations one list answers, newest first
LIST_LIMIT = 1000


def _shown(donation: Donation, counts: dict) -> dict:
    per_status = counts.get(donation.id, [])
    fields = {name: getattr(donation, name) for name in DonationSummarySchema().fields if hasattr(donation, name)}
    workshop = donation.refurbisher.name if donation.refurbisher else None
    return {**fields, "donor": donation.donor.name, "workshop": workshop, "state": state(donation, per_status),
            "device_counts": {status.value: count for status, count in per_status}}


@blp.route("/donations")
@allow(*VIEWERS)
@blp.response(200, DonationSummarySchema(many=True))
def list_donations():
    """The donations you may see, newest first (at most 1000).

    A donor sees its own, a workshop those assigned to it, a coordinator all.
    """
    query = scoped(Donation).options(joinedload(Donation.donor), joinedload(Donation.refurbisher))
    donations = list(db.session.scalars(
        query.order_by(Donation.created_at.desc(), Donation.id.desc()).limit(LIST_LIMIT)
    ))
    counts = device_counts(donation.id for donation in donations)
    return [_shown(donation, counts) for donation in donations]


@blp.route("/donations", methods=["POST"])
@allow(K.DONOR)
@blp.arguments(PledgeSchema)
@blp.response(201, DonationDetailSchema)
def create_donation(pledge):
    """Pledge a new donation (donors only). It gets a reference such as DON-2026-00042.

    Then add its devices with `POST /donations/{reference}/devices`.
    """
    donation = commit_or_rollback(lambda: services.pledge(current_user, services.PickupDetails(**pledge)))
    return _detail(donation)


@blp.route("/donations/<reference>")
@allow(*VIEWERS)
@blp.response(200, DonationDetailSchema)
def get_donation(reference: str):
    """One donation with its devices, their tags and statuses."""
    return _detail(get_visible_by_or_404(Donation, Donation.reference, reference))


def _detail(donation: Donation) -> dict:
    devices = list(db.session.scalars(select(Device).where(Device.donation_id == donation.id).order_by(Device.id)))
    return {**_shown(donation, device_counts([donation.id])), "devices": devices}
