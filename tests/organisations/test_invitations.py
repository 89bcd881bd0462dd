"""Invitations: a hashed single-use token, fixed organisation and kind, refusals that write nothing."""
import hashlib
import re
import secrets
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from allemaaldigitaal.core.enums import OrganisationKind as K
from allemaaldigitaal.core.errors import DomainError
from allemaaldigitaal.core.models import AuditEvent, Invitation, Organisation, User
from allemaaldigitaal.core.models.types import utcnow
from allemaaldigitaal.organisations.invitations import (
    accept_invitation,
    invite_colleague,
    invite_new_organisation,
    invite_to_organisation,
)

PASSWORD = "een lange zin als wachtwoord"
CLOSED = "Deze uitnodiging is verlopen of al gebruikt. Vraag om een nieuwe uitnodiging."
LINK = re.compile(r'<code id="invitation-link">([^<]+)</code>')


def counts(session) -> dict:
    return {
        model.__name__: session.scalar(select(func.count()).select_from(model))
        for model in (User, Organisation, Invitation, AuditEvent)
    }


def invite(client, **data) -> str:
    """Post the invitation form and read the link from the page it leads to."""
    response = client.post("/organisatie/uitnodigen", data=data)
    assert response.status_code == 302, response.get_data(as_text=True)
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    return LINK.search(page).group(1)


def new_organisation(email: str, name: str, kind: str = "care") -> dict:
    """The coordinator's form data for an invitation to start a new organisation."""
    return {"email": email, "organisation_id": "new", "kind": kind, "organisation_name": name}


def token_of(link: str) -> str:
    return link.rsplit("/", 1)[1]


def accept(client, token: str, name="Nieuwe Collega", password=PASSWORD, confirm=None):
    return client.post(
        f"/uitnodiging/{token}",
        data={"name": name, "password": password, "password_confirm": confirm or password},
    )


@pytest.fixture
def coordinator(make, session, client, login):
    user = make.user(K.COORDINATOR, password=PASSWORD)
    login(client, user, PASSWORD)
    return user


@pytest.fixture
def visitor(app):
    """A second browser, not signed in."""
    return app.test_client()


def test_coordinator_starts_a_new_care_organisation_and_sees_the_link_once(app, client, coordinator):
    link = invite(client, **new_organisation("Nieuw@Example.org", "Buurthuis De Brug"))
    assert link.startswith(app.config["BASE_URL"] + "/uitnodiging/")
    again = client.get("/organisatie/uitnodigen/verstuurd")
    assert again.status_code == 200
    assert link not in again.get_data(as_text=True)
    assert again.headers["Cache-Control"] == "no-store"


def test_the_token_is_stored_only_as_its_hash(client, coordinator, session):
    token = token_of(invite(client, **new_organisation("a@example.org", "Werkplaats Oost", "refurbisher")))
    invitation = session.scalar(select(Invitation).where(Invitation.email == "a@example.org"))
    assert invitation.token_hash == hashlib.sha256(token.encode()).hexdigest()
    assert len(token) >= 43
    for table in (Invitation.__table__, AuditEvent.__table__):
        for row in session.execute(select(table)).mappings():
            assert all(token not in str(value) for value in row.values()), table.name
    event = session.scalar(select(AuditEvent).where(AuditEvent.action == "invitation_created"))
    assert event.subject == "a@example.org" and event.actor_id == coordinator.id


def test_the_invitation_expires_after_the_configured_days(app, client, coordinator, session, monkeypatch):
    monkeypatch.setitem(app.config, "INVITATION_DAYS", 3)
    invite(client, email="b@example.org", organisation_id=str(coordinator.organisation_id))
    invitation = session.scalar(select(Invitation).where(Invitation.email == "b@example.org"))
    assert abs(invitation.expires_at - (utcnow() + timedelta(days=3))) < timedelta(minutes=1)


def test_accepting_creates_the_user_and_the_new_organisation_and_signs_in(client, coordinator, visitor, session):
    token = token_of(invite(client, **new_organisation("c@example.org", "Buurthuis De Brug")))
    form = visitor.get(f"/uitnodiging/{token}")
    assert form.status_code == 200 and "c@example.org" in form.get_data(as_text=True)
    response = accept(visitor, token, name="Sanne de Vries")
    assert response.status_code == 302
    user = session.scalar(select(User).where(User.email == "c@example.org"))
    assert user.name == "Sanne de Vries"
    assert user.organisation.name == "Buurthuis De Brug" and user.organisation.kind == K.CARE
    invitation = session.scalar(select(Invitation).where(Invitation.email == "c@example.org"))
    assert invitation.used_at is not None and invitation.used_by_id == user.id
    accepted = session.scalar(select(AuditEvent).where(AuditEvent.action == "invitation_accepted"))
    assert accepted.actor_id == user.id and token not in (accepted.detail or "")
    assert "Buurthuis De Brug" in visitor.get("/organisatie").get_data(as_text=True)


def test_an_accepted_invitation_cannot_be_used_again(app, client, coordinator, visitor, session):
    token = token_of(invite(client, **new_organisation("d@example.org", "Zorg Zuid")))
    assert accept(visitor, token).status_code == 302
    before = counts(session)
    replay = accept(app.test_client(), token, name="Iemand Anders")
    assert replay.status_code == 404 and CLOSED in replay.get_data(as_text=True)
    assert counts(session) == before


def test_coordinator_invites_to_an_existing_organisation(client, coordinator, visitor, session, make):
    workshop = make.organisation(K.REFURBISHER, name="Werkplaats Noord")
    session.commit()
    token = token_of(invite(client, email="e@example.org", organisation_id=str(workshop.id)))
    accept(visitor, token)
    user = session.scalar(select(User).where(User.email == "e@example.org"))
    assert user.organisation_id == workshop.id and user.kind == K.REFURBISHER


