"""GET/POST /api/v1/donations and GET /api/v1/donations/{reference}: the same services and scoping as the pages.

Another organisation's donation answers 404, as if it did not exist.
"""
from flask_login import current_user
from marshmallow import Schema, fields, validate
from sqlalchemy import select

from allemaaldigitaal.core.access import allow, get_visible_by_or_404, scoped
from allemaaldigitaal.core.enums import OrganisationKind as K
from allemaaldigitaal.core.models import Device, Donation
from allemaaldigitaal.core.transaction import commit_or_rollback
from allemaaldigitaal.extensions import db
from allemaaldigitaal.web.paging import page_headers

from . import paging, services
from .blueprint import blp
from .progress import device_counts, state
from .schemas import DonationDetailSchema, DonationSummarySchema, PledgeSchema

VIEWERS = (K.DONOR, K.REFURBISHER, K.COORDINATOR)
PAGE_HEADERS = {
    "X-Total-Count": {"description": "How many donations there are in all pages together.",
                      "schema": {"type": "integer", "minimum": 0}},
    "Link": {"description": "The first, previous, next and last page (RFC 8288), as far as they exist.",
             "schema": {"type": "string"}},
}


class PageArgs(Schema):
    page = fields.Integer(load_default=1, validate=validate.Range(min=1, max=1_000_000),
                          metadata={"description": "The page, from 1; past the last page the list is empty."})
    per_page = fields.Integer(load_default=paging.PER_PAGE, validate=validate.Range(min=1, max=paging.MAX_PER_PAGE),
                              metadata={"description": f"Donations per page, at most {paging.MAX_PER_PAGE}."})


def _shown(donation: Donation, counts: dict) -> dict:
    per_status = counts.get(donation.id, [])
    values = {name: getattr(donation, name) for name in DonationSummarySchema().fields if hasattr(donation, name)}
    workshop = donation.refurbisher.name if donation.refurbisher else None
    return {**values, "donor": donation.donor.name, "workshop": workshop, "state": state(donation, per_status),
            "device_counts": {status.value: count for status, count in per_status}}


@blp.route("/donations")
@allow(*VIEWERS)
@blp.arguments(PageArgs, location="query", as_kwargs=True)
@blp.response(200, DonationSummarySchema(many=True), headers=PAGE_HEADERS)
def list_donations(page: int, per_page: int):
    """The donations you may see, newest first, a page at a time (`page`, `per_page`).

    A donor sees its own, a workshop those assigned to it, a coordinator all. The header X-Total-Count
    says how many there are in all; Link gives the first, previous, next and last page.
    """
    found = paging.page_of(scoped(Donation), page, per_page)
    counts = device_counts(donation.id for donation in found.items)
    return [_shown(donation, counts) for donation in found.items], page_headers(found, "api_donations.list_donations")


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
