"""What every authenticated API request costs: one query for the token, no rate-limit work, no session cookie."""
from flask_limiter.util import get_qualified_name
from sqlalchemy import event
from sqlalchemy.engine import Engine

from allemaaldigitaal.extensions import limiter

from .test_api import bearer, token_for


def statements_during(action) -> list[str]:
    seen: list[str] = []

    def note(_conn, _cursor, statement, *_args) -> None:
        seen.append(statement)

    event.listen(Engine, "before_cursor_execute", note)
    try:
        action()
    finally:
        event.remove(Engine, "before_cursor_execute", note)
    return [statement for statement in seen if statement.lstrip().upper().startswith("SELECT")]


def test_a_token_request_reads_token_user_and_organisation_in_one_query(client, make, session):
    user = make.user()
    raw = token_for(session, user)
    client.get("/api/v1/me", headers=bearer(raw))  # the token's first use is noted once; this test is about the rest
    responses = []
    selects = statements_during(lambda: responses.append(client.get("/api/v1/me", headers=bearer(raw))))
    assert responses[0].status_code == 200, responses[0].get_data(as_text=True)
    assert responses[0].get_json()["organisation"]["name"] == user.organisation.name
    assert len(selects) == 1 and "api_tokens" in selects[0] and "organisations" in selects[0], selects


def test_a_deactivated_organisation_still_ends_its_tokens_with_the_one_query(client, make, session):
    user = make.user()
    raw = token_for(session, user)
    user.organisation.active = False
    session.flush()
    assert client.get("/api/v1/me", headers=bearer(raw)).status_code == 401


def test_no_api_view_has_a_rate_limit_because_api_requests_skip_the_limiter(app):
    """api.auth lets API requests skip the limiter; a limit on an API view would never count. Remove that filter first."""
    limited = limiter._marked_for_limiting | set(limiter.limit_manager._decorated_limits)
    api_views = {
        get_qualified_name(app.view_functions[rule.endpoint])
        for rule in app.url_map.iter_rules() if rule.rule.startswith("/api/")
    }
    assert limited, "the web pages' limits are no longer found: update this test"
    assert not api_views & limited


def test_an_api_answer_sets_no_session_cookie(client, make, session):
    raw = token_for(session, make.user())
    response = client.get("/api/v1/me", headers=bearer(raw))
    assert response.status_code == 200
    assert "Set-Cookie" not in response.headers
