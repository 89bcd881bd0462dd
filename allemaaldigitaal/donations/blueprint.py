"""The donations pages and API; the modules in ROUTE_MODULES add their routes to these."""
from flask import Blueprint

from allemaaldigitaal.api.spec import ApiBlueprint

bp = Blueprint("donations", __name__)
blp = ApiBlueprint("api_donations", __name__, description="Donations: pledges, their devices, receipts and certificates.")
