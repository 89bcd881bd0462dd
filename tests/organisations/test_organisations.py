"""Organisation pages and deactivation by coordinators."""
import re

import pytest
from flask_migrate import upgrade
from sqlalchemy import func, select

from allemaaldigitaal.accounts.services import create_user
from allemaaldigitaal.core.enums import OrganisationKind as K
from allemaaldigitaal.core.models import AuditEvent, Organisation, User
from allemaaldigitaal.extensions import db

from ..conftest import make_test_app
from ..factories import PASSWORD

CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')

ENDPOINTS = [
    "/organisatie/gebruikers/{user}/deactiveren",
    "/organisatie/gebruikers/{user}/activeren",
    "/organisatie/{organisation}/deactiveren",
    "/organisatie/{organisation}/activeren",
]


@pytest.fixture
def coordinator(make, session, client, login):
    user = make.user(K.COORDINATOR, password=PASSWORD)
    login(client, user)
    return user


@pytest.fixture
def donor(make, session):
    """A donor with a password, signed in in a browser of their own."""
    user = make.user(K.DONOR, password=PASSWORD)
    session.commit()
    return user


def signed_in_browser(app, login, user):
    browser = app.test_client()
    login(browser, user)
    return browser


def audit_count(session, action: str) -> int:
    return session.scalar(select(func.count()).select_from(AuditEvent).where(AuditEvent.action == action))


def test_a_member_sees_their_organisation_and_colleagues_but_not_others(app, login, make, session, donor):
    colleague = make.user(K.DONOR, organisation=donor.organisation, name="Collega Jansen")
    stranger = make.user(K.CARE, name="Vreemde Pietersen")
    browser = signed_in_browser(app, login, donor)
    page = browser.get("/organisatie").get_data(as_text=True)
    assert donor.organisation.name in page and colleague.name in page
    assert stranger.name not in page and stranger.organisation.name not in page
    assert "Alle organisaties" not in page and "deactiveren" not in page
    assert browser.get(f"/organisatie/{stranger.organisation_id}").status_code == 404
    assert browser.get(f"/organisatie/{donor.organisation_id}").status_code == 200


def test_a_coordinator_sees_every_organisation_with_the_switches(client, coordinator, make, session):
    care = make.user(K.CARE, name="Zorg Medewerker")
    page = client.get("/organisatie").get_data(as_text=True)
    assert "Alle organisaties" in page and care.organisation.name in page
    detail = client.get(f"/organisatie/{care.organisation_id}").get_data(as_text=True)
    assert f"/organisatie/gebruikers/{care.id}/deactiveren" in detail
    assert f"/organisatie/{care.organisation_id}/deactiveren" in detail
    own = client.get(f"/organisatie/{coordinator.organisation_id}").get_data(as_text=True)
    assert f"/organisatie/gebruikers/{coordinator.id}/deactiveren" not in own
    assert f"/organisatie/{coordinator.organisation_id}/deactiveren" not in own


@pytest.mark.parametrize("kind", [K.DONOR, K.REFURBISHER, K.CARE], ids=lambda kind: kind.value)
@pytest.mark.parametrize("path", ENDPOINTS)
def test_only_coordinators_reach_the_switches_and_nothing_changes(app, login, make, session, kind, path):
    actor = make.user(kind, password=PASSWORD)
    target = make.user(K.REFURBISHER)
    session.commit()
    browser = signed_in_browser(app, login, actor)
    version = target.session_version
    response = browser.post(path.format(user=target.id, organisation=target.organisation_id))
    assert response.status_code == 403
    session.refresh(target)
    session.refresh(target.organisation)
    assert target.active and target.organisation.active and target.session_version == version
    assert audit_count(session, "user_deactivated") == audit_count(session, "organisation_deactivated") == 0


@pytest.mark.parametrize("path", ENDPOINTS)
def test_signed_out_visitors_are_sent_to_the_login_and_nothing_changes(client, make, session, path):
    target = make.user(K.CARE)
    session.commit()
    response = client.post(path.format(user=target.id, organisation=target.organisation_id))
    assert response.status_code == 302 and "/login" in response.headers["Location"]
    assert target.active and target.organisation.active


@pytest.mark.parametrize("path", ENDPOINTS)
def test_the_switches_do_nothing_on_get(client, coordinator, make, session, path):
    target = make.user(K.CARE)
    assert client.get(path.format(user=target.id, organisation=target.organisation_id)).status_code == 405
    assert target.active and target.organisation.active


