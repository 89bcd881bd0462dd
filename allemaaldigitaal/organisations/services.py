"""Coordinators switch users and organisations off and on again."""
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from allemaaldigitaal.accounts.auth import end_all_sessions
from allemaaldigitaal.accounts.services import require_coordinator
from allemaaldigitaal.accounts.tokens import revoke_api_tokens
from allemaaldigitaal.core.audit import record_audit
from allemaaldigitaal.core.errors import DomainError
from allemaaldigitaal.core.models import Organisation, User
from allemaaldigitaal.extensions import db


def deactivate_user(actor: User, user: User) -> None:
    """The user can no longer sign in; every session of the user ends and every API token is revoked."""
    require_coordinator(actor)
    if user.id == actor.id:
        raise DomainError(_l("Je kunt je eigen account niet deactiveren. Vraag een andere coördinator."))
    user.active = False
    end_all_sessions(user)
    revoke_api_tokens(user, actor, "user deactivated")
    record_audit("user_deactivated", actor, subject=user.email, detail=f"user {user.id}")


def activate_user(actor: User, user: User) -> None:
    require_coordinator(actor)
    user.active = True
    record_audit("user_activated", actor, subject=user.email, detail=f"user {user.id}")


def deactivate_organisation(actor: User, organisation: Organisation) -> None:
    """No member of the organisation can sign in any more; their sessions end and their API tokens are revoked."""
    require_coordinator(actor)
    if organisation.id == actor.organisation_id:
        raise DomainError(
            _l("Je kunt je eigen organisatie niet deactiveren. Vraag een coördinator van een andere organisatie.")
        )
    organisation.active = False
    for member in _members(organisation):
        end_all_sessions(member)
        revoke_api_tokens(member, actor, "organisation deactivated")
    record_audit("organisation_deactivated", actor, subject=organisation.name, detail=f"organisation {organisation.id}")


def activate_organisation(actor: User, organisation: Organisation) -> None:
    require_coordinator(actor)
    organisation.active = True
    record_audit("organisation_activated", actor, subject=organisation.name, detail=f"organisation {organisation.id}")


def _members(organisation: Organisation) -> list[User]:
    return list(db.session.scalars(select(User).where(User.organisation_id == organisation.id)))
