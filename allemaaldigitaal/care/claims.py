"""Claims: a care organisation asks for laptops and tablets; a coordinator approves or rejects.

Every change of a claim's status is one conditional UPDATE (`… WHERE status = 'submitted'`), so a change, a
withdrawal and a decision made at the same moment never both win: the loser is told the claim was decided.
"""
from datetime import date

from flask_babel import lazy_gettext as _l
from sqlalchemy import update

from allemaaldigitaal.accounts.services import require_coordinator
from allemaaldigitaal.core.enums import ClaimStatus, OrganisationKind
from allemaaldigitaal.core.errors import DomainError
from allemaaldigitaal.core.models import Claim, Organisation, User
from allemaaldigitaal.core.models.types import today_here, utcnow
from allemaaldigitaal.extensions import db

from . import mails

PURPOSE_MAX = 2000
REASON_MAX = 2000
ALREADY_DECIDED = _l("Deze aanvraag is al behandeld. Laad de pagina opnieuw om te zien wat er is besloten.")


def create_claim(
    care: Organisation, actor: User | None, laptops: int, tablets: int, purpose: str, wanted_by: date | None = None
) -> Claim:
    """A new claim, waiting for a coordinator's decision."""
    if care.kind != OrganisationKind.CARE:
        raise DomainError(_l("Alleen een zorgorganisatie kan apparaten aanvragen."), "organisation")
    claim = Claim(
        care_organisation=care,
        status=ClaimStatus.SUBMITTED,
        created_by_id=actor.id if actor else None,
        **_checked_fields(laptops, tablets, purpose, wanted_by),
    )
    db.session.add(claim)
    return claim


def change_claim(
    claim: Claim, actor: User, laptops: int, tablets: int, purpose: str, wanted_by: date | None = None
) -> Claim:
    """The care organisation changes its claim while no coordinator has decided on it."""
    _require_member(claim, actor)
    _still_submitted(claim, **_checked_fields(laptops, tablets, purpose, wanted_by))
    return claim


def withdraw_claim(claim: Claim, actor: User) -> Claim:
    """The care organisation withdraws its claim while no coordinator has decided on it."""
    _require_member(claim, actor)
    _still_submitted(claim, status=ClaimStatus.CANCELLED)
    return claim


def approve_claim(claim: Claim, coordinator: User) -> Claim:
    """A coordinator approves a submitted claim, so devices can be allocated to it."""
    require_coordinator(coordinator)
    _still_submitted(claim, status=ClaimStatus.APPROVED, decided_at=utcnow(), decided_by_id=coordinator.id)
    mails.claim_decided(claim)
    return claim


def reject_claim(claim: Claim, coordinator: User, reason: str | None) -> Claim:
    """A coordinator rejects a submitted claim; the reason is shown to the care organisation."""
    require_coordinator(coordinator)
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(_l("Schrijf op waarom je de aanvraag afwijst. De zorgorganisatie ziet deze reden."), "reason")
    if len(reason) > REASON_MAX:
        raise DomainError(_l("Maak de reden korter (hoogstens %(max)s tekens).", max=REASON_MAX), "reason")
    _still_submitted(
        claim, status=ClaimStatus.REJECTED, rejection_reason=reason, decided_at=utcnow(), decided_by_id=coordinator.id
    )
    mails.claim_decided(claim)
    return claim


def decide_claim(claim: Claim, coordinator: User, decision: str, reason: str | None = None) -> Claim:
    """approve or reject, as the API says it."""
    if decision == "approve":
        return approve_claim(claim, coordinator)
    if decision == "reject":
        return reject_claim(claim, coordinator, reason)
    raise DomainError(_l("Kies goedkeuren of afwijzen."), "decision")


def _checked_fields(laptops: int, tablets: int, purpose: str, wanted_by: date | None) -> dict:
    if laptops < 0 or tablets < 0 or laptops + tablets == 0:
        raise DomainError(_l("Vraag minstens één laptop of tablet aan."), "laptops_requested")
    purpose = (purpose or "").strip()
    if not purpose:
        raise DomainError(_l("Schrijf kort op waarvoor je de apparaten nodig hebt."), "purpose")
    if len(purpose) > PURPOSE_MAX:
        raise DomainError(_l("Maak de beschrijving korter (hoogstens %(max)s tekens).", max=PURPOSE_MAX), "purpose")
    if wanted_by is not None and wanted_by < today_here():
        raise DomainError(_l("Kies een datum vanaf vandaag."), "wanted_by")
    return {"laptops_requested": laptops, "tablets_requested": tablets, "purpose": purpose, "wanted_by": wanted_by}


def _require_member(claim: Claim, actor: User) -> None:
    if actor.organisation_id != claim.care_organisation_id:
        raise DomainError(_l("Alleen de zorgorganisatie die de aanvraag deed, kan hem wijzigen of intrekken."))


def _still_submitted(claim: Claim, **values) -> None:
    """Write the values only if the claim is still undecided, in one statement; refuse otherwise."""
    db.session.flush()
    result = db.session.execute(
        update(Claim)
        .where(Claim.id == claim.id, Claim.status == ClaimStatus.SUBMITTED)
        .values(**values)
        .execution_options(synchronize_session=False)
    )
    db.session.refresh(claim)
    if result.rowcount != 1:
        raise DomainError(ALREADY_DECIDED, "claim")
