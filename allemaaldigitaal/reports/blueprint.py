"""The report pages and API; the modules in ROUTE_MODULES add their routes to these."""
from flask import Blueprint

from allemaaldigitaal.api.spec import ApiBlueprint

bp = Blueprint("reports", __name__)
blp = ApiBlueprint("api_reports", __name__, description="Reports: figures, the audit trail and exports.")
