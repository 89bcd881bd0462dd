"""The workshop pages and API; the modules in ROUTE_MODULES add their routes to these."""
from flask import Blueprint

from allemaaldigitaal.api.spec import ApiBlueprint

bp = Blueprint("workshop", __name__)
blp = ApiBlueprint("api_workshop", __name__, description="Workshop: scans, checks, data-wipe records and nwipe reports.")
