"""API schemas of a handout: what the care organisation sends, and the handout it gets back."""
from marshmallow import Schema, fields, validate

from allemaaldigitaal.core.enums import HandoutKind

from .recipient_reference import EXAMPLE


class HandoutInSchema(Schema):
    """Hand a delivered device to a person. Never a name, BSN, e-mail address or phone number as the reference."""

    recipient_reference = fields.String(
        required=True, validate=validate.Length(max=200),
        metadata={"description": "Your own reference for the person, at most 40 characters. A BSN, an e-mail "
                                 "address or a phone number is refused (422).", "example": EXAMPLE},
    )
    kind = fields.Enum(HandoutKind, by_value=True, required=True,
                       metadata={"type": "string", "description": "`gift` or `loan`."})
    loan_until = fields.Date(load_default=None, allow_none=True,
                             metadata={"description": "The last day of a loan, after today (ISO 8601 date); "
                                                      "none for a gift."})


class HandoutSchema(Schema):
    id = fields.Integer(required=True)
    device = fields.String(required=True, metadata={"description": "The device's tag.", "example": "AD-329-XPE-G6Q"})
    kind = fields.Enum(HandoutKind, by_value=True, required=True, metadata={"type": "string"})
    loan_until = fields.Date(allow_none=True, required=True)
    handed_out_at = fields.DateTime(required=True)
    signed_at = fields.DateTime(allow_none=True, required=True,
                                metadata={"description": "When the paper handover form was marked as signed."})
    recipient_reference = fields.String(
        allow_none=True,
        metadata={"description": "Only for the care organisation that handed the device out; null once erased "
                                 "after the retention period."})
