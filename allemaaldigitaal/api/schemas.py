"""Marshmallow schemas shared by the API: problems and short descriptions of people and organisations."""
from marshmallow import Schema, fields

from ..enums import OrganisationKind


class ProblemSchema(Schema):
    """An error as application/problem+json (RFC 9457)."""

    type = fields.String(metadata={"description": "Always about:blank: the status says what went wrong."})
    title = fields.String(metadata={"description": "The HTTP status phrase, e.g. Not Found."})
    status = fields.Integer(metadata={"description": "The HTTP status code."})
    detail = fields.String(metadata={"description": "What went wrong, for people."})
    errors = fields.Dict(
        keys=fields.String(),
        metadata={"description": "Validation errors (422) per input location and field, "
                                 'e.g. {"json": {"name": ["Missing data for required field."]}}.'},
    )


class UserSummarySchema(Schema):
    id = fields.Integer(required=True)
    email = fields.Email(required=True)
    name = fields.String(required=True)


class OrganisationSummarySchema(Schema):
    id = fields.Integer(required=True)
    name = fields.String(required=True)


class MeSchema(Schema):
    """Who the token belongs to."""

    user = fields.Nested(UserSummarySchema, required=True)
    organisation = fields.Nested(OrganisationSummarySchema, required=True)
    kind = fields.Enum(
        OrganisationKind, by_value=True, required=True,
        metadata={"type": "string", "description": "The kind of organisation; it decides what this user may do."},
    )
