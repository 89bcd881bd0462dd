"""GET /api/v1/labels.pdf and /api/v1/labels.zpl: the same labels as the labels page, for programs.

A GET changes nothing, so these do not note "label printed" in the devices' histories (the labels page,
where people print, does that with a POST). Bad input is a 422 problem naming the parameter; a donation,
tag or print run that is not the caller's is a 404, as if it did not exist.
"""
from flask_login import current_user
from flask_smorest import abort

from allemaaldigitaal.api.spec import ApiBlueprint
from allemaaldigitaal.core.access import allow
from allemaaldigitaal.core.enums import OrganisationKind as K
from allemaaldigitaal.web.mail import base_url

from . import labels as label_service
from .schemas import BINARY, PdfLabelQuerySchema, ZplLabelQuerySchema
from .views import download

blp = ApiBlueprint("api_labels", __name__, description="Asset labels: PDF for sheets and label printers, ZPL for Zebra.")


def _document(query: dict, output: str):
    asked = label_service.LabelRequest(
        stock=query["stock"], donation=query.get("donation"), tags=tuple(query.get("tag") or ()), skip=query["skip"],
    )
    try:
        job = label_service.prepare(current_user, asked, base_url())
        return download(label_service.labels_document(job, output))
    except label_service.LabelNotFound as error:
        abort(404, message=str(error.message))
    except label_service.LabelRefused as error:
        parameter = {"tags": "tag"}.get(error.field, error.field) or "_schema"
        abort(422, message=str(error.message), errors={"query": {parameter: [str(error.message)]}})


@blp.route("/labels.pdf")
@allow(K.DONOR, K.REFURBISHER, K.COORDINATOR)
@blp.arguments(PdfLabelQuerySchema, location="query")
@blp.response(200, BINARY, content_type="application/pdf", description="The labels as a PDF, ready to print at 100%.")
@blp.alt_response(404, response="NOT_FOUND")
def labels_pdf(query):
    """Labels as a PDF, for a donation's devices or for tags.

    Give `donation` or one or more `tag`. On sheet stocks, `skip` leaves the first spots of the first sheet
    empty, to finish a sheet that was partly used. The PDF asks the viewer to print at actual size.
    """
    return _document(query, "pdf")


@blp.route("/labels.zpl")
@allow(K.DONOR, K.REFURBISHER, K.COORDINATOR)
@blp.arguments(ZplLabelQuerySchema, location="query")
@blp.response(200, BINARY, content_type="text/plain; charset=utf-8",
              description="The labels as ZPL: one ^XA…^XZ format per label, to send to a Zebra printer.")
@blp.alt_response(404, response="NOT_FOUND")
def labels_zpl(query):
    """Labels as ZPL for a Zebra stock (e.g. `zebra-2x1`), for a donation's devices or for tags."""
    return _document(query, "zpl")
