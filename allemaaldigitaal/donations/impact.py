"""What donated devices do now: the figures of a donation, a donor or the campaign, and the sentence that tells them.

Counting rules, in one place:
- given: every device of the donation(s) except the cancelled ones (those were never given);
- in use by people: devices that are handed out now (status handed_out); a returned device no longer counts;
- care organisations: the distinct care organisations of the open handouts of those devices;
- provinces: the distinct provinces of those care organisations (one without a province is not counted);
- recycled: devices recycled responsibly (status recycled);
- on the way: received, wiped, ready, allocated, delivered or returned (in a workshop or with a care organisation);
- pledged: not collected yet; lost: lost.
Only counts leave this module: never a name, a handout or anything else about the people who received a device.
"""
from dataclasses import dataclass

from flask_babel import gettext as _, ngettext
from sqlalchemy import ColumnElement, distinct, func, select, true

from allemaaldigitaal.core.enums import IN_PREPARATION, DeviceStatus as S
from allemaaldigitaal.core.models import Device, Donation, Handout, Organisation
from allemaaldigitaal.extensions import db
from allemaaldigitaal.printing.impact_card import CardText
from allemaaldigitaal.web.formatting import format_number

ON_THE_WAY = IN_PREPARATION | {S.RETURNED}


@dataclass(frozen=True)
class Impact:
    given: int = 0
    in_use: int = 0
    care_organisations: int = 0
    provinces: int = 0
    recycled: int = 0
    on_the_way: int = 0
    pledged: int = 0
    lost: int = 0


def donation_impact(donation: Donation) -> Impact:
    return _impact(Device.donation_id == donation.id)


def donor_impact(donor: Organisation) -> Impact:
    return _impact(Device.donation.has(Donation.donor_id == donor.id))


def campaign_impact() -> Impact:
    return _impact(true())


def impact_per_donation(donor: Organisation | None) -> list[tuple[Donation, Impact]]:
    """Each donation of the donor (all donations when None), newest first, with its figures."""
    query = select(Donation).order_by(Donation.created_at.desc(), Donation.id.desc())
    if donor is not None:
        query = query.where(Donation.donor_id == donor.id)
    return [(donation, donation_impact(donation)) for donation in db.session.scalars(query)]


def _impact(devices: ColumnElement) -> Impact:
    per_status = dict(db.session.execute(
        select(Device.status, func.count()).where(devices).group_by(Device.status)
    ).all())
    counts = {S(status): number for status, number in per_status.items()}
    organisations, provinces = _care_reach(devices)
    return Impact(
        given=sum(number for status, number in counts.items() if status != S.CANCELLED),
        in_use=counts.get(S.HANDED_OUT, 0),
        care_organisations=organisations,
        provinces=provinces,
        recycled=counts.get(S.RECYCLED, 0),
        on_the_way=sum(counts.get(status, 0) for status in ON_THE_WAY),
        pledged=counts.get(S.PLEDGED, 0),
        lost=counts.get(S.LOST, 0),
    )


def _care_reach(devices: ColumnElement) -> tuple[int, int]:
    """How many care organisations, in how many provinces, handed these devices out and have them in use now."""
    province = func.nullif(func.lower(func.trim(Organisation.province)), "")
    row = db.session.execute(
        select(func.count(distinct(Handout.care_organisation_id)), func.count(distinct(province)))
        .select_from(Device)
        .join(Handout, Handout.id == Device.handout_id)
        .join(Organisation, Organisation.id == Handout.care_organisation_id)
        .where(devices, Device.status == S.HANDED_OUT, Handout.returned_at.is_(None))
    ).one()
    return row[0], row[1]


def impact_sentence(impact: Impact, yours: bool = True) -> str:
    """The figures in words: "28 van je 40 apparaten worden nu gebruikt door mensen, via … ; 4 zijn … gerecycled."."""
    if impact.given == 0:
        return _("Er zijn nog geen apparaten gegeven.")
    parts = [_used(impact, yours)]
    if impact.in_use:
        parts[0] += ", " + _reach(impact)
    if impact.recycled:
        parts.append(ngettext(
            "%(num)s is verantwoord gerecycled", "%(num)s zijn verantwoord gerecycled", impact.recycled
        ))
    return "; ".join(parts) + "."


def _used(impact: Impact, yours: bool) -> str:
    if yours:
        devices = ngettext("van je %(num)s apparaat", "van je %(num)s apparaten", impact.given)
    else:
        devices = ngettext("van de %(num)s apparaat", "van de %(num)s apparaten", impact.given)
    return ngettext(
        "%(num)s %(devices)s wordt nu gebruikt door mensen", "%(num)s %(devices)s worden nu gebruikt door mensen",
        impact.in_use, devices=devices,
    )


def _reach(impact: Impact) -> str:
    organisations = ngettext("%(num)s zorgorganisatie", "%(num)s zorgorganisaties", impact.care_organisations)
    if not impact.provinces:
        return _("via %(organisations)s", organisations=organisations)
    provinces = ngettext("%(num)s provincie", "%(num)s provincies", impact.provinces)
    return _("via %(organisations)s in %(provinces)s", organisations=organisations, provinces=provinces)


def card_text(impact: Impact, giver: str | None) -> CardText:
    """The words of the impact card: counts only, and the giver's own name (None for the whole campaign)."""
    if giver:
        subline = _("van de %(num)s die %(giver)s gaf", num=format_number(impact.given), giver=giver)
    else:
        subline = _("van de %(num)s gegeven apparaten", num=format_number(impact.given))
    return CardText(
        number=format_number(impact.in_use),
        headline=ngettext(
            "apparaat wordt nu gebruikt door mensen", "apparaten worden nu gebruikt door mensen", impact.in_use
        ),
        subline=subline,
        facts=(
            (format_number(impact.care_organisations),
             ngettext("zorgorganisatie", "zorgorganisaties", impact.care_organisations)),
            (format_number(impact.provinces), ngettext("provincie", "provincies", impact.provinces)),
            (format_number(impact.recycled), _("verantwoord gerecycled")),
        ),
        description=impact_sentence(impact, yours=False),
    )
