"""The OpenAPI document and a readable docs page (Swagger UI from static/vendor, no inline script)."""
from flask import Blueprint, current_app, jsonify, render_template

from allemaaldigitaal.core.access import public

from .spec import API_PREFIX

#: where init_api keeps the app's flask-smorest Api
API_EXTENSION = "allemaaldigitaal.api"

bp = Blueprint("api_docs", __name__, url_prefix=API_PREFIX)


@bp.get("/openapi.json")
@public
def openapi_json():
    return jsonify(current_app.extensions[API_EXTENSION].spec.to_dict())


@bp.get("/docs")
@public
def docs():
    return render_template("api/docs.html")
