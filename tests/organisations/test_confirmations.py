"""Deactivating a user or an organisation asks first, on a page of its own; reactivating does not."""
import pytest
from sqlalchemy import select

from allemaaldigitaal.core.enums import OrganisationKind as K
from allemaaldigitaal.core.models import AuditEvent, Organisation, User

from ..factories import PASSWORD


def everything(session) -> tuple:
    """Users, organisations and the audit log, to prove a page changed nothing."""
    return tuple(list(session.execute(select(model.__table__)).all()) for model in (User, Organisation, AuditEvent))


@pytest.fixture
def coordinator(make, session, client, login):
    user = make.user(K.COORDINATOR, password=PASSWORD)
    session.commit()
    login(client, user)
    return user


@pytest.fixture
def member(make, session):
    user = make.user(K.CARE, name="Wim Zorg")
    session.commit()
    return user


def test_the_lists_link_to_a_confirmation_page_instead_of_posting(client, coordinator, member):
    detail = client.get(f"/organisatie/{member.organisation_id}").get_data(as_text=True)
    for path in (f"/organisatie/gebruikers/{member.id}/deactiveren", f"/organisatie/{member.organisation_id}/deactiveren"):
        assert f'href="{path}/bevestigen"' in detail and f'action="{path}"' not in detail


def test_the_user_confirmation_page_explains_and_changes_nothing(client, coordinator, member, session):
    path = f"/organisatie/gebruikers/{member.id}/deactiveren"
    before = everything(session)
    page = client.get(f"{path}/bevestigen").get_data(as_text=True)
    assert "Wim Zorg deactiveren?" in page and member.email in page and "kan niet meer inloggen" in page
    assert f'action="{path}"' in page and f'href="/organisatie/{member.organisation_id}"' in page
    assert everything(session) == before
    assert client.post(path).status_code == 302
    session.refresh(member)
    assert not member.active


def test_the_organisation_confirmation_page_explains_and_changes_nothing(client, coordinator, member, session):
    organisation = member.organisation
    path = f"/organisatie/{organisation.id}/deactiveren"
    before = everything(session)
    page = client.get(f"{path}/bevestigen").get_data(as_text=True)
    assert f"{organisation.name} deactiveren?" in page and "Niemand van" in page and "weer activeren" in page
    assert f'action="{path}"' in page and "utrecht-button--danger" in page
    assert everything(session) == before
    assert client.post(path).status_code == 302
    session.refresh(organisation)
    assert not organisation.active
    detail = client.get(f"/organisatie/{organisation.id}").get_data(as_text=True)
    assert f'action="/organisatie/{organisation.id}/activeren"' in detail


@pytest.mark.parametrize("kind", [K.DONOR, K.REFURBISHER, K.CARE], ids=lambda kind: kind.value)
def test_only_coordinators_see_the_confirmation_pages(client, login, make, session, member, kind):
    login(client, make.user(kind, password=PASSWORD))
    for path in (f"/organisatie/gebruikers/{member.id}/deactiveren", f"/organisatie/{member.organisation_id}/deactiveren"):
        assert client.get(f"{path}/bevestigen").status_code == 403


def test_a_missing_user_or_organisation_is_not_found(client, coordinator):
    assert client.get("/organisatie/gebruikers/999999/deactiveren/bevestigen").status_code == 404
    assert client.get("/organisatie/999999/deactiveren/bevestigen").status_code == 404
