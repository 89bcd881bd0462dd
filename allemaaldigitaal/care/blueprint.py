"""The care pages and API; the modules in ROUTE_MODULES add their routes to these."""
from flask import Blueprint

from allemaaldigitaal.api.spec import ApiBlueprint

bp = Blueprint("care", __name__)
blp = ApiBlueprint("api_care", __name__, description="Care organisations: stock, claims and allocation.")
