"""What each kind of organisation can do next, and the endpoints of the journeys, in one place.

An action or link shows only when its endpoint exists, so a journey lights up its part of the start
page by adding the endpoint with the name below.
"""
from dataclasses import dataclass

from flask import url_for
from flask_babel import lazy_gettext as _l
from werkzeug.routing import BuildError

from allemaaldigitaal.core.enums import OrganisationKind as K
from allemaaldigitaal.web.navigation import has_endpoint

#: donor journey
NEW_DONATION = "donations.new"
DONATIONS = "donations.index"
DONATION = "donations.detail"  # reference=<DON-…>
IMPACT = "donations.impact"
#: workshop journey
RECEIVE = "workshop.receive"
RECEIVE_DONATION = "workshop.receive_donation"  # reference=<DON-…>
WORK_QUEUE = "workshop.queue"
DEVICE = "devices.detail"  # tag=<asset tag>
DEVICES = "devices.index"  # status=<status>
#: care journey
REQUEST_DEVICES = "care.request"
CLAIMS = "care.claims"
CLAIM = "care.claim"  # claim_id=<id>
LOANS = "care.loans"
#: coordinator
DASHBOARD = "reports.dashboard"
INVITE = "organisations.invite"
ORGANISATIONS = "organisations.overview"


@dataclass(frozen=True)
class Action:
    endpoint: str
    label: str
    #: shown as the page's main button
    primary: bool = False


ROLE_ACTIONS = {
    K.DONOR: (
        Action(NEW_DONATION, _l("Nieuwe donatie"), primary=True), Action(DONATIONS, _l("Mijn donaties")),
        Action(IMPACT, _l("Wat je donaties opleveren")),
    ),
    K.REFURBISHER: (
        Action(RECEIVE, _l("Apparaten ontvangen"), primary=True), Action(WORK_QUEUE, _l("Werklijst van de werkplaats")),
    ),
    K.CARE: (
        Action(REQUEST_DEVICES, _l("Apparaten aanvragen"), primary=True), Action(CLAIMS, _l("Mijn aanvragen")),
        Action(LOANS, _l("Uitreikingen en bruiklenen")),
    ),
    K.COORDINATOR: (
        Action(DASHBOARD, _l("Dashboard"), primary=True), Action(INVITE, _l("Organisatie of persoon uitnodigen")),
        Action(RECEIVE, _l("Ontvangst in de werkplaatsen")),
    ),
}
#: the page of the first step, offered when nothing waits yet
FIRST_STEP = {K.DONOR: NEW_DONATION, K.REFURBISHER: RECEIVE, K.CARE: REQUEST_DEVICES, K.COORDINATOR: INVITE}
#: for every kind, after its own actions
COMMON_ACTIONS = (
    Action(INVITE, _l("Collega uitnodigen")),
    Action(ORGANISATIONS, _l("Mijn organisatie")),
    Action("auth.profile", _l("Mijn profiel")),
    Action("api_tokens.index", _l("API-sleutels")),
)


@dataclass(frozen=True)
class Link:
    label: str
    url: str
    primary: bool


def actions_for(kind: K) -> list[Link]:
    """The actions of this kind whose pages exist, each page once."""
    shown, seen = [], set()
    for action in (*ROLE_ACTIONS[kind], *COMMON_ACTIONS):
        url = link(action.endpoint)
        if url is not None and url not in seen:
            seen.add(url)
            shown.append(Link(str(action.label), url, action.primary))
    return shown


def link(endpoint: str, **values) -> str | None:
    """The URL of a page, or None while the page does not exist (or takes other arguments)."""
    if not has_endpoint(endpoint):
        return None
    try:
        return url_for(endpoint, **values)
    except BuildError:
        return None
