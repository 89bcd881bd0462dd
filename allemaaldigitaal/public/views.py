"""Public pages: home, accessibility statement, privacy statement, language choice."""
from flask import Blueprint, redirect, render_template, request, session, url_for

from allemaaldigitaal.core.access import public
from allemaaldigitaal.web.i18n import LANGUAGES
from allemaaldigitaal.web.navigation import safe_local_path

from .figures import campaign_figures

bp = Blueprint("public", __name__)


@bp.get("/")
@public
def home():
    return render_template("public/home.html", figures=campaign_figures())


@bp.get("/toegankelijkheid")
@public
def accessibility():
    return render_template("public/accessibility.html")


@bp.get("/privacy")
@public
def privacy():
    return render_template("public/privacy.html")


@bp.post("/taal")
@public
def set_language():
    """Remembers the chosen language in the session and goes back to the page."""
    language = request.form.get("lang")
    if language in LANGUAGES:
        session["lang"] = language
    return redirect(safe_local_path(request.form.get("next")) or url_for("public.home"))
