"""Invitations: a mailed, hashed, single-use token; fixed organisation and kind; refusals that write nothing;
the same answer whether or not the address has an account."""
import hashlib
import secrets
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from allemaaldigitaal.accounts.services import create_user
from allemaaldigitaal.core.enums import OrganisationKind as K
from allemaaldigitaal.core.errors import DomainError
from allemaaldigitaal.core.models import AuditEvent, Invitation, Organisation, User
from allemaaldigitaal.core.models.types import utcnow
from allemaaldigitaal.extensions import db
from allemaaldigitaal.organisations.invitations import (
    accept_invitation,
    invite_colleague,
    invite_new_organisation,
    invite_to_organisation,
)
from allemaaldigitaal.organisations.views import LINK_ONCE

from ..conftest import throttled_app
from ..mailbox import break_mail_server, empty_outbox, html_of, links_in, without_csrf

PASSWORD = "een lange zin als wachtwoord"
CLOSED = "Deze uitnodiging is verlopen, al gebruikt of ingetrokken. Vraag om een nieuwe uitnodiging."
SENT = "/organisatie/uitnodigen/verstuurd"


def counts(session) -> dict:
    return {
        model.__name__: session.scalar(select(func.count()).select_from(model))
        for model in (User, Organisation, Invitation, AuditEvent)
    }


@pytest.fixture
def outbox(app):
    return empty_outbox(app)


def invite(client, outbox, **data) -> str:
    """Post the invitation form and read the link from the e-mail it sends."""
    response = client.post("/organisatie/uitnodigen", data=data)
    assert response.status_code == 302 and response.location == SENT, response.get_data(as_text=True)
    links = [link for link in links_in(outbox[-1]) if "/uitnodiging/" in link]
    assert len(links) == 1
    return links[0]


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


def session_data(app, client) -> str:
    """What the session cookie holds, decoded."""
    cookie = client.get_cookie("session")
    return str(app.session_interface.get_signing_serializer(app).loads(cookie.value)) if cookie else ""


def test_the_link_is_mailed_and_shown_to_the_coordinator_once_then_gone_from_the_session(app, client, coordinator, outbox):
    response = client.post("/organisatie/uitnodigen", data=new_organisation("Nieuw@Example.org", "Buurthuis De Brug"))
    assert response.status_code == 302 and response.location == SENT
    message, = outbox
    link, = [link for link in links_in(message) if "/uitnodiging/" in link]
    assert link.startswith(app.config["BASE_URL"] + "/uitnodiging/")
    assert message.to == ["nieuw@example.org"] and message.subject == "Uitnodiging voor allemaaldigitaal"
    assert "Buurthuis De Brug" in message.body and coordinator.name in message.body
    sent = client.get(SENT)
    page = sent.get_data(as_text=True)
    assert "Uitnodiging verstuurd naar nieuw@example.org." in page
    assert f'value="{link}"' in page and "js/copy.js" in page and "data-copy-for" in page
    assert sent.headers["Cache-Control"] == "no-store" and sent.headers["Referrer-Policy"] == "no-referrer"
    assert token_of(link) not in session_data(app, client)
    assert token_of(link) not in client.get(SENT).get_data(as_text=True)


def test_a_member_only_gets_the_mail_never_the_link(app, client, login, make, session, outbox):
    donor = make.user(K.DONOR, password=PASSWORD)
    session.commit()
    login(client, donor, PASSWORD)
    link = invite(client, outbox, email="collega@example.org")
    assert token_of(link) not in session_data(app, client)
    page = client.get(SENT).get_data(as_text=True)
    assert token_of(link) not in page and "js/copy.js" not in page


def test_the_mail_has_a_text_and_an_html_part_with_the_helpline_and_nothing_that_tracks(client, coordinator, outbox):
    link = invite(client, outbox, **new_organisation("html@example.org", "Zorg & Welzijn <Oost>"))
    html = html_of(outbox[-1])
    assert f'<a href="{link}"' in html and "Zorg &amp; Welzijn &lt;Oost&gt;" in html
    assert "<img" not in html and "<script" not in html and "0800-1508" in html and 'lang="nl"' in html
    assert "0800-1508" in outbox[-1].body and "Zorg & Welzijn <Oost>" in outbox[-1].body


def test_the_invitation_is_in_dutch_whatever_language_the_inviter_uses(client, coordinator, outbox):
    client.post("/taal", data={"lang": "en", "next": "/"})
    invite(client, outbox, **new_organisation("taal@example.org", "Werkplaats Taal", "refurbisher"))
    assert outbox[-1].subject == "Uitnodiging voor allemaaldigitaal" and "Hallo," in outbox[-1].body


def test_the_token_is_stored_only_as_its_hash(client, coordinator, session, outbox):
    token = token_of(invite(client, outbox, **new_organisation("a@example.org", "Werkplaats Oost", "refurbisher")))
    invitation = session.scalar(select(Invitation).where(Invitation.email == "a@example.org"))
    assert invitation.token_hash == hashlib.sha256(token.encode()).hexdigest()
    assert len(token) >= 43
    for table in (Invitation.__table__, AuditEvent.__table__):
        for row in session.execute(select(table)).mappings():
            assert all(token not in str(value) for value in row.values()), table.name
    event = session.scalar(select(AuditEvent).where(AuditEvent.action == "invitation_created"))
    assert event.subject == "a@example.org" and event.actor_id == coordinator.id


