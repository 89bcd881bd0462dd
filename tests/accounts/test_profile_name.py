"""Changing your own name on the profile: checked, trimmed, audited; the password form keeps working beside it."""
import pytest
from sqlalchemy import select

from allemaaldigitaal.accounts.services import change_name
from allemaaldigitaal.core.enums import OrganisationKind as K
from allemaaldigitaal.core.errors import DomainError
from allemaaldigitaal.core.models import AuditEvent

from ..factories import PASSWORD


def name_events(session) -> list[AuditEvent]:
    return list(session.scalars(select(AuditEvent).where(AuditEvent.action == "name_changed")))


# The service


def test_the_new_name_is_trimmed_and_audited_without_the_names(session, make):
    user = make.user(name="Jan Jansen")
    change_name(user, "  Jan   de  Vries ")
    session.flush()
    assert user.name == "Jan de Vries"
    event, = name_events(session)
    assert event.actor_id == user.id and event.subject == user.email
    assert "Jansen" not in (event.detail or "") and "Vries" not in (event.detail or "")


def test_the_same_name_again_changes_and_audits_nothing(session, make):
    user = make.user(name="Jan Jansen")
    change_name(user, "Jan Jansen ")
    assert name_events(session) == []


@pytest.mark.parametrize("name, message", [("", "Vul je naam in."), (" \t ", "Vul je naam in."), ("x" * 201, "hoogstens 200")])
def test_an_empty_or_too_long_name_is_refused(session, make, name, message):
    user = make.user(name="Jan Jansen")
    with pytest.raises(DomainError, match=message) as refused:
        change_name(user, name)
    assert refused.value.field == "name" and user.name == "Jan Jansen" and name_events(session) == []


# The page


@pytest.fixture
def person(make, session, client, login):
    user = make.user(K.CARE, name="Jan Jansen", password=PASSWORD)
    session.commit()
    login(client, user)
    return user


def test_the_profile_offers_the_current_name_to_change(client, person):
    page = client.get("/profiel").get_data(as_text=True)
    assert 'action="/profiel/naam"' in page and 'value="Jan Jansen"' in page
    assert 'action="/profiel/wachtwoord"' in page


def test_saving_a_new_name_shows_it_everywhere(client, person, session):
    response = client.post("/profiel/naam", data={"name": "Jan de Vries"})
    assert response.status_code == 302 and response.location == "/profiel"
    page = client.get("/profiel").get_data(as_text=True)
    assert "Je naam is gewijzigd." in page and 'value="Jan de Vries"' in page
    session.refresh(person)
    assert person.name == "Jan de Vries" and len(name_events(session)) == 1


def test_an_empty_name_is_shown_as_an_error_and_nothing_changes(client, person, session):
    response = client.post("/profiel/naam", data={"name": "  "})
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and "Vul je naam in." in page and 'id="name-error"' in page
    assert page.count('aria-invalid="true"') == 1 and 'id="current_password"' in page
    session.refresh(person)
    assert person.name == "Jan Jansen" and name_events(session) == []


def test_a_wrong_password_change_keeps_the_name_form_as_it_was(client, person):
    page = client.post("/profiel/wachtwoord", data={"current_password": "fout"}).get_data(as_text=True)
    assert 'value="Jan Jansen"' in page and 'id="name-error"' not in page


def test_signed_out_nobody_can_change_a_name(app, person, session):
    response = app.test_client().post("/profiel/naam", data={"name": "Iemand Anders"})
    assert response.status_code == 302 and "/login" in response.location
    session.refresh(person)
    assert person.name == "Jan Jansen"
