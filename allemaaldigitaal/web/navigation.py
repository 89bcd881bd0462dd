"""The main navigation: which links each person sees.

NAV_ITEMS holds (endpoint, label, audience) in display order. The audience is
EVERYONE, ANONYMOUS (signed-out visitors only), None (every signed-in user) or a
tuple of OrganisationKind (signed-in users of those kinds). An item is shown only
when its endpoint exists in the app, so features can add items before they land.
"""
from dataclasses import dataclass

from flask import current_app, request, url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from allemaaldigitaal.core.enums import OrganisationKind

EVERYONE = "everyone"
ANONYMOUS = "anonymous"

NAV_ITEMS = [
    ("start.index", _l("Start"), None),
    ("reports.dashboard", _l("Dashboard"), (OrganisationKind.COORDINATOR,)),
    ("public.home", _l("Home"), EVERYONE),
    ("auth.login", _l("Inloggen"), ANONYMOUS),
    ("auth.signup", _l("Aanmelden als donateur"), ANONYMOUS),
    ("donations.index", _l("Donaties"),
     (OrganisationKind.DONOR, OrganisationKind.REFURBISHER, OrganisationKind.COORDINATOR)),
    ("devices.index", _l("Apparaten"), None),
    ("workshop.scan", _l("Scannen"), (OrganisationKind.REFURBISHER, OrganisationKind.CARE, OrganisationKind.COORDINATOR)),
    ("care.claims", _l("Aanvragen"), (OrganisationKind.CARE, OrganisationKind.COORDINATOR)),
    ("care.loans", _l("Bruiklenen"), (OrganisationKind.CARE, OrganisationKind.COORDINATOR)),
    ("devices.labels", _l("Labels"), (OrganisationKind.REFURBISHER, OrganisationKind.COORDINATOR)),
    ("reports.audit", _l("Audittrail"), (OrganisationKind.COORDINATOR,)),
    ("organisations.overview", _l("Mijn organisatie"), None),
    ("auth.profile", _l("Mijn profiel"), None),
]


@dataclass(frozen=True)
class NavLink:
    url: str
    label: str
    current: bool


def has_endpoint(endpoint: str) -> bool:
    return endpoint in current_app.view_functions


def is_for(audience, user) -> bool:
    """Whether a signed-in user (or None for a visitor) belongs to the audience."""
    if audience == EVERYONE:
        return True
    if audience == ANONYMOUS:
        return user is None
    if user is None:
        return False
    return audience is None or user.kind in audience


def main_navigation() -> list[NavLink]:
    """The links for the current visitor; the current page is marked."""
    user = current_user if current_user.is_authenticated else None
    return [
        NavLink(url_for(endpoint), str(label), endpoint == request.endpoint)
        for endpoint, label, audience in NAV_ITEMS
        if has_endpoint(endpoint) and is_for(audience, user)
    ]


def current_path() -> str:
    """The path of this page with its query, to come back to after a form."""
    return request.full_path.rstrip("?")


def navigation_context() -> dict:
    """Template helpers for the layout."""
    return {"main_navigation": main_navigation, "has_endpoint": has_endpoint, "current_path": current_path}


def safe_local_path(target: str | None) -> str | None:
    """The target when it is a path on this site, else None (no open redirects)."""
    if not target or not target.startswith("/") or target.startswith(("//", "/\\")):
        return None
    if any(ord(char) < 32 or char == "\\" for char in target):
        return None
    return target
