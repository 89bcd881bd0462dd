"""What donated devices do now: the donor's impact, a donation's impact and the impact card to share.

A donor sees its own organisation's figures; a coordinator sees the whole campaign and any donation.
Only counts are shown: nothing about care organisations by name or the people who received a device.
"""
from flask import abort, render_template, request
from flask_login import current_user

from allemaaldigitaal.core.access import allow, get_visible_by_or_404
from allemaaldigitaal.core.enums import OrganisationKind as K
from allemaaldigitaal.core.models import Donation
from allemaaldigitaal.printing.impact_card import card_png, card_svg
from allemaaldigitaal.web.downloads import attachment

from . import impact as figures
from .blueprint import bp

CARD_FORMATS = {"png": (card_png, "image/png"), "svg": (card_svg, "image/svg+xml")}


@bp.get("/impact")
@allow(K.DONOR, K.COORDINATOR)
def impact():
    """The donor's whole impact, or the campaign's for a coordinator."""
    donor = current_user.organisation if current_user.kind == K.DONOR else None
    total = figures.donor_impact(donor) if donor else figures.campaign_impact()
    return render_template(
        "donations/impact.html", impact=total, sentence=figures.impact_sentence(total, yours=donor is not None),
        donations=figures.impact_per_donation(donor) if donor else [],
    )


@bp.get("/donaties/<reference>/impact")
@allow(K.DONOR, K.COORDINATOR)
def donation_impact(reference: str):
    donation = get_visible_by_or_404(Donation, Donation.reference, reference)
    found = figures.donation_impact(donation)
    yours = current_user.kind == K.DONOR
    return render_template(
        "donations/impact_donation.html", donation=donation, impact=found,
        sentence=figures.impact_sentence(found, yours=yours),
    )


@bp.get("/impact/kaart.<fmt>")
@allow(K.DONOR, K.COORDINATOR)
def impact_card(fmt: str):
    """The card as a download (PNG or SVG): the donor's, one donation's (?donatie=…), or the campaign's."""
    if fmt not in CARD_FORMATS:
        abort(404)
    draw, mimetype = CARD_FORMATS[fmt]
    reference = request.args.get("donatie")
    if reference:
        donation = get_visible_by_or_404(Donation, Donation.reference, reference)
        found, giver, name = figures.donation_impact(donation), donation.donor.name, donation.reference
    elif current_user.kind == K.DONOR:
        found, giver, name = figures.donor_impact(current_user.organisation), current_user.organisation.name, "impact"
    else:
        found, giver, name = figures.campaign_impact(), None, "campagne"
    return attachment(draw(figures.card_text(found, giver)), f"allemaaldigitaal-{name}.{fmt}", mimetype)
