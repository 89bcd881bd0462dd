"""GET /api/v1/stock, and claims: list, create, read, decide and allocate; the same services as the pages.

Another care organisation's claim is a 404, as if it did not exist. A 422 names the problems per field and nothing
is saved; a claim that was decided already, or an allocation the claim or the devices refuse now, is a 409.
"""
from functools import partial

from flask_babel import gettext as _
from flask_login import current_user
from flask_smorest import abort
from marshmallow import RAISE
from sqlalchemy import select

from allemaaldigitaal.core.access import allow, found_first, get_visible_or_404, scoped
from allemaaldigitaal.core.enums import DeviceKind, OrganisationKind as K
from allemaaldigitaal.core.errors import DomainError
from allemaaldigitaal.core.models import Claim, Device
from allemaaldigitaal.core.tags import format_tag
from allemaaldigitaal.core.transaction import commit_or_rollback
from allemaaldigitaal.extensions import db
from allemaaldigitaal.web.paging import page_headers
from allemaaldigitaal.web.problems import problem_response

from . import allocation, claims
from .blueprint import blp
from .claim_list import allocated_per_claim, claims_page
from .schemas import (
    AllocateSchema,
    AllocationSchema,
    ClaimDetailSchema,
    ClaimInSchema,
    ClaimSchema,
    DecisionSchema,
    PageArgs,
    StockSchema,
)
from .stock import stock_counts, stock_totals

VIEWERS = (K.CARE, K.COORDINATOR)
PAGE_HEADERS = {
    "X-Total-Count": {"description": "How many claims there are in all pages together.",
                      "schema": {"type": "integer", "minimum": 0}},
    "Link": {"description": "The first, previous, next and last page (RFC 8288), as far as they exist.",
             "schema": {"type": "string"}},
}


@blp.route("/stock")
@allow(*VIEWERS)
@blp.response(200, StockSchema)
def get_stock():
    """How many ready devices are free to allocate, per kind and condition grade. Counts only."""
    return {"counts": stock_counts(), "totals": {kind.value: count for kind, count in stock_totals().items()}}


@blp.route("/claims")
@allow(*VIEWERS)
@blp.arguments(PageArgs, location="query", as_kwargs=True, unknown=RAISE)
@blp.response(200, ClaimSchema(many=True), headers=PAGE_HEADERS)
def list_claims(page: int, per_page: int):
    """The claims you may see, newest first, a page at a time (`page`, `per_page`).

    A care organisation sees its own, a coordinator all. X-Total-Count says how many there are in all; Link gives
    the first, previous, next and last page.
    """
    found = claims_page(scoped(Claim), page, per_page)
    counts = allocated_per_claim([claim.id for claim in found.items])
    return [_shown(claim, counts[claim.id]) for claim in found.items], page_headers(found, "api_care.list_claims")


@blp.route("/claims", methods=["POST"])
@allow(K.CARE)
@blp.arguments(ClaimInSchema)
@blp.response(201, ClaimDetailSchema)
def create_claim(data: dict):
    """Ask for laptops and tablets (care organisations only). A coordinator approves or rejects the claim."""
    claim = commit_or_rollback(lambda: claims.create_claim(
        current_user.organisation, current_user, data["laptops_requested"], data["tablets_requested"],
        data["purpose"], data["wanted_by"],
    ))
    return _detail(claim)


@blp.route("/claims/<int:claim_id>")
@allow(*VIEWERS)
@blp.response(200, ClaimDetailSchema)
@blp.alt_response(404, response="NOT_FOUND")
def get_claim(claim_id: int):
    """One claim with its allocated devices and the workshop where to collect each."""
    return _detail(get_visible_or_404(Claim, claim_id))


visible_claim_first = found_first(lambda claim_id: get_visible_or_404(Claim, claim_id), "claim_id")


