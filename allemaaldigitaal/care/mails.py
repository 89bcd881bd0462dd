"""The e-mails to a care organisation: its claim was decided, devices are ready to collect, a loan ends soon.

Each goes to every active member of the organisation (none for the made-up demo organisations), in Dutch: the
recipients' language is not known. They name devices by tag and never the person who has one.
"""
from collections import defaultdict
from collections.abc import Iterable
from datetime import date

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from allemaaldigitaal.core.enums import ClaimStatus
from allemaaldigitaal.core.models import Claim, Device, Organisation, User
from allemaaldigitaal.core.tags import format_tag
from allemaaldigitaal.extensions import db
from allemaaldigitaal.web.mail import Letter, queue, site_url


def member_addresses(organisation_id: int) -> list[str]:
    """The addresses of the organisation's active members, each once; none for a demo organisation (made up)."""
    return list(db.session.scalars(
        select(User.email)
        .join(Organisation, Organisation.id == User.organisation_id)
        .where(User.organisation_id == organisation_id, User.active, ~Organisation.is_demo)
        .order_by(User.email)
    ))


def _send(organisation_id: int, template: str, subject, context: dict) -> None:
    for address in member_addresses(organisation_id):
        queue(Letter(template, address, subject, context))


def _claim_context(claim: Claim) -> dict:
    return {
        "number": claim.id, "laptops": claim.laptops_requested, "tablets": claim.tablets_requested,
        "link": site_url("care.claim", claim_id=claim.id),
    }


def claim_decided(claim: Claim) -> None:
    """The care organisation hears that its claim was approved, or rejected and why."""
    context = _claim_context(claim)
    if claim.status == ClaimStatus.APPROVED:
        _send(claim.care_organisation_id, "care_claim_approved",
              _l("Aanvraag %(number)s is goedgekeurd", number=claim.id), context)
    elif claim.status == ClaimStatus.REJECTED:
        _send(claim.care_organisation_id, "care_claim_rejected",
              _l("Aanvraag %(number)s is afgewezen", number=claim.id), context | {"reason": claim.rejection_reason})


def _pickup_places(devices: Iterable[Device]) -> list[dict]:
    """Per workshop that holds some of the devices: its name, address and how many, nearest name first."""
    counts: dict[int, int] = defaultdict(int)
    for device in devices:
        counts[device.custodian_id] += 1
    workshops = db.session.scalars(select(Organisation).where(Organisation.id.in_(list(counts)))).all()
    return [
        {
            "name": workshop.name, "count": counts[workshop.id],
            "address": ", ".join(part for part in (workshop.address, workshop.postcode, workshop.city) if part),
            "phone": workshop.contact_phone or "", "email": workshop.contact_email or "",
        }
        for workshop in sorted(workshops, key=lambda workshop: (workshop.name, workshop.id))
    ]


def devices_allocated(claim: Claim, devices: list[Device]) -> None:
    """One mail per allocation: how many devices are ready for the claim and where to collect them."""
    if not devices:
        return
    context = _claim_context(claim) | {"count": len(devices), "places": _pickup_places(devices)}
    _send(claim.care_organisation_id, "care_devices_allocated",
          _l("Aanvraag %(number)s: er staan apparaten voor jullie klaar", number=claim.id), context)


def loan_ends(care_organisation_id: int, asset_tag: str, loan_until: date, today: date) -> None:
    """The reminder that a loan ends soon (or has ended): the device's tag, the end date and its page."""
    tag = format_tag(asset_tag)
    context = {
        "tag": tag, "loan_until": loan_until, "ended": loan_until < today,
        "link": site_url("devices.detail", tag=asset_tag),
    }
    _send(care_organisation_id, "care_loan_ends", _l("Bruikleen van %(tag)s loopt af", tag=tag), context)