def test_the_invitation_expires_after_the_configured_days(app, client, coordinator, session, monkeypatch, outbox):
    monkeypatch.setitem(app.config, "INVITATION_DAYS", 3)
    invite(client, outbox, email="b@example.org", organisation_id=str(coordinator.organisation_id))
    invitation = session.scalar(select(Invitation).where(Invitation.email == "b@example.org"))
    assert abs(invitation.expires_at - (utcnow() + timedelta(days=3))) < timedelta(minutes=1)


def test_accepting_creates_the_user_and_the_new_organisation_and_signs_in(
    client, coordinator, visitor, session, outbox
):
    token = token_of(invite(client, outbox, **new_organisation("c@example.org", "Buurthuis De Brug")))
    form = visitor.get(f"/uitnodiging/{token}")
    assert form.status_code == 200 and "c@example.org" in form.get_data(as_text=True)
    response = accept(visitor, token, name="Sanne de Vries")
    assert response.status_code == 302
    user = session.scalar(select(User).where(User.email == "c@example.org"))
    assert user.name == "Sanne de Vries" and user.email_confirmed_at is not None
    assert user.organisation.name == "Buurthuis De Brug" and user.organisation.kind == K.CARE
    invitation = session.scalar(select(Invitation).where(Invitation.email == "c@example.org"))
    assert invitation.used_at is not None and invitation.used_by_id == user.id
    accepted = session.scalar(select(AuditEvent).where(AuditEvent.action == "invitation_accepted"))
    assert accepted.actor_id == user.id and token not in (accepted.detail or "")
    assert "Buurthuis De Brug" in visitor.get("/organisatie").get_data(as_text=True)


def test_an_accepted_invitation_cannot_be_used_again(app, client, coordinator, visitor, session, outbox):
    token = token_of(invite(client, outbox, **new_organisation("d@example.org", "Zorg Zuid")))
    assert accept(visitor, token).status_code == 302
    before = counts(session)
    replay = accept(app.test_client(), token, name="Iemand Anders")
    assert replay.status_code == 404 and CLOSED in replay.get_data(as_text=True)
    assert counts(session) == before


def test_coordinator_invites_to_an_existing_organisation(client, coordinator, visitor, session, make, outbox):
    workshop = make.organisation(K.REFURBISHER, name="Werkplaats Noord")
    session.commit()
    token = token_of(invite(client, outbox, email="e@example.org", organisation_id=str(workshop.id)))
    accept(visitor, token)
    user = session.scalar(select(User).where(User.email == "e@example.org"))
    assert user.organisation_id == workshop.id and user.kind == K.REFURBISHER


def open_invitation(session, make, **changes) -> str:
    """An invitation made through the service, then changed (expired, used) for the test."""
    inviter = make.user(K.DONOR)
    invited = invite_colleague(inviter, f"{secrets.token_hex(4)}@example.org")
    invitation, token = invited.invitation, invited.token
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


