"""The e-mails of a donation: to the donor when a workshop gets it, when its devices are collected and when a
workshop or coordinator issued its data-wipe certificate, and to the workshop it is assigned to.
In Dutch: the recipients' language is not known.
"""
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from allemaaldigitaal.core.models import Donation, User
from allemaaldigitaal.extensions import db
from allemaaldigitaal.web.mail import Letter, queue, site_url


def donor_addresses(donation: Donation) -> list[str]:
    """The person who made the donation and its contact person, each once."""
    maker = db.session.get(User, donation.created_by_id) if donation.created_by_id else None
    addresses = [maker.email if maker is not None and maker.active else None, donation.contact_email]
    return list(dict.fromkeys(address.lower() for address in addresses if address))


def workshop_addresses(donation: Donation) -> list[str]:
    """The workshop's contact address, or else every active member's."""
    workshop = donation.refurbisher
    if workshop.contact_email:
        return [workshop.contact_email.lower()]
    return list(db.session.scalars(
        select(User.email).where(User.organisation_id == workshop.id, User.active).order_by(User.email)
    ))


def _context(donation: Donation) -> dict:
    return {
        "reference": donation.reference, "donor": donation.donor.name,
        "workshop": donation.refurbisher.name if donation.refurbisher else "",
        "city": donation.pickup_city or "", "laptops": donation.expected_laptops, "tablets": donation.expected_tablets,
        "link": site_url("donations.detail", reference=donation.reference),
    }


def assigned(donation: Donation) -> None:
    """The donor hears which workshop will pick up; the workshop hears it has a new donation."""
    context = _context(donation)
    for address in donor_addresses(donation):
        queue(Letter("donation_assigned_donor", address,
                     _l("Donatie %(reference)s: een werkplaats haalt je apparaten op", reference=donation.reference),
                     context))
    for address in workshop_addresses(donation):
        queue(Letter("donation_assigned_workshop", address,
                     _l("Nieuwe donatie voor jullie werkplaats: %(reference)s", reference=donation.reference), context))


def collected(donation: Donation) -> None:
    context = _context(donation)
    for address in donor_addresses(donation):
        queue(Letter("donation_collected", address,
                     _l("Donatie %(reference)s: je apparaten zijn opgehaald", reference=donation.reference), context))


def certificate_ready(donation: Donation, complete: bool) -> None:
    """The donor hears that a data-wipe certificate waits on the donation's certificates page."""
    context = _context(donation) | {
        "complete": complete, "link": site_url("donations.certificates", reference=donation.reference),
    }
    for address in donor_addresses(donation):
        queue(Letter("donation_certificate_ready", address,
                     _l("Donatie %(reference)s: je certificaat van gegevensverwijdering staat klaar",
                        reference=donation.reference), context))
