"""Revoking an API token asks first: the confirmation page changes nothing; only the owner reaches it."""
import pytest
from sqlalchemy import select

from allemaaldigitaal.accounts.tokens import create_token, revoke_token, user_for_token
from allemaaldigitaal.core.enums import OrganisationKind as K
from allemaaldigitaal.core.models import ApiToken

from ..factories import PASSWORD


@pytest.fixture
def owner(make, session, client, login):
    user = make.user(K.REFURBISHER, password=PASSWORD)
    session.commit()
    login(client, user)
    return user


def tokens(session) -> list[tuple]:
    return list(session.execute(select(ApiToken.__table__)).all())


def test_the_list_links_to_the_confirmation_page_which_changes_nothing(client, owner, session):
    token, raw = create_token(owner, "Voorraadscript")
    session.commit()
    path = f"/profiel/tokens/{token.id}/intrekken"
    listing = client.get("/profiel/tokens").get_data(as_text=True)
    assert f'href="{path}/bevestigen"' in listing and f'action="{path}"' not in listing
    before = tokens(session)
    page = client.get(f"{path}/bevestigen").get_data(as_text=True)
    assert "Sleutel Voorraadscript intrekken?" in page and token.prefix in page and raw not in page
    assert f'action="{path}"' in page and 'href="/profiel/tokens"' in page
    assert tokens(session) == before and user_for_token(raw) is not None


def test_posting_from_the_confirmation_page_revokes(client, owner, session):
    token, raw = create_token(owner, "Voorraadscript")
    session.commit()
    response = client.post(f"/profiel/tokens/{token.id}/intrekken")
    assert response.status_code == 302
    assert user_for_token(raw) is None


def test_a_revoked_token_has_no_confirmation_page(client, owner, session):
    token, _raw = create_token(owner, "Oud script")
    revoke_token(token)
    session.commit()
    response = client.get(f"/profiel/tokens/{token.id}/intrekken/bevestigen", follow_redirects=True)
    assert "De sleutel Oud script is al ingetrokken." in response.get_data(as_text=True)


@pytest.mark.parametrize("kind", list(K), ids=lambda kind: kind.value)
def test_another_users_token_is_not_found(client, login, make, session, kind):
    token, raw = create_token(make.user(K.DONOR), "Script van een ander")
    visitor = make.user(kind, password=PASSWORD)
    session.commit()
    login(client, visitor)
    assert client.get(f"/profiel/tokens/{token.id}/intrekken/bevestigen").status_code == 404
    assert user_for_token(raw) is not None
