"""The route × role test: every endpoint answers each role as tests/access_table.py says."""
import pytest
from sqlalchemy import select

from allemaaldigitaal.accounts.tokens import create_token
from allemaaldigitaal.core.enums import OrganisationKind as K
from allemaaldigitaal.extensions import db
from allemaaldigitaal.organisations.invitations import invite_new_organisation

from .access_table import EXPECTED_ACCESS, REQUESTS, ROLES, TO_LOGIN

PASSWORD = "correct horse battery staple"
#: the audit log grows on purpose when access is refused, and a token notes its last use;
#: everything else must stay the same
IGNORED_TABLES = {"audit_events"}
IGNORED_COLUMNS = {("api_tokens", "last_used_at")}
CASES = [(endpoint, role) for endpoint in sorted(EXPECTED_ACCESS) for role in ROLES]


def _endpoints(app) -> set[str]:
    return {rule.endpoint for rule in app.url_map.iter_rules() if rule.endpoint != "static"}


def test_access_table_lists_exactly_the_endpoints_of_the_app(app):
    endpoints = _endpoints(app)
    assert sorted(endpoints - set(EXPECTED_ACCESS)) == [], "endpoints missing from tests/access_table.py"
    assert sorted(set(EXPECTED_ACCESS) - endpoints) == [], "endpoints in tests/access_table.py that no longer exist"
    assert set(REQUESTS) == set(EXPECTED_ACCESS)
    for endpoint, answers in EXPECTED_ACCESS.items():
        assert set(answers) == set(ROLES), endpoint


def test_every_view_declares_who_may_use_it(app):
    undeclared = [
        endpoint for endpoint, view in app.view_functions.items()
        if endpoint != "static" and getattr(view, "access", None) is None
    ]
    assert undeclared == []


def snapshot(session) -> dict[str, list]:
    """Every row of every table (but the audit log), to prove a refused request changed nothing."""
    rows = {}
    for table in db.metadata.sorted_tables:
        if table.name not in IGNORED_TABLES:
            columns = [column for column in table.columns if (table.name, column.name) not in IGNORED_COLUMNS]
            rows[table.name] = sorted((tuple(row) for row in session.execute(select(*columns))), key=repr)
    return rows


def changed_tables(before: dict, after: dict) -> list[str]:
    return [name for name in before if before[name] != after[name]]


@pytest.fixture
def world(make, session):
    """Objects of other organisations to use in URLs: none of them belongs to the signed-in user."""
    other = make.user(K.DONOR)
    inactive = make.user(K.CARE)
    inactive.active = inactive.organisation.active = False
    invited = invite_new_organisation(make.user(K.COORDINATOR), "nieuw@example.org", K.CARE, "Nieuwe Zorg")
    other_token, _raw = create_token(other, "Script van een ander")
    session.flush()
    return {
        "other_user": other.id, "other_organisation": other.organisation_id,
        "inactive_user": inactive.id, "inactive_organisation": inactive.organisation_id,
        "other_token": other_token.id, "invitation": invited.token, "invitation_id": invited.invitation.id,
        "password": PASSWORD,
    }


def sign_in(client, make, login, role: str) -> dict:
    """Signs in through the login form as a new user of this role; returns the API headers of that user."""
    user = make.user(K(role))
    login(client, user, PASSWORD)
    _token, raw = create_token(user, "Toegangstest")
    db.session.commit()  # as a real token is: a refused request drops what is left uncommitted
    return {"Authorization": f"Bearer {raw}"}


def is_api(path: str) -> bool:
    return path.startswith("/api/") and not path.startswith("/api/v1/docs")


def _check_answer(response, expected, label: str) -> None:
    if expected == TO_LOGIN:
        assert response.status_code == 302, f"{label}: {response.status_code}, expected a redirect to /login"
        assert response.location.split("?")[0].endswith("/login"), f"{label}: redirected to {response.location}"
    else:
        assert response.status_code == expected, f"{label}: {response.status_code}, expected {expected}"


@pytest.mark.parametrize("endpoint,role", CASES)
def test_endpoint_answers_role_as_the_access_table_says(client, session, make, login, world, endpoint, role):
    headers = sign_in(client, make, login, role) if role != "anonymous" else {}
    request = REQUESTS[endpoint]
    path = request.path.format(**world)
    data = {name: value.format(**world) for name, value in request.data.items()}
    before = snapshot(session)
    response = client.open(path, method=request.method, data=data, headers=headers if is_api(path) else {})
    expected = EXPECTED_ACCESS[endpoint][role]
    _check_answer(response, expected, f"{role} {request.method} {path}")
    changed = changed_tables(before, snapshot(session))
    if request.method == "GET" or expected == TO_LOGIN or expected >= 400:
        assert changed == [], f"{role} {request.method} {path} changed rows"
    elif request.writes:
        assert changed != [], f"{role} {request.method} {path} was allowed but changed nothing"
