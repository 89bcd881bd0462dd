"""Invitations: a single-use link to join an organisation, or to start a new one.

The link carries a random token; only its SHA-256 is stored, so the database alone
never gives anyone a working link.
"""
import secrets
from dataclasses import dataclass, replace
from datetime import timedelta

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import select, update

from allemaaldigitaal.accounts.passwords import check_password_rules
from allemaaldigitaal.accounts.services import (
    create_user,
    find_user_by_email,
    may_sign_in,
    normalise_email,
    organisation_named,
    require_coordinator,
)
from allemaaldigitaal.accounts.tokens import hash_token
from allemaaldigitaal.core.audit import record_audit
from allemaaldigitaal.core.enums import OrganisationKind as K
from allemaaldigitaal.core.errors import DomainError
from allemaaldigitaal.core.models import Invitation, Organisation, User
from allemaaldigitaal.core.models.types import utcnow
from allemaaldigitaal.extensions import db

#: the kinds of organisation a coordinator can invite someone to start; donors sign up themselves
NEW_ORGANISATION_KINDS = (K.REFURBISHER, K.CARE, K.COORDINATOR)
CLOSED = _l("Deze uitnodiging is verlopen, al gebruikt of ingetrokken. Vraag om een nieuwe uitnodiging.")


@dataclass(frozen=True)
class Invited:
    """What to mail after the commit: the link, or (token None) a notice, as the address already has an account."""

    email: str
    kind: K
    organisation_name: str
    new_organisation: bool
    #: both empty when the address already has an account: then no invitation is stored
    invitation: Invitation | None = None
    token: str | None = None


def invitation_days() -> int:
    return int(current_app.config["INVITATION_DAYS"])


def invite_colleague(inviter: User, email: str) -> Invited:
    """Invite someone to the inviter's own organisation."""
    return _invite(inviter, email, inviter.organisation.kind, organisation=inviter.organisation)


def invite_to_organisation(coordinator: User, email: str, organisation: Organisation) -> Invited:
    """A coordinator invites someone to any active organisation."""
    require_coordinator(coordinator)
    if not organisation.active:
        raise DomainError(_l("Deze organisatie is gedeactiveerd. Activeer haar eerst."), "organisation_id")
    return _invite(coordinator, email, organisation.kind, organisation=organisation)


def invite_new_organisation(coordinator: User, email: str, kind: K, name: str) -> Invited:
    """A coordinator invites someone to start a new workshop, care or coordinator organisation."""
    require_coordinator(coordinator)
    if kind not in NEW_ORGANISATION_KINDS:
        raise DomainError(_l("Kies een werkplaats, zorgorganisatie of coördinator."), "kind")
    name = _free_organisation_name(name)
    return _invite(coordinator, email, kind, organisation_name=name)


def _free_organisation_name(name: str) -> str:
    name = (name or "").strip()
    if not name:
        raise DomainError(_l("Vul de naam van de nieuwe organisatie in."), "organisation_name")
    if organisation_named(name) is not None:
        raise DomainError(
            _l("Er is al een organisatie met deze naam. Kies die organisatie in de lijst."), "organisation_name"
        )
    return name


def _invite(inviter: User, email: str, kind: K, organisation=None, organisation_name=None) -> Invited:
    """An invitation row and its token; for an address that has an account only the same audit entry."""
    if not may_sign_in(inviter):
        raise DomainError(_l("Je account is gedeactiveerd. Je kunt niemand uitnodigen."))
    email = normalise_email(email)
    record_audit("invitation_created", inviter, subject=email, detail=_describe(kind, organisation, organisation_name))
    invited = Invited(email, kind, organisation.name if organisation else organisation_name, organisation is None)
    if find_user_by_email(email) is not None:
        return invited
    token = secrets.token_urlsafe(32)
    invitation = Invitation(
        token_hash=hash_token(token),
        email=email,
        kind=kind,
        organisation=organisation,
        organisation_name=organisation_name,
        created_by=inviter,
        expires_at=utcnow() + timedelta(days=invitation_days()),
    )
    db.session.add(invitation)
    return replace(invited, invitation=invitation, token=token)


