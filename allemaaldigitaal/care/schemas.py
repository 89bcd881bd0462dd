"""API schemas of care: stock (counts only), claims in and out, a decision, and an allocation."""
from flask_babel import lazy_gettext as _l
from marshmallow import Schema, ValidationError, fields, validate, validates_schema

from allemaaldigitaal.api.schemas import WholeNumber
from allemaaldigitaal.core.enums import ClaimStatus, ConditionGrade, DeviceKind, DeviceStatus
from allemaaldigitaal.core.tags import InvalidTag, normalise_tag

from .claim_list import MAX_PER_PAGE, PER_PAGE
from .claims import PURPOSE_MAX, REASON_MAX

#: far more devices than one claim asks for; keeps numbers inside the database's integer
MAX_REQUESTED = 1000
#: the most tags one allocation takes
MAX_TAGS = 500
#: what a tag may look like before its check character is checked: `329XPEG6Q`, `AD-329-XPE-G6Q`, `ad329xpeg6q`
TAG_SHAPE = r"^[0-9A-Za-z][0-9A-Za-z -]*$"
TAG_EXAMPLE = "AD-329-XPE-G6Q"


class StockCountSchema(Schema):
    kind = fields.Enum(DeviceKind, by_value=True, required=True, metadata={"type": "string"})
    grade = fields.Enum(ConditionGrade, by_value=True, allow_none=True, required=True,
                        metadata={"type": "string", "description": "A, B or C; null when not graded."})
    count = fields.Integer(required=True, metadata={"minimum": 0})


class StockSchema(Schema):
    """How many ready devices are free to allocate, per kind and grade. Counts only: nothing about donors."""

    counts = fields.List(fields.Nested(StockCountSchema), required=True,
                         metadata={"description": "Every kind × grade (and ungraded), zeros included."})
    totals = fields.Dict(keys=fields.String(), values=fields.Integer(), required=True,
                         metadata={"description": 'Per kind, e.g. {"laptop": 12, "tablet": 3}.'})


class PageArgs(Schema):
    page = fields.Integer(load_default=1, validate=validate.Range(min=1, max=1_000_000),
                          metadata={"description": "The page, from 1; past the last page the list is empty."})
    per_page = fields.Integer(load_default=PER_PAGE, validate=validate.Range(min=1, max=MAX_PER_PAGE),
                              metadata={"description": f"Claims per page, at most {MAX_PER_PAGE}."})


def _requested(description: str) -> fields.Integer:
    return WholeNumber(load_default=0, validate=validate.Range(min=0, max=MAX_REQUESTED),
                          metadata={"description": description})


class ClaimInSchema(Schema):
    """A new claim. Do not write names, health details or other personal data in the purpose."""

    laptops_requested = _requested("How many laptops.")
    tablets_requested = _requested("How many tablets; together with the laptops at least one device.")
    purpose = fields.String(
        required=True, validate=validate.Length(min=1, max=PURPOSE_MAX),
        metadata={"description": "What the devices are for, in a few words. No names, health details or other "
                                 "personal data.", "example": "Laptops voor ouderen in de wijk"},
    )
    wanted_by = fields.Date(load_default=None, allow_none=True,
                            metadata={"description": "When you would like the devices, from today (ISO 8601 date)."})


class DecisionSchema(Schema):
    decision = fields.String(required=True, validate=validate.OneOf(["approve", "reject"]))
    reason = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=REASON_MAX),
                           metadata={"description": "Why the claim is rejected; needed to reject. The care "
                                                    "organisation sees it."})


class TagField(fields.String):
    """An asset tag in any form, read as its canonical tag; a check character that fails is refused here."""

    def _deserialize(self, value, attr, data, **kwargs):
        text = super()._deserialize(value, attr, data, **kwargs)
        try:
            return normalise_tag(text)
        except InvalidTag as error:
            raise ValidationError(str(error)) from error


