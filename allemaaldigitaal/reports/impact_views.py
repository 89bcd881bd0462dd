"""The campaign's public figures: a page anyone can read and a JSON feed the campaign's website can fetch.

Both are public and the same for everyone (counts only, reports/impact.py); the feed may be read from any site
(CORS) and kept for CACHE_SECONDS, as long as the figures are cached here.
"""
from babel.dates import format_date
from flask import jsonify, render_template

from allemaaldigitaal.core.access import public
from allemaaldigitaal.web.formatting import format_locale

from .blueprint import bp
from .impact import CACHE_SECONDS, impact_json, public_impact


@bp.get("/cijfers")
@public
def public_figures():
    impact = public_impact()
    locale = format_locale()
    month_names = {row.month: format_date(row.month, "MMMM y", locale=locale) for row in impact.months}
    return render_template("reports/impact.html", impact=impact, month_names=month_names)


@bp.get("/cijfers.json")
@public
def public_figures_feed():
    response = jsonify(impact_json(public_impact()))
    response.headers["Access-Control-Allow-Origin"] = "*"
    response.cache_control.public = True
    response.cache_control.max_age = CACHE_SECONDS
    return response
