"""Access in one place: every endpoint declares who may use it, and one helper scopes rows.

Deny by default: a view without a declaration answers 404 for everyone, and the
route × role test fails until the view says who may use it.
"""
from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps

from flask import abort, current_app, request
from flask_login import current_user
from sqlalchemy import false, or_, select, true

from allemaaldigitaal.extensions import db

from .audit import record_audit_after_request
from .enums import OrganisationKind as K
from .models import (
    ApiToken,
    AuditEvent,
    Certificate,
    Claim,
    Device,
    DeviceCheck,
    DeviceEvent,
    DeviceMilestone,
    DeviceTally,
    Donation,
    Handout,
    Invitation,
    MilestoneDays,
    Organisation,
    PreprintedLabel,
    StatusEventPeriod,
    StorageMedium,
    User,
    WipeRecord,
)
from .queries import one_of


@dataclass(frozen=True)
class Access:
    """Who may use a view: everyone, or signed-in users of some organisation kinds."""

    public: bool = False
    kinds: frozenset[K] = frozenset(K)


def public(view: Callable) -> Callable:
    """Anyone may use this view, signed in or not."""
    view.access = Access(public=True)
    return view


def signed_in(view: Callable) -> Callable:
    """Any signed-in user may use this view."""
    view.access = Access()
    return view


def allow(*kinds: K) -> Callable[[Callable], Callable]:
    """Only signed-in users of these organisation kinds may use this view."""

    def mark(view: Callable) -> Callable:
        view.access = Access(kinds=frozenset(kinds))
        return view

    return mark


def access_of(endpoint: str) -> Access | None:
    view = current_app.view_functions.get(endpoint)
    if endpoint == "static":
        return Access(public=True)
    return getattr(view, "access", None)


def enforce_access():
    """before_request: refuse what a view does not explicitly allow."""
    if request.endpoint is None:
        return None
    rule = access_of(request.endpoint)
    if rule is None:
        abort(404)
    if rule.public:
        return None
    if not current_user.is_authenticated:
        return current_app.login_manager.unauthorized()
    if current_user.kind not in rule.kinds:
        _audit_denied(current_user, request.path)
        abort(403)
    return None


def _org(user: User) -> int:
    return user.organisation_id


#: which rows of a model a user of each kind may see; a coordinator sees everything
VISIBLE_TO = {
    Donation: {
        K.DONOR: lambda u: Donation.donor_id == _org(u),
        K.REFURBISHER: lambda u: Donation.refurbisher_id == _org(u),
    },
    Device: {
        # the ids of the few donations or claims read once, rather than EXISTS per row; one_of keeps each side of
        # an OR on its own index (core.queries)
        K.DONOR: lambda u: one_of(Device.donation_id, select(Donation.id).where(Donation.donor_id == _org(u))),
        K.REFURBISHER: lambda u: or_(
            one_of(Device.donation_id, select(Donation.id).where(Donation.refurbisher_id == _org(u))),
            Device.custodian_id == _org(u),
        ),
        K.CARE: lambda u: or_(
            Device.custodian_id == _org(u),
            one_of(Device.claim_id, select(Claim.id).where(Claim.care_organisation_id == _org(u))),
        ),
    },
    #: a device's wipe records and history go with the device
    WipeRecord: {kind: (lambda u: WipeRecord.device_id.in_(scoped_ids(Device, u))) for kind in K},
    DeviceEvent: {kind: (lambda u: DeviceEvent.device_id.in_(scoped_ids(Device, u))) for kind in K},
    DeviceCheck: {kind: (lambda u: DeviceCheck.device_id.in_(scoped_ids(Device, u))) for kind in K},
    StorageMedium: {kind: (lambda u: StorageMedium.device_id.in_(scoped_ids(Device, u))) for kind in K},
    #: a certificate goes with its donation
    Certificate: {kind: (lambda u: Certificate.donation_id.in_(scoped_ids(Donation, u))) for kind in K},
    Claim: {K.CARE: lambda u: Claim.care_organisation_id == _org(u)},
    Handout: {K.CARE: lambda u: Handout.care_organisation_id == _org(u)},
    #: a workshop sees the labels it had pre-printed
    PreprintedLabel: {K.REFURBISHER: lambda u: PreprintedLabel.workshop_id == _org(u)},
    Organisation: {kind: (lambda u: Organisation.id == _org(u)) for kind in K},
    User: {kind: (lambda u: User.organisation_id == _org(u)) for kind in K},
    Invitation: {kind: (lambda u: Invitation.organisation_id == _org(u)) for kind in K},
    ApiToken: {kind: (lambda u: ApiToken.user_id == u.id) for kind in K},
    AuditEvent: {},
}
#: the running tallies (the dashboard) count the devices of every organisation together, so they belong to none:
#: coordinators only
CAMPAIGN_WIDE = (DeviceTally, StatusEventPeriod, DeviceMilestone, MilestoneDays)


def visible(model, user: User):
    """The condition that limits a model's rows to what this user may see."""
    rules = {} if model in CAMPAIGN_WIDE else VISIBLE_TO[model]
    if not getattr(user, "is_authenticated", False):
        return false()
    if user.kind == K.COORDINATOR and model is not ApiToken:
        return true()
    rule = rules.get(user.kind)
    return rule(user) if rule else false()


def scoped_ids(model, user: User):
    """The ids of the model's rows the user may see, as a subquery."""
    return select(model.id).where(visible(model, user))


def scoped(model, user: User | None = None):
    """select(model) limited to the rows the user may see."""
    user = user or current_user
    return select(model).where(visible(model, user))


def get_visible_or_404(model, object_id: int, user: User | None = None):
    """One row the user may see, or 404 (never a hint that it exists); a look at another's row is audited."""
    return get_visible_by_or_404(model, model.id, object_id, user)


def get_visible_by_or_404(model, column, value, user: User | None = None):
    """The same, found by a unique column such as a donation's reference."""
    user = user or current_user
    found = db.session.scalar(scoped(model, user).where(column == value))
    if found is None:
        if db.session.scalar(select(model.id).where(column == value)) is not None:
            _audit_denied(user, f"{model.__tablename__} {value}")
        abort(404)
    return found


def _audit_denied(user: User, subject: str) -> None:
    """Written after the request in a transaction of its own: a read helper never commits the request's work."""
    record_audit_after_request("access_denied", user, subject=subject)


def found_first(find: Callable[[object], object], argument: str):
    """A view decorator for API writes: find(URL argument) runs before the body is read, so a row the caller may not
    see is a 404, not a 422 about the body."""
    def decorate(view):
        @wraps(view)
        def checked(*args, **kwargs):
            find(kwargs[argument])
            return view(*args, **kwargs)
        return checked
    return decorate