def test_deactivating_a_user_ends_their_other_session(app, client, coordinator, login, session, donor):
    browser = signed_in_browser(app, login, donor)
    assert browser.get("/organisatie").status_code == 200
    response = client.post(f"/organisatie/gebruikers/{donor.id}/deactiveren")
    assert response.status_code == 302
    session.refresh(donor)
    assert not donor.active
    assert browser.get("/organisatie").status_code == 302
    assert browser.post("/login", data={"email": donor.email, "password": PASSWORD}).status_code != 302
    event = session.scalar(select(AuditEvent).where(AuditEvent.action == "user_deactivated"))
    assert event.actor_id == coordinator.id and event.subject == donor.email


def test_a_reactivated_user_can_sign_in_again(app, client, coordinator, login, session, donor):
    client.post(f"/organisatie/gebruikers/{donor.id}/deactiveren")
    client.post(f"/organisatie/gebruikers/{donor.id}/activeren")
    session.refresh(donor)
    assert donor.active
    assert signed_in_browser(app, login, donor).get("/organisatie").status_code == 200
    assert audit_count(session, "user_activated") == 1


def test_deactivating_an_organisation_signs_out_all_its_members(app, client, coordinator, login, make, session, donor):
    colleague = make.user(K.DONOR, organisation=donor.organisation, password=PASSWORD)
    session.commit()
    browsers = [signed_in_browser(app, login, person) for person in (donor, colleague)]
    response = client.post(f"/organisatie/{donor.organisation_id}/deactiveren")
    assert response.status_code == 302
    session.refresh(donor.organisation)
    assert not donor.organisation.active
    for browser in browsers:
        assert browser.get("/organisatie").status_code == 302
    assert app.test_client().post("/login", data={"email": colleague.email, "password": PASSWORD}).status_code != 302
    assert audit_count(session, "organisation_deactivated") == 1
    client.post(f"/organisatie/{donor.organisation_id}/activeren")
    assert signed_in_browser(app, login, colleague).get("/organisatie").status_code == 200


def test_a_coordinator_cannot_switch_off_themselves_or_their_own_organisation(client, coordinator, session):
    version = coordinator.session_version
    own_user = client.post(f"/organisatie/gebruikers/{coordinator.id}/deactiveren", follow_redirects=True)
    assert "Je kunt je eigen account niet deactiveren" in own_user.get_data(as_text=True)
    own_organisation = client.post(f"/organisatie/{coordinator.organisation_id}/deactiveren", follow_redirects=True)
    assert "Je kunt je eigen organisatie niet deactiveren" in own_organisation.get_data(as_text=True)
    session.refresh(coordinator)
    assert coordinator.active and coordinator.organisation.active and coordinator.session_version == version
    assert client.get("/organisatie").status_code == 200


def test_an_unknown_user_or_organisation_answers_404(client, coordinator):
    assert client.post("/organisatie/gebruikers/999999/deactiveren").status_code == 404
    assert client.post("/organisatie/999999/deactiveren").status_code == 404


def test_open_invitations_are_listed_for_the_organisation(client, coordinator, session):
    own = str(coordinator.organisation_id)
    client.post("/organisatie/uitnodigen", data={"email": "open@example.org", "organisation_id": own})
    assert "open@example.org" in client.get("/organisatie").get_data(as_text=True)


@pytest.fixture(scope="module")
def csrf_app(fresh_database):
    """An app with CSRF protection on, on a database of its own."""
    application = make_test_app(fresh_database("organisations_csrf").url, WTF_CSRF_ENABLED=True)
    with application.app_context():
        upgrade()
        coordinator = Organisation(kind=K.COORDINATOR, name="Coördinatie")
        create_user("coordinator@example.org", "Coördinator", coordinator, PASSWORD)
        create_user("donor@example.org", "Donateur", Organisation(kind=K.DONOR, name="Donor"), PASSWORD)
        db.session.commit()
        db.session.remove()
    yield application
    with application.app_context():
        db.engine.dispose()


def test_with_csrf_on_a_switch_needs_the_token_from_the_page(csrf_app):
    client = csrf_app.test_client()
    token = CSRF.search(client.get("/login").get_data(as_text=True)).group(1)
    client.post("/login", data={"email": "coordinator@example.org", "password": PASSWORD, "csrf_token": token})
    with csrf_app.app_context():
        donor = db.session.scalar(select(User).where(User.email == "donor@example.org"))
        donor_id, organisation_id = donor.id, donor.organisation_id
        db.session.remove()
    path = f"/organisatie/gebruikers/{donor_id}/deactiveren"
    assert client.post(path).status_code == 400
    assert f'href="{path}/bevestigen"' in client.get(f"/organisatie/{organisation_id}").get_data(as_text=True)
    page = client.get(f"{path}/bevestigen").get_data(as_text=True)
    form = re.search(rf'action="{path}".*?name="csrf_token" value="([^"]+)"', page, re.S)
    assert client.post(path, data={"csrf_token": form.group(1)}).status_code == 302
    with csrf_app.app_context():
        assert db.session.get(User, donor_id).active is False
        db.session.remove()