def test_a_colleague_invitation_keeps_the_inviters_organisation_and_kind(client, login, make, session, visitor, outbox):
    donor = make.user(K.DONOR, password=PASSWORD)
    other = make.organisation(K.COORDINATOR, name="Andere Coördinatie")
    session.commit()
    login(client, donor, PASSWORD)
    form = client.get("/organisatie/uitnodigen").get_data(as_text=True)
    assert 'name="organisation_id"' not in form and 'name="kind"' not in form
    link = invite(
        client, outbox, email="f@example.org", organisation_id=str(other.id), kind="coordinator", organisation_name="Nep"
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


def inviter_sees(client, data) -> tuple[int, str, str]:
    """Status, where it leads, and that page with the invited address taken out."""
    response = client.post("/organisatie/uitnodigen", data=data)
    page = client.get(response.location).get_data(as_text=True)
    return response.status_code, response.location, without_csrf(page).replace(data["email"].strip().lower(), "ADRES")


@pytest.fixture
def member(make, session, client, login):
    """A signed-in donor: inviting colleagues must not tell them who has an account."""
    user = make.user(K.DONOR, password=PASSWORD)
    session.commit()
    login(client, user, PASSWORD)
    return user


def audit_of(session, email: str) -> tuple:
    event = session.scalar(select(AuditEvent).where(AuditEvent.subject == email).order_by(AuditEvent.id.desc()))
    return event.action, event.actor_id, event.detail.replace(email, "ADRES")


@pytest.mark.parametrize("typed", ["bestaat@example.org", " Bestaat@Example.ORG "])
def test_an_address_with_an_account_gets_the_same_answer_and_the_account_a_notice(
    client, member, make, session, outbox, typed
):
    make.user(K.CARE, email="bestaat@example.org")
    session.commit()
    new = inviter_sees(client, {"email": "nieuw@example.org"})
    new_audit = audit_of(session, "nieuw@example.org")
    outbox.clear()
    before = counts(session)
    assert inviter_sees(client, {"email": typed}) == new
    after = counts(session)
    assert after["Invitation"] == before["Invitation"] and after["User"] == before["User"]
    assert audit_of(session, "bestaat@example.org") == new_audit
    message, = outbox
    assert message.to == ["bestaat@example.org"] and message.subject == "Uitnodiging voor allemaaldigitaal"
    assert "al een account" in message.body and member.organisation.name in message.body
    assert not [link for link in links_in(message) if "/uitnodiging/" in link]


def test_a_coordinator_who_sees_every_account_is_told_there_is_no_link_to_pass_on(client, coordinator, make, session, outbox):
    make.user(K.DONOR, email="bestaat@example.org")
    workshop = make.organisation(K.REFURBISHER, name="Werkplaats Zuid")
    session.commit()
    status, location, page = inviter_sees(client, {"email": "bestaat@example.org", "organisation_id": str(workshop.id)})
    assert (status, location) == (302, SENT)
    assert "Er is al een account met ADRES" in page and "/uitnodiging/" not in page and "js/copy.js" not in page
    assert "al een account" in outbox[-1].body


def test_a_donor_sees_no_list_of_open_invitations_that_could_tell_who_has_an_account(client, login, make, session):
    donor = make.user(K.DONOR, password=PASSWORD)
    session.commit()
    login(client, donor, PASSWORD)
    sent = client.post("/organisatie/uitnodigen", data={"email": "collega@example.org"})
    assert "collega@example.org" in client.get(sent.location).get_data(as_text=True)
    page = client.get("/organisatie").get_data(as_text=True)
    assert "collega@example.org" not in page and "Open uitnodigingen" not in page


def test_when_the_mail_cannot_be_sent_yet_the_inviter_is_told_it_comes_later(
    app, client, coordinator, make, session, monkeypatch
):
    make.user(K.DONOR, email="bestaat@example.org")
    session.commit()
    break_mail_server(app, monkeypatch)
    own = str(coordinator.organisation_id)
    for email in ("nieuw@example.org", "bestaat@example.org"):
        response = client.post("/organisatie/uitnodigen", data={"email": email, "organisation_id": own})
        assert response.status_code == 302 and response.location == "/organisatie/uitnodigen/verstuurd"
        page = client.get(response.location).get_data(as_text=True)
        assert f"de e-mail naar {email} is nog niet verstuurd. We proberen het vanzelf opnieuw." in page
        with client.session_transaction() as cookie_session:
            assert LINK_ONCE not in cookie_session, "the sent page takes the link out of the session"


def test_a_new_organisation_needs_a_free_name_and_an_allowed_kind(client, coordinator, make, session, outbox):
    make.organisation(K.CARE, name="Bestaande Zorg")
    session.commit()
    before = counts(session)
    taken = client.post("/organisatie/uitnodigen", data=new_organisation("g@example.org", "bestaande zorg"))
    assert "Er is al een organisatie met deze naam" in taken.get_data(as_text=True)
    donor = client.post("/organisatie/uitnodigen", data=new_organisation("g@example.org", "Donor BV", "donor"))
    assert "Kies wat voor organisatie het wordt" in donor.get_data(as_text=True)
    with pytest.raises(DomainError):
        invite_new_organisation(coordinator, "g@example.org", K.DONOR, "Donor BV")
    assert counts(session) == before and outbox == []


def test_only_a_coordinator_may_choose_the_organisation(make):
    care = make.user(K.CARE)
    with pytest.raises(DomainError):
        invite_to_organisation(care, "h@example.org", make.organisation(K.DONOR))
    with pytest.raises(DomainError):
        invite_new_organisation(care, "h@example.org", K.CARE, "Eigen Zorg")


def test_an_invitation_from_a_deactivated_person_no_longer_works(session, make):
    inviter = make.user(K.CARE)
    token = invite_colleague(inviter, "i@example.org").token
    inviter.active = False
    session.flush()
    with pytest.raises(DomainError):
        accept_invitation(token, "Iemand", PASSWORD)


@pytest.fixture(scope="module")
def limited_app(fresh_database):
    with throttled_app(fresh_database("invitation_limits").url) as application:
        yield application


def signed_in_donor(application, email: str):
    with application.app_context():
        organisation = Organisation(kind=K.DONOR, name=email)
        db.session.add(organisation)
        create_user(email, "Donor", organisation, PASSWORD)
        db.session.commit()
    client = application.test_client()
    assert client.post("/login", data={"email": email, "password": PASSWORD}).status_code == 302
    return client


def test_invitations_are_throttled_per_user(limited_app):
    first, second = (signed_in_donor(limited_app, f"{name}@limits.example") for name in ("first", "second"))
    statuses = [first.post("/organisatie/uitnodigen", data={"email": f"c{n}@example.org"}).status_code for n in range(31)]
    assert statuses == [302] * 30 + [429]
    assert second.post("/organisatie/uitnodigen", data={"email": "c@example.org"}).status_code == 302
