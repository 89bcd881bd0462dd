"""How far a donation is: its devices per status, its state and the next step, for its pages and the start page."""
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import replace

from flask_babel import gettext as _
from sqlalchemy import func, select
from sqlalchemy.orm import joinedload

from allemaaldigitaal.core.enums import DeviceStatus, OrganisationKind as K
from allemaaldigitaal.core.models import Device, Donation, User
from allemaaldigitaal.extensions import db

from .services import is_collected

#: devices in these states have not reached a workshop
NOT_COLLECTED = (DeviceStatus.PLEDGED, DeviceStatus.CANCELLED)


def device_counts(donation_ids: Iterable[int]) -> dict[int, list[tuple[DeviceStatus, int]]]:
    """Per donation its devices per status, in the order of the lifecycle (one query for all)."""
    ids = list(donation_ids)
    counts: dict[int, list[tuple[DeviceStatus, int]]] = defaultdict(list)
    if not ids:
        return counts
    rows = db.session.execute(
        select(Device.donation_id, Device.status, func.count()).where(Device.donation_id.in_(ids))
        .group_by(Device.donation_id, Device.status)
    ).all()
    order = list(DeviceStatus)
    for donation_id, status, count in sorted(rows, key=lambda row: order.index(row[1])):
        counts[donation_id].append((status, count))
    return counts


def state(donation: Donation, counts: list[tuple[DeviceStatus, int]] | None = None) -> str:
    """cancelled, collected, assigned or waiting (for a workshop); with its device counts it asks no query."""
    if donation.cancelled_at is not None:
        return "cancelled"
    if _collected(donation, counts):
        return "collected"
    return "assigned" if donation.refurbisher_id is not None else "waiting"


def _collected(donation: Donation, counts) -> bool:
    if counts is None:
        return is_collected(donation)
    return donation.collected_at is not None or any(status not in NOT_COLLECTED for status, _count in counts)


def state_label(donation: Donation, counts: list[tuple[DeviceStatus, int]] | None = None) -> str:
    return {
        "cancelled": _("Geannuleerd"), "collected": _("Opgehaald"), "assigned": _("Werkplaats gekozen"),
        "waiting": _("Wacht op een werkplaats"),
    }[state(donation, counts)]


def next_step(donation: Donation, user: User, devices: int, counts: list[tuple[DeviceStatus, int]] | None = None) -> str:
    """What happens next, said to this person."""
    now = state(donation, counts)
    if now == "cancelled":
        return _("Deze donatie is geannuleerd. Er hoeft niets meer te gebeuren.")
    if now == "collected":
        return _("De werkplaats wist de apparaten en maakt ze klaar voor nieuwe gebruikers. Volg hieronder elk apparaat.")
    if user.kind == K.DONOR:
        if devices == 0:
            return _("Zet de apparaten in de lijst van deze donatie. Dan krijgt elk apparaat een label.")
        if now == "waiting":
            return _("We zoeken een werkplaats die de apparaten ophaalt. Je krijgt een e-mail zodra dat bekend is.")
        return _("%(workshop)s neemt contact met je op om de apparaten op te halen.", workshop=donation.refurbisher.name)
    if now == "waiting":
        return _("Deze donatie heeft nog geen werkplaats. Een coördinator wijst er een toe, of een werkplaats in de "
                 "provincie pakt hem op.")
    if user.kind == K.REFURBISHER:
        return _("Spreek met de contactpersoon af wanneer jullie de apparaten ophalen. Meld daarna dat ze zijn opgehaald.")
    return _("%(workshop)s haalt de apparaten op.", workshop=donation.refurbisher.name)


def with_next_steps(queue, user: User):
    """A start-page list of donations (start.queues.Queue, titled by reference) with each one's state and next step."""
    references = [row.title for row in queue.rows]
    found = {donation.reference: donation for donation in db.session.scalars(
        select(Donation).where(Donation.reference.in_(references)).options(joinedload(Donation.refurbisher))
    )} if references else {}
    rows = []
    for row in queue.rows:
        donation = found.get(row.title)
        if donation is not None:
            devices = sum(badge.count or 0 for badge in row.badges)
            counts = [(badge.status, badge.count or 0) for badge in row.badges]
            step = f"{state_label(donation, counts)}: {next_step(donation, user, devices, counts)}"
            row = replace(row, detail=f"{row.detail} · {step}" if row.detail else step)
        rows.append(row)
    return replace(queue, rows=rows)