class AllocateSchema(Schema):
    """Either `tags` (these devices, all or none) or `auto: true` (let the app pick, optionally at most so many)."""

    tags = fields.List(
        TagField(validate=[validate.Length(min=1, max=40), validate.Regexp(TAG_SHAPE)]),
        validate=validate.Length(min=1, max=MAX_TAGS),
        metadata={"description": "The devices to allocate, in any form (`329XPEG6Q`, `AD-329-XPE-G6Q`)."},
    )
    auto = fields.Boolean(metadata={"description": "true: the app picks the oldest ready devices, nearest "
                                                   "workshop first, preferred grades first."})
    laptops = WholeNumber(validate=validate.Range(min=0, max=MAX_REQUESTED),
                             metadata={"description": "With auto: at most this many laptops (default: all the claim "
                                                      "still wants)."})
    tablets = WholeNumber(validate=validate.Range(min=0, max=MAX_REQUESTED),
                             metadata={"description": "With auto: at most this many tablets."})
    prefer_grades = fields.List(fields.Enum(ConditionGrade, by_value=True, metadata={"type": "string"}),
                                validate=validate.Length(max=len(ConditionGrade)),
                                metadata={"description": "With auto: the condition grades to pick first, in order."})

    @validates_schema
    def one_way(self, data, **_kwargs):
        if "tags" in data and data.get("auto"):
            raise ValidationError(str(_l("Geef apparaatnummers óf auto, niet allebei.")), "auto")
        if "tags" not in data and not data.get("auto"):
            raise ValidationError(str(_l("Geef de apparaatnummers (tags), of zet auto op true.")), "tags")
        if "tags" in data:
            for name in ("laptops", "tablets", "prefer_grades"):
                if name in data:
                    raise ValidationError(str(_l("Dit hoort alleen bij auto.")), name)


class CollectFromSchema(Schema):
    """The workshop where the device waits to be collected."""

    name = fields.String(required=True)
    address = fields.String(allow_none=True)
    postcode = fields.String(allow_none=True)
    city = fields.String(allow_none=True)
    contact_phone = fields.String(allow_none=True)
    contact_email = fields.String(allow_none=True)


class ClaimDeviceSchema(Schema):
    """A device allocated to a claim: what it is, and where to collect it. Nothing about its donor."""

    tag = fields.String(required=True, metadata={"example": TAG_EXAMPLE})
    kind = fields.Enum(DeviceKind, by_value=True, required=True, metadata={"type": "string"})
    brand = fields.String(allow_none=True)
    model = fields.String(allow_none=True)
    condition_grade = fields.Enum(ConditionGrade, by_value=True, allow_none=True, metadata={"type": "string"})
    status = fields.Enum(DeviceStatus, by_value=True, required=True, metadata={"type": "string"})
    collect_from = fields.Nested(CollectFromSchema, allow_none=True, required=True,
                                 metadata={"description": "The workshop that holds it; null once it is delivered."})


class ClaimSchema(Schema):
    id = fields.Integer(required=True)
    status = fields.Enum(ClaimStatus, by_value=True, required=True, metadata={"type": "string"})
    care_organisation = fields.String(required=True, metadata={"description": "The care organisation's name."})
    laptops_requested = fields.Integer(required=True)
    tablets_requested = fields.Integer(required=True)
    laptops_allocated = fields.Integer(required=True, metadata={"description": "Laptops linked to the claim now."})
    tablets_allocated = fields.Integer(required=True, metadata={"description": "Tablets linked to the claim now."})
    purpose = fields.String(required=True)
    wanted_by = fields.Date(allow_none=True)
    created_at = fields.AwareDateTime(required=True)
    decided_at = fields.AwareDateTime(allow_none=True)
    rejection_reason = fields.String(allow_none=True, metadata={"description": "Why a coordinator rejected it."})


class ClaimDetailSchema(ClaimSchema):
    devices = fields.List(fields.Nested(ClaimDeviceSchema), required=True)


class AllocationSchema(Schema):
    allocated = fields.List(fields.Nested(ClaimDeviceSchema), required=True,
                            metadata={"description": "The devices this request allocated; empty when there were none."})
    claim = fields.Nested(ClaimDetailSchema, required=True)
