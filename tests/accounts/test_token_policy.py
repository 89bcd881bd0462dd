"""When API tokens end: when their user or the user's organisation is deactivated, and when the user asks at sign-out."""
import pytest
from sqlalchemy import select

from allemaaldigitaal.accounts.tokens import create_token, revoke_token
from allemaaldigitaal.core.enums import OrganisationKind as K
from allemaaldigitaal.core.models import AuditEvent
from allemaaldigitaal.organisations.services import activate_organisation, activate_user, deactivate_organisation, deactivate_user

from ..web.test_layout import parse


def bearer(raw: str) -> dict:
    return {"Authorization": f"Bearer {raw}"}


def works(client, raw: str) -> bool:
    return client.get("/api/v1/me", headers=bearer(raw)).status_code == 200


def revocations(session) -> list[tuple[int, str, str]]:
    """(actor, subject, reason) of every token_revoked event, oldest first."""
    query = select(AuditEvent).where(AuditEvent.action == "token_revoked").order_by(AuditEvent.id)
    return [(event.actor_id, event.subject, event.detail) for event in session.scalars(query)]


@pytest.fixture
def coordinator(make):
    return make.user(K.COORDINATOR)


# --- deactivation ---------------------------------------------------------------------------------

def test_deactivating_a_user_revokes_their_working_tokens_for_good(client, session, make, coordinator):
    user, bystander = make.user(K.CARE), make.user(K.CARE)
    working, raw = create_token(user, "Planning")
    old, _old_raw = create_token(user, "Oud")
    revoke_token(old)
    revoked_before = old.revoked_at
    _other, other_raw = create_token(bystander, "Van een ander")
    session.flush()
    assert works(client, raw)
    deactivate_user(coordinator, user)
    session.flush()
    assert working.revoked_at is not None and old.revoked_at == revoked_before
    assert revocations(session)[-1] == (coordinator.id, f"Planning ({working.prefix}…)", "user deactivated")
    activate_user(coordinator, user)
    session.flush()
    assert not works(client, raw)
    assert works(client, other_raw)


def test_deactivating_an_organisation_revokes_the_tokens_of_every_member(client, session, make, coordinator):
    first = make.user(K.REFURBISHER)
    second = make.user(K.REFURBISHER, organisation=first.organisation)
    raws = [create_token(member, f"Scanner {n}")[1] for n, member in enumerate((first, second))]
    session.flush()
    deactivate_organisation(coordinator, first.organisation)
    activate_organisation(coordinator, first.organisation)
    session.flush()
    assert [works(client, raw) for raw in raws] == [False, False]
    assert [(actor, reason) for actor, _subject, reason in revocations(session)] == [
        (coordinator.id, "organisation deactivated")
    ] * 2


# --- signing out everywhere -----------------------------------------------------------------------

def test_sign_out_with_the_box_ticked_revokes_your_tokens_and_no_one_elses(app, client, session, make, login):
    user, bystander = make.user(K.DONOR), make.user(K.DONOR)
    _token, raw = create_token(user, "Koppeling")
    _other, other_raw = create_token(bystander, "Van een ander")
    session.flush()
    login(client, user)
    response = client.post("/logout", data={"revoke_api_tokens": "1"}, follow_redirects=True)
    assert "Je bent uitgelogd en je API-sleutels zijn ingetrokken." in response.get_data(as_text=True)
    api = app.test_client()
    assert not works(api, raw)
    assert works(api, other_raw)
    assert [(actor, reason) for actor, _subject, reason in revocations(session)] == [(user.id, "signed out everywhere")]


def test_sign_out_without_the_box_keeps_your_tokens_working(app, client, session, make, login):
    user = make.user(K.DONOR)
    _token, raw = create_token(user, "Koppeling")
    session.flush()
    login(client, user)
    response = client.post("/logout", follow_redirects=True)
    assert "Je bent uitgelogd." in response.get_data(as_text=True)
    assert works(app.test_client(), raw)
    assert revocations(session) == []


def test_the_profile_offers_the_choice_with_a_label_and_an_explanation(client, make, login):
    login(client, make.user(K.CARE))
    form = parse(client.get("/profiel").get_data(as_text=True)).find("main").find("form", action="/logout")
    box = form.find("input", type="checkbox")
    assert box.attrs["name"] == "revoke_api_tokens" and box.attrs["value"] == "1" and "checked" not in box.attrs
    assert form.find("label", **{"for": box.attrs["id"]}).text() == "Trek ook al mijn API-sleutels in"
    assert "Programma's die je sleutels gebruiken" in form.find(id=box.attrs["aria-describedby"]).text()
