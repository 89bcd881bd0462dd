"""Marshmallow schemas of the API infrastructure: the problem+json error."""
from marshmallow import Schema, fields


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


class WholeNumber(fields.Integer):
    """A whole number as JSON Schema's "integer" means it: 3 and 3.0 pass; 3.5, "3" and true do not."""

    def __init__(self, **kwargs):
        super().__init__(strict=True, **kwargs)

    def _validated(self, value):
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        return super()._validated(value)
