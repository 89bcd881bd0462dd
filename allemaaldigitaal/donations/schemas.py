"""API schemas of donations: a pledge in, a donation (with its devices) out."""
from marshmallow import Schema, fields, validate

from allemaaldigitaal.api.schemas import WholeNumber
from allemaaldigitaal.core.enums import DeviceKind, DeviceStatus
from allemaaldigitaal.core.tags import format_tag

from .services import MAX_EXPECTED, MAX_LENGTHS

#: a Dutch postcode as services.clean_postcode takes it; SA, SD and SS are never issued
POSTCODE_PATTERN = r"^ *[1-9][0-9]{3} *(?![sS][aAdDsS])[A-Za-z]{2} *$"
#: what a reference looks like, for the path parameter
REFERENCE_EXAMPLE = "DON-2026-00042"


def _text(name: str, required: bool = True, **kwargs) -> fields.String:
    return fields.String(
        required=required, allow_none=not required,
        validate=validate.Length(min=1 if required else 0, max=MAX_LENGTHS[name]), **kwargs,
    )


def _count(description: str) -> fields.Integer:
    return WholeNumber(
        required=True, validate=validate.Range(min=0, max=MAX_EXPECTED),
        metadata={"description": description},
    )


class PledgeSchema(Schema):
    """A new donation: where and when to pick up, who to contact, and how many devices to expect."""

    pickup_address = _text("pickup_address", metadata={"example": "Stationsplein 1"})
    pickup_postcode = fields.String(required=True, validate=validate.Regexp(POSTCODE_PATTERN),
                                    metadata={"example": "3511 ED", "description": "A Dutch postcode."})
    pickup_city = _text("pickup_city", metadata={"example": "Utrecht"})
    contact_name = _text("contact_name")
    contact_phone = _text("contact_phone", metadata={"example": "030 123 4567"})
    contact_email = fields.Email(required=True, validate=validate.Length(max=MAX_LENGTHS["contact_email"]))
    pickup_from = fields.AwareDateTime(allow_none=True,
                                       metadata={"description": "Pickup is possible from (ISO 8601, with offset)."})
    pickup_until = fields.AwareDateTime(allow_none=True, metadata={"description": "Pickup is possible until; after pickup_from."})
    expected_laptops = _count("How many laptops the donor expects to give.")
    expected_tablets = _count("How many tablets; together with the laptops at least one device.")
    notes = _text("notes", required=False)


class DonationDeviceSchema(Schema):
    tag = fields.Function(lambda device: format_tag(device.asset_tag), required=True,
                          metadata={"type": "string", "example": "AD-329-XPE-G6Q"})
    kind = fields.Enum(DeviceKind, by_value=True, required=True, metadata={"type": "string"})
    brand = fields.String(allow_none=True)
    model = fields.String(allow_none=True)
    serial_number = fields.String(allow_none=True)
    status = fields.Enum(DeviceStatus, by_value=True, required=True, metadata={"type": "string"})


class DonationSummarySchema(Schema):
    """A donation as its donor, its workshop and the coordinators see it."""

    reference = fields.String(required=True, metadata={"example": REFERENCE_EXAMPLE})
    donor = fields.String(required=True, metadata={"description": "The donor organisation's name."})
    workshop = fields.String(allow_none=True, metadata={"description": "The workshop that picks up; null until chosen."})
    state = fields.String(required=True, validate=validate.OneOf(["waiting", "assigned", "collected", "cancelled"]),
                          metadata={"description": "waiting (for a workshop), assigned, collected or cancelled."})
    pickup_address = fields.String(allow_none=True)
    pickup_postcode = fields.String(allow_none=True)
    pickup_city = fields.String(allow_none=True)
    contact_name = fields.String(allow_none=True)
    contact_phone = fields.String(allow_none=True)
    contact_email = fields.String(allow_none=True)
    pickup_from = fields.AwareDateTime(allow_none=True)
    pickup_until = fields.AwareDateTime(allow_none=True)
    expected_laptops = fields.Integer(required=True)
    expected_tablets = fields.Integer(required=True)
    notes = fields.String(allow_none=True)
    created_at = fields.AwareDateTime(required=True)
    collected_at = fields.AwareDateTime(allow_none=True)
    cancelled_at = fields.AwareDateTime(allow_none=True)
    device_counts = fields.Dict(keys=fields.String(), values=fields.Integer(), required=True,
                                metadata={"description": "How many of its devices are in each status."})


class DonationDetailSchema(DonationSummarySchema):
    devices = fields.List(fields.Nested(DonationDeviceSchema), required=True)