@blp.route("/claims/<int:claim_id>/decision", methods=["POST"])
@allow(K.COORDINATOR)
@visible_claim_first
@blp.arguments(DecisionSchema)
@blp.response(200, ClaimDetailSchema)
@blp.alt_response(404, response="NOT_FOUND")
@blp.alt_response(409, response="CONFLICT")
def decide_claim(data: dict, claim_id: int):
    """Approve or reject a claim that is still waiting; a rejection needs a reason. A decided claim is a 409."""
    claim = get_visible_or_404(Claim, claim_id)
    return _save(lambda: claims.decide_claim(claim, current_user, data["decision"], data["reason"]), claim)


@blp.route("/claims/<int:claim_id>/allocate", methods=["POST"])
@allow(K.COORDINATOR)
@visible_claim_first
@blp.arguments(AllocateSchema)
@blp.response(200, AllocationSchema)
@blp.alt_response(404, response="NOT_FOUND")
@blp.alt_response(409, response="CONFLICT")
def allocate(data: dict, claim_id: int):
    """Allocate devices to an approved claim: `tags` (all of them or none), or `auto` (the app picks, in part or all).

    Auto takes what there is when stock runs short, and never more than the claim still wants. A claim that is not
    approved, a device that is not ready or already taken, or more than the claim asked for is a 409.
    """
    claim = get_visible_or_404(Claim, claim_id)
    if "tags" in data:
        _known_tags_or_422(data["tags"])
        action = partial(allocation.allocate_tags, claim, current_user, data["tags"])
    else:
        action = partial(allocation.allocate_auto, claim, current_user, data.get("laptops"), data.get("tablets"),
                         data.get("prefer_grades", ()))
    try:
        devices = commit_or_rollback(action)
    except DomainError as error:
        code = getattr(error, "code", None)  # a lifecycle refusal names its reason for programs
        return problem_response(409, str(error.message), **({"code": code} if code else {}))
    return {"allocated": [_device(device) for device in devices], "claim": _detail(claim)}


def _save(action, claim: Claim):
    """Commit the decision; the claim decided already is a 409, other refusals a 422 on their field."""
    try:
        commit_or_rollback(action)
    except DomainError as error:
        if error.field == "claim":
            return problem_response(409, str(error.message))
        abort(422, message=str(error.message), errors={"json": {error.field or "_schema": [str(error.message)]}})
    return _detail(claim)


def _known_tags_or_422(tags: list[str]) -> None:
    """Tags that no device has are a mistake in the input (422), not a refusal of the allocation (409)."""
    known = set(db.session.scalars(select(Device.asset_tag).where(Device.asset_tag.in_(tags))))
    unknown = {str(index): [_("Geen apparaat gevonden met nummer %(tags)s.", tags=format_tag(tag))]
               for index, tag in enumerate(tags) if tag not in known}
    if unknown:
        abort(422, message=next(iter(unknown.values()))[0], errors={"json": {"tags": unknown}})


def _shown(claim: Claim, counts: dict[DeviceKind, int]) -> dict:
    values = {name: getattr(claim, name) for name in ClaimSchema().fields if hasattr(claim, name)}
    return {**values, "care_organisation": claim.care_organisation.name,
            "laptops_allocated": counts[DeviceKind.LAPTOP], "tablets_allocated": counts[DeviceKind.TABLET]}


def _detail(claim: Claim) -> dict:
    db.session.refresh(claim)
    devices = list(db.session.scalars(select(Device).where(Device.claim_id == claim.id).order_by(Device.id)))
    return {**_shown(claim, allocated_per_claim([claim.id])[claim.id]), "devices": [_device(d) for d in devices]}


def _device(device: Device) -> dict:
    holder = device.custodian
    collect_from = holder if holder is not None and holder.kind == K.REFURBISHER else None
    return {"tag": format_tag(device.asset_tag), "kind": device.kind, "brand": device.brand, "model": device.model,
            "condition_grade": device.condition_grade, "status": device.status, "collect_from": collect_from}


