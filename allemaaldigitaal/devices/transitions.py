"""Who may take which step in a device's life, and the one service every status button, scan and API call uses.

The lifecycle (core.lifecycle) says which steps exist and what each needs; this module adds who may take them.
Allocating goes through a claim, handing out through the handout form and cancelling through the donation, so
those steps are not offered here. A return goes through care.returns, which also lets a workshop take in a device a
care organisation brought back.
"""
from flask_babel import lazy_gettext as _l

from allemaaldigitaal.care.returns import return_device
from allemaaldigitaal.core.enums import DeviceStatus as S, OrganisationKind as K
from allemaaldigitaal.core.lifecycle import TRANSITIONS, LifecycleError, apply_transition, refusal
from allemaaldigitaal.core.models import Device, DeviceEvent, Organisation, User
from allemaaldigitaal.workshop.receiving import receive_device

WORKSHOP_STEPS = frozenset({S.RECEIVED, S.WIPED, S.READY, S.RECYCLED, S.RETURNED, S.LOST})
CARE_STEPS = frozenset({S.DELIVERED, S.RETURNED, S.LOST})
ROLE_STEPS: dict[K, frozenset[S]] = {
    K.DONOR: frozenset(),
    K.REFURBISHER: WORKSHOP_STEPS,
    K.CARE: CARE_STEPS,
    K.COORDINATOR: WORKSHOP_STEPS | CARE_STEPS | {S.READY},
}
#: steps that bring a device to the actor, so it need not be in the actor's custody yet
ARRIVALS = frozenset({S.RECEIVED, S.DELIVERED})


def _refuse_by_role(actor: User, device: Device, to: S) -> LifecycleError | None:
    if to not in ROLE_STEPS[actor.kind]:
        return LifecycleError(_l("Deze stap hoort niet bij jouw soort organisatie."), "not_your_step")
    if actor.kind == K.COORDINATOR:
        return None
    if to == S.DELIVERED and (device.claim is None or device.claim.care_organisation_id != actor.organisation_id):
        return LifecycleError(_l("Dit apparaat is niet voor jullie organisatie bestemd."), "not_your_device")
    if to not in ARRIVALS and device.custodian_id != actor.organisation_id:
        return LifecycleError(
            _l("Dit apparaat is niet bij jullie organisatie. Alleen wie het heeft, kan deze stap zetten."),
            "not_in_custody",
        )
    return None


def step_refusal(actor: User, device: Device, to: S) -> LifecycleError | None:
    """Why this actor may not take the step now, or None."""
    return _refuse_by_role(actor, device, to) or refusal(device, to)


def next_steps(actor: User, device: Device) -> list[S]:
    """The steps this actor may take with the device right now, in the order of the lifecycle."""
    return [to for to in S if to in TRANSITIONS[device.status] and step_refusal(actor, device, to) is None]


def _custodian(actor: User, device: Device, to: S) -> Organisation | None:
    if to == S.DELIVERED:
        return device.claim.care_organisation if device.claim is not None else None
    return None


def take_step(actor: User, device: Device, to: S, note: str | None = None) -> DeviceEvent:
    """Move the device to `to` for this actor, or raise LifecycleError saying why not; never commits."""
    to = S(to)
    if to == S.RETURNED:
        return return_device(actor, device, note)
    refused = _refuse_by_role(actor, device, to)
    if refused is not None:
        raise refused
    if to == S.RECEIVED:
        return receive_device(actor, device, note)
    return apply_transition(device, to, actor=actor, note=note, custodian=_custodian(actor, device, to))
