"""API schemas of accounts: who a token belongs to."""
from marshmallow import Schema, fields

from allemaaldigitaal.core.enums import OrganisationKind


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
