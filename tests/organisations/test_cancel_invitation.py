"""Cancelling an open invitation: a confirmation page that changes nothing, a POST that closes the link at once,
audited; only for whoever may see the invitation."""
import pytest
from sqlalchemy import func, select

from allemaaldigitaal.core.enums import OrganisationKind as K
from allemaaldigitaal.core.errors import DomainError
from allemaaldigitaal.core.models import AuditEvent, Invitation
from allemaaldigitaal.organisations import invitations as service
from allemaaldigitaal.organisations.invitations import (
    accept_invitation,
    cancel_invitation,
    find_open_invitation,
    invite_colleague,
    invite_new_organisation,
)

from ..factories import PASSWORD

CLOSED = "Deze uitnodiging is verlopen, al gebruikt of ingetrokken."
NEW_PASSWORD = "een lange zin als wachtwoord"


def cancelled_events(session) -> list[AuditEvent]:
    return list(session.scalars(select(AuditEvent).where(AuditEvent.action == "invitation_cancelled")))


def invitation_rows(session) -> list[tuple]:
    return list(session.execute(select(Invitation.__table__)).all())


def audit_count(session) -> int:
    return session.scalar(select(func.count()).select_from(AuditEvent))


@pytest.fixture
def coordinator(make, session, client, login):
    user = make.user(K.COORDINATOR, password=PASSWORD)
    session.commit()
    login(client, user)
    return user


@pytest.fixture
def invited(make, session):
    """An open invitation to start a new workshop, made by another coordinator."""
    made = invite_new_organisation(make.user(K.COORDINATOR), "nieuw@example.org", K.REFURBISHER, "Werkplaats West")
    session.commit()
    return made


# The service


def test_a_cancelled_invitation_no_longer_opens_and_the_cancel_is_audited(session, make, invited):
    actor = make.user(K.COORDINATOR)
    cancel_invitation(actor, invited.invitation)
    session.flush()
    assert find_open_invitation(invited.token) is None
    event, = cancelled_events(session)
    assert event.actor_id == actor.id and event.subject == "nieuw@example.org"
    assert event.detail == f"invitation {invited.invitation.id}" and invited.token not in str(event.detail)
    with pytest.raises(DomainError, match=CLOSED):
        accept_invitation(invited.token, "Nieuwe Collega", NEW_PASSWORD)


def test_a_member_may_cancel_an_invitation_for_their_own_organisation_only(session, make):
    donor = make.user(K.DONOR)
    colleague = make.user(K.DONOR, organisation=donor.organisation)
    stranger = make.user(K.DONOR)
    made = invite_colleague(donor, "collega@example.org")
    session.flush()
    with pytest.raises(DomainError, match="eigen organisatie"):
        cancel_invitation(stranger, made.invitation)
    assert find_open_invitation(made.token) is not None and cancelled_events(session) == []
    cancel_invitation(colleague, made.invitation)
    assert find_open_invitation(made.token) is None


@pytest.mark.parametrize("closed_by", ["cancelled", "used"])
def test_a_closed_invitation_cannot_be_cancelled_and_nothing_is_written(session, make, invited, closed_by):
    actor = make.user(K.COORDINATOR)
    if closed_by == "cancelled":
        cancel_invitation(actor, invited.invitation)
    else:
        accept_invitation(invited.token, "Nieuwe Collega", NEW_PASSWORD)
    session.flush()
    rows, audits = invitation_rows(session), audit_count(session)
    with pytest.raises(DomainError, match="al gebruikt of verlopen"):
        cancel_invitation(actor, invited.invitation)
    assert invitation_rows(session) == rows and audit_count(session) == audits


def test_an_invitation_cancelled_after_it_was_opened_cannot_be_claimed(session, make, invited):
    """The accept form was opened before the cancel: the claim itself checks again."""
    opened = find_open_invitation(invited.token)
    cancel_invitation(make.user(K.COORDINATOR), invited.invitation)
    assert service._claim(opened) is False


# The pages


def test_the_confirmation_page_says_what_happens_and_changes_nothing(client, coordinator, session, invited):
    path = f"/organisatie/uitnodigingen/{invited.invitation.id}/intrekken"
    assert f'href="{path}/bevestigen"' in client.get("/organisatie").get_data(as_text=True)
    rows, audits = invitation_rows(session), audit_count(session)
    page = client.get(f"{path}/bevestigen")
    text = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "Uitnodiging intrekken?" in text and "nieuw@example.org" in text and "Werkplaats West" in text
    assert f'action="{path}"' in text and 'method="post"' in text and 'href="/organisatie"' in text
    assert invitation_rows(session) == rows and audit_count(session) == audits
    assert client.get(f"/uitnodiging/{invited.token}").status_code == 200


def test_posting_cancels_and_the_link_shows_the_closed_page(app, client, coordinator, session, invited):
    response = client.post(f"/organisatie/uitnodigingen/{invited.invitation.id}/intrekken")
    assert response.status_code == 302 and response.location == "/organisatie"
    overview = client.get("/organisatie").get_data(as_text=True)
    assert "De uitnodiging voor nieuw@example.org is ingetrokken." in overview
    assert f"/organisatie/uitnodigingen/{invited.invitation.id}/intrekken" not in overview
    closed = app.test_client().get(f"/uitnodiging/{invited.token}")
    assert closed.status_code == 404 and CLOSED in closed.get_data(as_text=True)
    assert len(cancelled_events(session)) == 1


def test_cancelling_again_is_refused_plainly(client, coordinator, session, invited):
    path = f"/organisatie/uitnodigingen/{invited.invitation.id}/intrekken"
    client.post(path)
    again = client.get(f"{path}/bevestigen")
    assert again.status_code == 302 and again.location == "/organisatie"
    repeated = client.post(path, follow_redirects=True).get_data(as_text=True)
    assert "al gebruikt of verlopen" in repeated and len(cancelled_events(session)) == 1


@pytest.mark.parametrize("kind", [K.DONOR, K.REFURBISHER, K.CARE], ids=lambda kind: kind.value)
def test_another_organisations_invitation_is_not_found_and_stays_open(client, login, make, session, kind):
    owner = make.user(kind)
    made = invite_colleague(owner, "collega@example.org")
    outsider = make.user(kind, password=PASSWORD)
    session.commit()
    login(client, outsider)
    path = f"/organisatie/uitnodigingen/{made.invitation.id}/intrekken"
    assert client.get(f"{path}/bevestigen").status_code == 404
    assert client.post(path).status_code == 404
    assert find_open_invitation(made.token) is not None and cancelled_events(session) == []
