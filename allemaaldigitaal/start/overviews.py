"""What waits for each kind of organisation: the figures and lists of its start page.

A journey that adds a list for its role adds it here, built with the helpers in queues.py.
"""
from collections.abc import Callable
from dataclasses import dataclass

from flask_babel import gettext as _
from sqlalchemy import Select, and_

from allemaaldigitaal.care import loans
from allemaaldigitaal.care.returns import bring_back
from allemaaldigitaal.core.access import scoped
from allemaaldigitaal.core.enums import INTAKE, ClaimStatus, DeviceStatus as S, OrganisationKind as K
from allemaaldigitaal.core.models import Claim, Device, Donation, Invitation, User
from allemaaldigitaal.core.models.types import utcnow
from allemaaldigitaal.donations.progress import NOT_COLLECTED, with_next_steps

from . import actions as a
from .queues import (
    LIMIT,
    Badge,
    Queue,
    claim_queue,
    collect_queue,
    device_queue,
    donation_queue,
    handout_queue,
    invitation_queue,
    model_of,
    status_counts,
    with_donation,
    with_donor,
)

#: claims the care organisation still waits for
OPEN_CLAIMS = (ClaimStatus.SUBMITTED, ClaimStatus.APPROVED)


@dataclass(frozen=True)
class Overview:
    """The figures (devices per status) and the lists of one organisation's start page."""

    counts_title: str
    counts: list[Badge]
    queues: list[Queue]

    @property
    def is_empty(self) -> bool:
        return not any(badge.count for badge in self.counts) and not any(queue.total for queue in self.queues)


def donor_overview(user: User) -> Overview:
    donations = scoped(Donation, user).order_by(Donation.created_at.desc(), Donation.id.desc())
    return Overview(_("Je apparaten"), status_counts(scoped(Device, user)), [
        with_next_steps(donation_queue("donations", _("Je donaties"), _("Je hebt nog geen donatie."), user, donations,
                                       a.link(a.DONATIONS)), user),
    ])


def workshop_overview(user: User) -> Overview:
    """The devices in the workshop per status, and its work queue, the oldest first."""
    held = scoped(Device, user).where(Device.custodian_id == user.organisation_id)
    return Overview(_("Apparaten in jullie werkplaats"), status_counts(held), workshop_queues(user))


def workshop_queues(user: User, limit: int = LIMIT, whole_lists: bool = False) -> list[Queue]:
    """What waits in the workshop: donations to collect, devices to receive, wipe, check, set ready and deliver.

    Each list is one query. On the start page a list links to the work queue; on the work queue (whole_lists)
    to the device list of that status.
    """
    held = scoped(Device, user).where(Device.custodian_id == user.organisation_id)
    wiped = held.where(Device.status == S.WIPED)

    def more(status: S | None = None) -> str | None:
        if status is None:
            return a.link(a.RECEIVE)
        return a.link(a.DEVICES, status=status.value) if whole_lists else a.link(a.WORK_QUEUE)

    return [
        collect_queue("to_collect", _("Op te halen"), _("Er zijn nu geen donaties om op te halen."),
                      donations_to_collect(user), more(), limit),
        device_queue("to_receive", _("Te ontvangen"), _("Er zijn nu geen toegezegde apparaten voor jullie werkplaats."),
                     devices_to_receive(user), more(), with_donor, limit),
        device_queue("to_wipe", _("Te wissen"), _("Er zijn nu geen apparaten om te wissen."),
                     held.where(Device.status.in_(INTAKE)), more(S.RECEIVED), with_donation, limit),
        device_queue("to_check", _("Te controleren"), _("Er zijn nu geen gewiste apparaten om te controleren."),
                     wiped.where(Device.account_locks_cleared.is_(False)), more(S.WIPED), with_donation, limit),
        device_queue("to_release", _("Klaar te zetten voor uitgifte"),
                     _("Er zijn nu geen gecontroleerde apparaten om klaar te zetten."),
                     wiped.where(Device.account_locks_cleared.is_(True)), more(S.WIPED), with_donation, limit),
        device_queue("ready", _("Klaar voor uitgifte"), _("Er zijn nu geen apparaten klaar voor uitgifte."),
                     held.where(Device.status == S.READY), more(S.READY), with_donation, limit),
        device_queue("to_deliver", _("Af te leveren"), _("Er zijn nu geen toegewezen apparaten om af te leveren."),
                     held.where(Device.status == S.ALLOCATED), more(S.ALLOCATED), with_donation, limit),
    ]


