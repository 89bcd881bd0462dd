"""Sign-in runs argon2 outside any transaction, so a slow password check never holds SQLite's write lock.

The app has a SQLite file of its own (also when the suite runs on PostgreSQL): the write lock is SQLite's.
"""
import sqlite3

import pytest
from argon2 import PasswordHasher
from flask_migrate import upgrade
from sqlalchemy import select

from allemaaldigitaal.accounts.services import create_user
from allemaaldigitaal.core.enums import OrganisationKind as K
from allemaaldigitaal.core.models import AuditEvent, Organisation, User
from allemaaldigitaal.extensions import db

from ..conftest import make_test_app
from ..factories import PASSWORD

WRONG = "not the password at all"


@pytest.fixture(scope="module")
def database_file(tmp_path_factory):
    path = tmp_path_factory.mktemp("sign-in") / "sign-in.sqlite"
    application = make_test_app(f"sqlite:///{path}")
    with application.app_context():
        upgrade()
        db.engine.dispose()
    return path


@pytest.fixture
def app_on_file(database_file):
    application = make_test_app(f"sqlite:///{database_file}")
    yield application
    with application.app_context():
        db.engine.dispose()


_numbers = iter(range(10_000))


def add_user(application, password_hash: str | None = None) -> str:
    """A confirmed donor with PASSWORD (or the given hash), committed; returns the e-mail address."""
    email = f"hasher{next(_numbers)}@example.org"
    with application.app_context():
        user = create_user(email, "Iemand", Organisation(kind=K.DONOR, name=email), PASSWORD)
        user.password_hash = password_hash or user.password_hash
        db.session.commit()
    return email


def write_lock_is_free(path) -> bool:
    """Whether another connection could start writing right now, without waiting."""
    probe = sqlite3.connect(path, isolation_level=None, timeout=0)
    try:
        probe.execute("BEGIN IMMEDIATE")
        probe.execute("ROLLBACK")
        return True
    except sqlite3.OperationalError:
        return False
    finally:
        probe.close()


def watch_argon2(monkeypatch, during) -> list[tuple[str, object]]:
    """Calls during() at every argon2 verify and hash from now on; returns (call, what during() said)."""
    seen = []
    for name in ("verify", "hash"):
        original = getattr(PasswordHasher, name)

        def watched(self, *args, _name=name, _original=original, **kwargs):
            seen.append((_name, during()))
            return _original(self, *args, **kwargs)

        monkeypatch.setattr(PasswordHasher, name, watched)
    return seen


def lock_and_transaction(path):
    return lambda: (write_lock_is_free(path), db.session().in_transaction())


def login(application, email: str, password: str):
    return application.test_client().post("/login", data={"email": email, "password": password})


def audit_details(application, email: str) -> list[str | None]:
    with application.app_context():
        query = select(AuditEvent.detail).where(AuditEvent.action == "login_failed", AuditEvent.subject == email)
        return list(db.session.scalars(query))


@pytest.mark.parametrize("account", ["known", "unknown"])
def test_a_failed_sign_in_checks_the_password_outside_any_transaction(app_on_file, database_file, monkeypatch, account):
    email = add_user(app_on_file) if account == "known" else "nobody-here@example.org"
    seen = watch_argon2(monkeypatch, lock_and_transaction(database_file))
    assert login(app_on_file, email, WRONG).status_code == 200
    assert ("verify", (True, False)) in seen
    assert all(state == (True, False) for _call, state in seen), seen
    assert audit_details(app_on_file, email) == ["wrong password" if account == "known" else "unknown account"]


def test_a_sign_in_that_upgrades_an_old_hash_hashes_outside_any_transaction_too(app_on_file, database_file, monkeypatch):
    email = add_user(app_on_file, PasswordHasher(time_cost=2, memory_cost=16, parallelism=1).hash(PASSWORD))
    seen = watch_argon2(monkeypatch, lock_and_transaction(database_file))
    assert login(app_on_file, email, PASSWORD).status_code == 302
    assert [call for call, _state in seen] == ["verify", "hash"]
    assert all(state == (True, False) for _call, state in seen), seen
    with app_on_file.app_context():
        assert "m=8,t=1,p=1" in db.session.scalar(select(User.password_hash).where(User.email == email))


def test_a_password_changed_during_the_check_is_not_let_in(app_on_file, database_file, monkeypatch):
    """The write transaction reads the user again: the hash that was checked must still be the user's."""
    email = add_user(app_on_file)
    newer = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1).hash("een heel ander wachtwoord")

    def change_the_password_elsewhere():
        other = sqlite3.connect(database_file, isolation_level=None, timeout=5)
        other.execute("UPDATE users SET password_hash = ? WHERE email = ?", (newer, email))
        other.close()

    watch_argon2(monkeypatch, change_the_password_elsewhere)
    response = login(app_on_file, email, PASSWORD)
    assert response.status_code == 200 and "Inloggen is niet gelukt" in response.get_data(as_text=True)
    assert audit_details(app_on_file, email) == ["password changed during sign-in"]
    with app_on_file.app_context():
        assert db.session.scalar(select(User.password_hash).where(User.email == email)) == newer


def test_a_password_change_hashes_outside_any_transaction(app_on_file, database_file, monkeypatch):
    email = add_user(app_on_file)
    client = app_on_file.test_client()
    assert client.post("/login", data={"email": email, "password": PASSWORD}).status_code == 302
    seen = watch_argon2(monkeypatch, lock_and_transaction(database_file))
    new = "een nieuw en lang wachtwoord"
    response = client.post("/profiel/wachtwoord", data={
        "current_password": PASSWORD, "new_password": new, "new_password_confirm": new,
    })
    assert response.status_code == 302
    assert [call for call, _state in seen] == ["verify", "hash"]
    assert all(state == (True, False) for _call, state in seen), seen
    assert login(app_on_file, email, new).status_code == 302


def test_a_password_change_refuses_when_the_password_changed_meanwhile(app_on_file, database_file, monkeypatch):
    email = add_user(app_on_file)
    client = app_on_file.test_client()
    assert client.post("/login", data={"email": email, "password": PASSWORD}).status_code == 302
    newer = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1).hash("elders gekozen wachtwoord")

    def change_the_password_elsewhere():
        other = sqlite3.connect(database_file, isolation_level=None, timeout=5)
        other.execute("UPDATE users SET password_hash = ? WHERE email = ?", (newer, email))
        other.close()

    watch_argon2(monkeypatch, change_the_password_elsewhere)
    new = "een nieuw en lang wachtwoord"
    response = client.post("/profiel/wachtwoord", data={
        "current_password": PASSWORD, "new_password": new, "new_password_confirm": new,
    })
    assert response.status_code == 200 and "net op een andere plek gewijzigd" in response.get_data(as_text=True)
    with app_on_file.app_context():
        assert db.session.scalar(select(User.password_hash).where(User.email == email)) == newer
