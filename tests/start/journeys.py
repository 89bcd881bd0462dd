"""An app where the pages of the journeys exist, to see the start page and the home page light up their links."""
import pytest
from flask import url_for

from allemaaldigitaal.core.access import public
from allemaaldigitaal.extensions import db
from allemaaldigitaal.start import actions

from ..conftest import make_test_app

#: the pages the journeys will add, each with a path for this test app
JOURNEY_PAGES = {
    actions.NEW_DONATION: "/test/donaties/nieuw", actions.DONATIONS: "/test/donaties",
    actions.DONATION: "/test/donaties/<reference>", actions.RECEIVE: "/test/ontvangen",
    actions.WORK_QUEUE: "/test/werklijst", actions.DEVICE: "/test/D/<tag>", actions.REQUEST_DEVICES: "/test/aanvragen/nieuw",
    actions.CLAIMS: "/test/aanvragen", actions.CLAIM: "/test/aanvragen/<int:claim_id>", actions.LOANS: "/test/bruikleen",
    actions.DASHBOARD: "/test/dashboard",
}


@pytest.fixture
def journey_app(app, session):
    """An app on the same database with a stand-in page for every journey endpoint that does not exist yet."""
    application = make_test_app(app.config["SQLALCHEMY_DATABASE_URI"])
    for endpoint, path in JOURNEY_PAGES.items():
        if endpoint not in application.view_functions:
            application.add_url_rule(path, endpoint, public(lambda **_values: "stand-in"))
    # one app context for the whole test, as the session fixture keeps for the main app: the rows stay in the session
    with application.app_context():
        yield application
        db.engine.dispose()


def url(application, endpoint: str, **values) -> str:
    """The address of a page in this app: a stand-in now, the journey's own page once it lands."""
    with application.test_request_context():
        return url_for(endpoint, **values)
