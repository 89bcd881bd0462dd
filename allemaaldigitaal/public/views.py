"""Public pages: home, accessibility statement, privacy statement, language choice."""
from dataclasses import dataclass

from flask import Blueprint, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user

from allemaaldigitaal.core.access import public
from allemaaldigitaal.core.enums import OrganisationKind
from allemaaldigitaal.start.actions import NEW_DONATION
from allemaaldigitaal.web.i18n import LANGUAGES
from allemaaldigitaal.web.navigation import has_endpoint, safe_local_path

from .figures import campaign_figures

bp = Blueprint("public", __name__)


@bp.get("/")
@public
def home():
    return render_template("public/home.html", figures=campaign_figures(), call=call_to_action())


@dataclass(frozen=True)
class CallToAction:
    url: str
    label: str
    #: for a visitor who may have an account already
    sign_in_url: str | None = None


def call_to_action() -> CallToAction:
    """Where the home page's button leads: a visitor to sign-up, a signed-in user never there."""
    if not current_user.is_authenticated:
        return CallToAction(url_for("auth.signup"), _("Apparaten doneren"), url_for("auth.login"))
    if current_user.kind == OrganisationKind.DONOR and has_endpoint(NEW_DONATION):
        return CallToAction(url_for(NEW_DONATION), _("Nieuwe donatie"))
    return CallToAction(url_for("start.index"), _("Naar je startpagina"))


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
