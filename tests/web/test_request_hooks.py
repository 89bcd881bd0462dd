"""What happens around every request: proxies, and API calls leaving the browser session alone."""
import time

from sqlalchemy import select

from allemaaldigitaal.core.enums import OrganisationKind as K
from allemaaldigitaal.core.models import AuditEvent
from allemaaldigitaal.extensions import db


def failed_login_address(client, **headers) -> str:
    client.post("/login", data={"email": "nobody@example.org", "password": "wrong password"}, headers=headers)
    query = select(AuditEvent.ip_address).where(AuditEvent.action == "login_failed").order_by(AuditEvent.id.desc())
    return db.session.scalar(query)


def test_forwarded_addresses_are_ignored_unless_proxies_are_trusted(client):
    assert failed_login_address(client, **{"X-Forwarded-For": "203.0.113.9"}) == "127.0.0.1"


def test_behind_a_trusted_proxy_the_client_address_comes_from_x_forwarded_for(app, session, monkeypatch):
    from werkzeug.middleware.proxy_fix import ProxyFix

    monkeypatch.setattr(app, "wsgi_app", ProxyFix(app.wsgi_app, x_for=1))
    address = failed_login_address(app.test_client(), **{"X-Forwarded-For": "203.0.113.9"})
    assert address == "203.0.113.9"


def test_the_factory_trusts_as_many_proxies_as_configured(fresh_database):
    from werkzeug.middleware.proxy_fix import ProxyFix

    from ..conftest import make_test_app

    url = fresh_database("proxy").url
    assert isinstance(make_test_app(url, TRUSTED_PROXY_COUNT=1).wsgi_app, ProxyFix)
    assert not isinstance(make_test_app(url).wsgi_app, ProxyFix)


def test_an_api_call_does_not_keep_a_browser_session_alive(client, make, login):
    login(client, make.user(K.DONOR))
    long_ago = int(time.time()) - 20 * 60
    with client.session_transaction() as stored:
        stored["seen_at"] = long_ago
    assert client.get("/api/v1/me").status_code == 401
    with client.session_transaction() as stored:
        assert stored["seen_at"] == long_ago


def test_looking_at_another_organisations_page_is_audited_and_answers_404(client, make, login):
    viewer, other = make.user(K.DONOR), make.user(K.CARE)
    login(client, viewer)
    assert client.get(f"/organisatie/{other.organisation_id}").status_code == 404
    denied = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "access_denied")).all()
    assert [(event.actor_id, event.subject) for event in denied] == [
        (viewer.id, f"organisations {other.organisation_id}")
    ]