def donations_to_collect(user: User) -> Select:
    """The workshop's donations not yet picked up (none marked collected, no device arrived) and not cancelled."""
    return scoped(Donation, user).where(
        Donation.refurbisher_id == user.organisation_id, Donation.cancelled_at.is_(None),
        Donation.collected_at.is_(None), Donation.closed_at.is_(None),
        ~Donation.devices.any(Device.status.not_in(NOT_COLLECTED)),
    )


def devices_to_receive(user: User) -> Select:
    """Pledged devices of the workshop's donations whose intake is still open."""
    return scoped(Device, user).where(Device.status == S.PLEDGED, Device.donation.has(and_(
        Donation.refurbisher_id == user.organisation_id, Donation.closed_at.is_(None),
    )))


def care_overview(user: User) -> Overview:
    """Open claims, devices to collect and to hand out, loans overdue and ending soon (the first to end first),
    returned devices to bring to the workshop, and devices with people now."""
    devices = scoped(Device, user)
    here = devices.where(Device.status == S.DELIVERED, Device.custodian_id == user.organisation_id)
    loans_page = a.link(a.LOANS)
    return Overview(_("Jullie apparaten"), status_counts(devices), [
        claim_queue("claims", _("Je aanvragen"), _("Je hebt geen open aanvragen."), user,
                    scoped(Claim, user).where(Claim.status.in_(OPEN_CLAIMS)), a.link(a.CLAIMS)),
        device_queue("on_the_way", _("Onderweg naar jullie"), _("Er zijn nu geen apparaten onderweg naar jullie."),
                     devices.where(Device.status == S.ALLOCATED), a.link(a.CLAIMS), model_of),
        device_queue("to_hand_out", _("Uit te reiken"), _("Er zijn nu geen apparaten om uit te reiken."),
                     here, a.link(a.DEVICES, status=S.DELIVERED.value), model_of),
        handout_queue("loans_overdue", _("Bruikleen te laat terug"), _("Er is geen bruikleen te laat."),
                      loans.overdue_loans(user), loans_page),
        handout_queue("loans_ending", _("Bruikleen loopt binnen %(days)s dagen af", days=loans.ENDING_SOON_DAYS),
                      _("Er loopt binnenkort geen bruikleen af."), loans.loans_ending(user), loans_page),
        device_queue("bring_back", _("Terug naar de werkplaats"), _("Er liggen geen teruggebrachte apparaten bij jullie."),
                     bring_back(user), loans_page, model_of),
        handout_queue("handed_out", _("Uitgereikt"), _("Je hebt nog geen apparaten uitgereikt."),
                      loans.open_handouts(user), loans_page),
    ])


def coordinator_overview(user: User) -> Overview:
    """The whole pipeline, claims to decide, donations without a workshop and open invitations."""
    unassigned = scoped(Donation, user).where(Donation.refurbisher_id.is_(None))
    invitations = scoped(Invitation, user).where(Invitation.used_at.is_(None), Invitation.expires_at > utcnow())
    return Overview(_("Alle apparaten per status"), status_counts(scoped(Device, user), keep_zero=True), [
        claim_queue("claims_to_decide", _("Aanvragen om te beoordelen"), _("Er zijn geen aanvragen om te beoordelen."),
                    user, scoped(Claim, user).where(Claim.status == ClaimStatus.SUBMITTED), a.link(a.CLAIMS)),
        donation_queue("unassigned_donations", _("Donaties zonder werkplaats"), _("Elke donatie heeft een werkplaats."),
                       user, unassigned.order_by(Donation.created_at, Donation.id), a.link(a.DONATIONS)),
        invitation_queue("open_invitations", _("Open uitnodigingen"), _("Er zijn geen open uitnodigingen."),
                         invitations, a.link(a.ORGANISATIONS)),
    ])


OVERVIEWS: dict[K, Callable[[User], Overview]] = {
    K.DONOR: donor_overview,
    K.REFURBISHER: workshop_overview,
    K.CARE: care_overview,
    K.COORDINATOR: coordinator_overview,
}


def overview_for(user: User) -> Overview:
    return OVERVIEWS[user.kind](user)
