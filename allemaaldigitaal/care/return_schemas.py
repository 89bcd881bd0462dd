"""API schemas of a return: what comes in (a note, the state the device came back in) and what goes out."""
from marshmallow import Schema, fields, validate

from .returns import CONDITIONS, NOTE_MAX


class ReturnInSchema(Schema):
    """A device that came back. Do not write names or other personal data in the note."""

    note = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=NOTE_MAX), metadata={
        "description": "What to know about the return, e.g. what is missing. No names or other personal data.",
        "example": "Lader ontbreekt"})
    condition = fields.String(load_default=None, allow_none=True, validate=validate.OneOf(list(CONDITIONS)), metadata={
        "description": "How the device came back: " + ", ".join(f"`{name}`" for name in CONDITIONS) + "."})


class ReturnDoneSchema(Schema):
    tag = fields.String(required=True, metadata={"example": "AD-329-XPE-G6Q"})
    from_status = fields.String(required=True, data_key="from", metadata={"example": "handed_out"})
    status = fields.String(required=True, metadata={"example": "returned"})
    held_by = fields.String(required=True, allow_none=True,
                            metadata={"description": "The organisation that has the device now."})
    bring_to = fields.String(required=True, allow_none=True, metadata={
        "description": "While a care organisation holds the returned device: the workshop to bring it to."})
    at = fields.AwareDateTime(required=True)
