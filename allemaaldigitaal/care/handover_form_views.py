"""The handover form as a PDF, two copies: /D/<TAG>/overdrachtsformulier.pdf and GET /api/v1/devices/{tag}/handover-form.pdf.

For the care organisation that handed the device out, and coordinators (without the recipient's reference). A device
without an open handout, another organisation's handout, or a tag that cannot be read is a 404, as if it did not exist.
A GET writes nothing.
"""
from flask import abort
from flask_login import current_user
from marshmallow import Schema, fields, validate
from sqlalchemy import select

from allemaaldigitaal.core.access import allow, get_visible_or_404
from allemaaldigitaal.core.enums import OrganisationKind as K
from allemaaldigitaal.core.models import Device, Handout
from allemaaldigitaal.core.tags import InvalidTag, normalise_tag
from allemaaldigitaal.extensions import db
from allemaaldigitaal.web.downloads import attachment
from allemaaldigitaal.web.i18n import LANGUAGES

from .blueprint import blp, bp
from .handover_form import handover_form_document

VIEWERS = (K.CARE, K.COORDINATOR)
BINARY = {"type": "string", "format": "binary"}


class HandoverFormArgs(Schema):
    lang = fields.String(validate=validate.OneOf(LANGUAGES),
                         metadata={"description": "The form's language: `nl` or `en`. Without it, Accept-Language "
                                                  "chooses, else Dutch."})


def open_handout_or_404(tag: str) -> Handout:
    """The open handout of the device with this tag, if the current user may see it (a look at another's is audited)."""
    try:
        canonical = normalise_tag(tag)
    except InvalidTag:
        abort(404)
    handout_id = db.session.scalar(select(Device.handout_id).where(Device.asset_tag == canonical))
    if handout_id is None:
        abort(404)
    handout = get_visible_or_404(Handout, handout_id)
    if handout.returned_at is not None:
        abort(404)
    return handout


def _own(handout: Handout) -> bool:
    """Whether the reader's organisation handed the device out: only it sees the recipient's reference."""
    return current_user.organisation_id == handout.care_organisation_id


@bp.get("/D/<tag>/overdrachtsformulier.pdf")
@allow(*VIEWERS)
def handover_form(tag: str):
    """The form in the language of the page, to print and sign: one copy for the recipient, one for the organisation."""
    handout = open_handout_or_404(tag)
    return attachment(*handover_form_document(handout, with_reference=_own(handout)))


@blp.route("/devices/<tag>/handover-form.pdf")
@allow(*VIEWERS)
@blp.arguments(HandoverFormArgs, location="query")
@blp.response(200, BINARY, content_type="application/pdf",
              description="The handover form as a PDF: two pages, one copy for each party.")
@blp.alt_response(404, response="NOT_FOUND")
def handover_form_pdf(query: dict, tag: str):
    """The handover form of a device that is handed out: one page for the recipient, one for the organisation.

    `lang=nl` or `lang=en` chooses the language; without it the Accept-Language header does, else Dutch.
    A coordinator's form leaves out the recipient's reference. A device without an open handout, or one another
    care organisation handed out, is a 404.
    """
    handout = open_handout_or_404(tag)
    return attachment(*handover_form_document(handout, query.get("lang"), with_reference=_own(handout)))