def _describe(kind: K, organisation: Organisation | None, organisation_name: str | None) -> str:
    if organisation is not None:
        return f"organisation {organisation.id}"
    return f"new {kind.value} organisation {organisation_name}"


def find_open_invitation(token: str) -> Invitation | None:
    """The invitation behind this token, if it can still be used; None otherwise."""
    if not token or len(token) > 200:
        return None
    invitation = db.session.scalar(select(Invitation).where(Invitation.token_hash == hash_token(token)))
    if invitation is None or invitation.used_at is not None or invitation.expires_at <= utcnow():
        return None
    if invitation.organisation is not None and not invitation.organisation.active:
        return None
    if not may_sign_in(invitation.created_by):
        return None
    return invitation


def accept_invitation(token: str, name: str, password: str) -> User:
    """Create the invited person's account (and new organisation); the link can be used once."""
    invitation = find_open_invitation(token)
    if invitation is None:
        raise DomainError(CLOSED)
    _check_account(invitation, name, password)
    if not _claim(invitation):
        raise DomainError(CLOSED)
    organisation = invitation.organisation or _new_organisation(invitation)
    user = create_user(invitation.email, name, organisation, password)
    db.session.flush()
    invitation.used_by_id = user.id
    record_audit("invitation_accepted", user, subject=invitation.email, detail=f"invitation {invitation.id}")
    return user


def _check_account(invitation: Invitation, name: str, password: str) -> None:
    """Every check before anything is written, so a refusal writes nothing."""
    if not (name or "").strip():
        raise DomainError(_l("Vul je naam in."), "name")
    check_password_rules(password or "")
    if find_user_by_email(invitation.email) is not None:
        raise DomainError(_l("Er is al een account met dit e-mailadres. Log in met dat account."))
    if invitation.organisation is None:
        _free_organisation_name(invitation.organisation_name)


def _claim(invitation: Invitation) -> bool:
    """Mark the invitation used, unless another request used or cancelled it first."""
    return _close(invitation, used_at=utcnow())


def _close(invitation: Invitation, **values) -> bool:
    """One UPDATE that changes the invitation only while it is open: of two requests at once, one wins."""
    now = utcnow()
    result = db.session.execute(
        update(Invitation)
        .where(Invitation.id == invitation.id, Invitation.used_at.is_(None), Invitation.expires_at > now)
        .values(**values)
        .execution_options(synchronize_session="fetch")
    )
    return result.rowcount == 1


def may_cancel(actor: User, invitation: Invitation) -> bool:
    """A coordinator may cancel any invitation; anyone else only those for their own organisation."""
    return actor.kind == K.COORDINATOR or (
        invitation.organisation_id is not None and invitation.organisation_id == actor.organisation_id
    )


def is_open(invitation: Invitation) -> bool:
    return invitation.used_at is None and invitation.expires_at > utcnow()


def cancel_invitation(actor: User, invitation: Invitation) -> None:
    """The link stops working at once: the invitation expires now. The audit log says who cancelled it."""
    if not may_cancel(actor, invitation):
        raise DomainError(_l("Je kunt alleen uitnodigingen voor je eigen organisatie intrekken."))
    if not _close(invitation, expires_at=utcnow()):
        raise DomainError(_l("Deze uitnodiging is al gebruikt of verlopen. Intrekken is niet meer nodig."))
    record_audit("invitation_cancelled", actor, subject=invitation.email, detail=f"invitation {invitation.id}")


def _new_organisation(invitation: Invitation) -> Organisation:
    organisation = Organisation(kind=invitation.kind, name=invitation.organisation_name, contact_email=invitation.email)
    db.session.add(organisation)
    return organisation
