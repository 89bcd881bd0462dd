"""API schemas of the audit trail: the filter and the page (query string), and one page of entries."""
from flask_babel import lazy_gettext as _l
from marshmallow import Schema, ValidationError, fields, validate

from allemaaldigitaal.core.audit import ACTIONS
from allemaaldigitaal.core.enums import EventKind
from allemaaldigitaal.core.models import DeviceEvent
from allemaaldigitaal.core.tags import InvalidTag, format_tag, normalise_tag
from allemaaldigitaal.web.converters import MAX_ID

from .audit import LOGS, MAX_PER_PAGE, PER_PAGE, entry_kind

#: what a tag may look like before its check character is checked: `329XPEG6Q`, `AD-329-XPE-G6Q`, `ad329xpeg6q`
TAG_SHAPE = r"^[0-9A-Za-z][0-9A-Za-z -]*$"


class TagField(fields.String):
    """A device's tag in any form, read as its canonical form; a tag that cannot be read is refused."""

    def _deserialize(self, value, attr, data, **kwargs):
        try:
            return normalise_tag(super()._deserialize(value, attr, data, **kwargs))
        except InvalidTag as error:
            raise ValidationError(str(_l("Deze code bestaat niet. Controleer hem."))) from error


def _id_field(description: str) -> fields.Integer:
    return fields.Integer(strict=False, validate=validate.Range(min=1, max=MAX_ID), metadata={"description": description})


class EventQuerySchema(Schema):
    """The audit trail's filter (the same as the audit page's) and the page."""

    log = fields.String(load_default="devices", validate=validate.OneOf(list(LOGS)), metadata={
        "description": "`devices`: the history of every device; `security`: sign-ins, refusals, invitations, tokens."})
    tag = TagField(validate=[validate.Length(min=1, max=40), validate.Regexp(TAG_SHAPE)], metadata={
        "description": "A device's tag in any form (device history only).", "example": "AD-329-XPE-G6Q"})
    organisation = _id_field("An organisation id: what people of this organisation did.")
    user = _id_field("A user id: what this person did.")
    kind = fields.String(validate=validate.OneOf(EventKind.values() + sorted(ACTIONS)), metadata={
        "description": "A device event kind (`status_changed`, `scanned` ...) or a security action (`login` ...), "
                       "of the chosen log."})
    since = fields.Date(metadata={"description": "From this day on (Dutch time).", "example": "2026-12-01"})
    until = fields.Date(metadata={"description": "Up to and including this day (Dutch time).", "example": "2026-12-31"})
    cursor = fields.String(validate=validate.Length(min=1, max=200), metadata={
        "description": "Where the page starts: `next_cursor` or `previous_cursor` of the page before, or `last` "
                       "for the last (oldest) page. Without it, the first (newest) page."})
    limit = fields.Integer(load_default=PER_PAGE, validate=validate.Range(min=1, max=MAX_PER_PAGE),
                           metadata={"description": f"Entries per page, at most {MAX_PER_PAGE}."})


class PartySchema(Schema):
    id = fields.Integer(required=True)
    name = fields.String(required=True)


def _device_only(read):
    return lambda entry: read(entry) if isinstance(entry, DeviceEvent) else None


class EventSchema(Schema):
    """One entry of either log; fields of the other log are null."""

    id = fields.Integer(required=True, metadata={"description": "Unique within its log."})
    at = fields.DateTime(attribute="created_at", required=True)
    kind = fields.Function(entry_kind, required=True,
                           metadata={"description": "The device event kind, or the security action."})
    actor = fields.Function(lambda entry: {"id": entry.actor.id, "name": entry.actor.name} if entry.actor else None,
                            allow_none=True, metadata={"description": "Who did it: a user id and name; null if no one "
                                                                      "was signed in."})
    organisation_id = fields.Integer(allow_none=True)
    device = fields.Function(_device_only(lambda entry: format_tag(entry.device.asset_tag)), allow_none=True,
                             metadata={"description": "The device's tag (device history).", "example": "AD-329-XPE-G6Q"})
    from_status = fields.Function(_device_only(lambda entry: entry.from_status and entry.from_status.value),
                                  allow_none=True)
    to_status = fields.Function(_device_only(lambda entry: entry.to_status and entry.to_status.value), allow_none=True)
    note = fields.Function(_device_only(lambda entry: entry.note), allow_none=True)
    deltas = fields.Function(_device_only(lambda entry: entry.deltas), allow_none=True,
                             metadata={"description": "What changed besides the status (device history)."})
    subject = fields.Function(lambda entry: None if isinstance(entry, DeviceEvent) else entry.subject, allow_none=True,
                              metadata={"description": "What a security action was about, e.g. an e-mail address."})
    ip_address = fields.Function(lambda entry: None if isinstance(entry, DeviceEvent) else entry.ip_address,
                                 allow_none=True, metadata={"description": "Where a security action came from."})


class EventPageSchema(Schema):
    """One page of entries, newest first; follow `next_cursor` until it is null."""

    log = fields.String(required=True)
    items = fields.List(fields.Nested(EventSchema), required=True)
    organisations = fields.Dict(keys=fields.String(), values=fields.String(), required=True,
                                metadata={"description": "The names of the organisations on this page, by id."})
    next_cursor = fields.String(allow_none=True, required=True,
                                metadata={"description": "The `cursor` of the next (older) page; null on the last."})
    previous_cursor = fields.String(allow_none=True, required=True,
                                    metadata={"description": "The `cursor` of the page before; null on the first."})