def open_invitation(session, make, **changes) -> str:
    """An invitation made through the service, then changed (expired, used) for the test."""
    inviter = make.user(K.DONOR)
    invitation, token = invite_colleague(inviter, f"{secrets.token_hex(4)}@example.org")
    for name, value in changes.items():
        setattr(invitation, name, value)
    session.commit()
    return token


@pytest.mark.parametrize(
    "changes",
    [{"expires_at": utcnow() - timedelta(seconds=1)}, {"used_at": utcnow() - timedelta(hours=1)}, None],
    ids=["expired", "used", "wrong token"],
)
def test_a_closed_or_wrong_link_is_refused_and_writes_nothing(client, session, make, changes):
    token = open_invitation(session, make, **(changes or {}))
    if changes is None:
        token = secrets.token_urlsafe(32)
    before = counts(session)
    page = client.get(f"/uitnodiging/{token}")
    assert page.status_code == 404 and CLOSED in page.get_data(as_text=True)
    response = accept(client, token)
    assert response.status_code == 404
    assert counts(session) == before
    assert client.get("/organisatie").status_code == 302


def test_a_colleague_invitation_keeps_the_inviters_organisation_and_kind(client, login, make, session, visitor):
    donor = make.user(K.DONOR, password=PASSWORD)
    other = make.organisation(K.COORDINATOR, name="Andere Coördinatie")
    session.commit()
    login(client, donor, PASSWORD)
    form = client.get("/organisatie/uitnodigen").get_data(as_text=True)
    assert 'name="organisation_id"' not in form and 'name="kind"' not in form
    link = invite(
        client, email="f@example.org", organisation_id=str(other.id), kind="coordinator", organisation_name="Nep"
    )
    invitation = session.scalar(select(Invitation).where(Invitation.email == "f@example.org"))
    assert invitation.organisation_id == donor.organisation_id and invitation.kind == K.DONOR
    assert invitation.organisation_name is None
    accept(visitor, token_of(link))
    user = session.scalar(select(User).where(User.email == "f@example.org"))
    assert user.organisation_id == donor.organisation_id and user.kind == K.DONOR


def test_a_signed_in_person_is_asked_to_sign_out_first(client, coordinator, session, make):
    token = open_invitation(session, make)
    before = counts(session)
    page = client.get(f"/uitnodiging/{token}")
    assert page.status_code == 200 and "Log dan eerst uit" in page.get_data(as_text=True)
    accept(client, token)
    assert counts(session) == before


@pytest.mark.parametrize(
    ("name", "password", "confirm", "message"),
    [
        ("Piet", "kort", None, "minstens 12 tekens"),
        ("Piet", PASSWORD, PASSWORD + "x", "niet hetzelfde"),
        ("", PASSWORD, None, "Vul je naam in"),
    ],
    ids=["short password", "confirmation differs", "no name"],
)
def test_bad_account_details_are_refused_and_the_link_still_works(
    client, session, make, name, password, confirm, message
):
    token = open_invitation(session, make)
    before = counts(session)
    response = accept(client, token, name=name, password=password, confirm=confirm)
    assert response.status_code == 200 and message in response.get_data(as_text=True)
    assert counts(session) == before
    assert accept(client, token).status_code == 302


def test_the_email_on_the_invitation_cannot_be_changed(client, session, make):
    token = open_invitation(session, make)
    invitation = session.scalar(select(Invitation).order_by(Invitation.id.desc()))
    response = client.post(
        f"/uitnodiging/{token}",
        data={"name": "Piet", "email": "ander@example.org", "password": PASSWORD, "password_confirm": PASSWORD},
    )
    assert response.status_code == 302
    assert session.scalar(select(User).where(User.email == "ander@example.org")) is None
    assert session.scalar(select(User).where(User.email == invitation.email)) is not None


def test_an_email_that_has_an_account_cannot_be_invited(client, coordinator, make, session):
    existing = make.user(K.DONOR, email="bestaat@example.org")
    session.commit()
    before = counts(session)
    response = client.post("/organisatie/uitnodigen", data=new_organisation(existing.email, "Zorg X"))
    assert response.status_code == 200 and "Er is al een account" in response.get_data(as_text=True)
    assert counts(session) == before


def test_a_new_organisation_needs_a_free_name_and_an_allowed_kind(client, coordinator, make, session):
    make.organisation(K.CARE, name="Bestaande Zorg")
    session.commit()
    before = counts(session)
    taken = client.post("/organisatie/uitnodigen", data=new_organisation("g@example.org", "bestaande zorg"))
    assert "Er is al een organisatie met deze naam" in taken.get_data(as_text=True)
    donor = client.post("/organisatie/uitnodigen", data=new_organisation("g@example.org", "Donor BV", "donor"))
    assert "Kies wat voor organisatie het wordt" in donor.get_data(as_text=True)
    with pytest.raises(DomainError):
        invite_new_organisation(coordinator, "g@example.org", K.DONOR, "Donor BV")
    assert counts(session) == before


def test_only_a_coordinator_may_choose_the_organisation(make):
    care = make.user(K.CARE)
    with pytest.raises(DomainError):
        invite_to_organisation(care, "h@example.org", make.organisation(K.DONOR))
    with pytest.raises(DomainError):
        invite_new_organisation(care, "h@example.org", K.CARE, "Eigen Zorg")


def test_an_invitation_from_a_deactivated_person_no_longer_works(session, make):
    inviter = make.user(K.CARE)
    _invitation, token = invite_colleague(inviter, "i@example.org")
    inviter.active = False
    session.flush()
    with pytest.raises(DomainError):
        accept_invitation(token, "Iemand", PASSWORD)
