"""Settings from the environment, the SQLite connection settings, and the home page."""
import re

import pytest
from sqlalchemy import text
from sqlalchemy.exc import OperationalError

from allemaaldigitaal.config import ConfigError, load_config
from allemaaldigitaal.core.enums import DeviceStatus as S
from allemaaldigitaal.extensions import db

from .conftest import make_test_app


@pytest.fixture
def clean_env(monkeypatch):
    for name in ("APP_ENV", "SECRET_KEY", "DATABASE_URL"):
        monkeypatch.delenv(name, raising=False)
    return monkeypatch


def sqlite_app(path, **overrides):
    return make_test_app(f"sqlite:///{path}", **overrides)


def test_production_refuses_to_start_without_a_secret_key(clean_env, tmp_path):
    clean_env.setenv("APP_ENV", "production")
    with pytest.raises(ConfigError, match="SECRET_KEY"):
        load_config(str(tmp_path))
    assert not (tmp_path / "secret_key").exists()


def test_production_uses_the_secret_key_from_the_environment(clean_env, tmp_path):
    clean_env.setenv("APP_ENV", "production")
    clean_env.setenv("SECRET_KEY", "from-the-environment")
    assert load_config(str(tmp_path))["SECRET_KEY"] == "from-the-environment"


def test_development_keeps_one_secret_key_in_the_instance_folder(clean_env, tmp_path):
    first = load_config(str(tmp_path))["SECRET_KEY"]
    kept = tmp_path / "secret_key"
    assert len(first) >= 32
    assert kept.read_text().strip() == first
    assert kept.stat().st_mode & 0o777 == 0o600
    assert load_config(str(tmp_path))["SECRET_KEY"] == first


def test_database_url_chooses_the_database(clean_env, tmp_path):
    assert load_config(str(tmp_path))["SQLALCHEMY_DATABASE_URI"] == f"sqlite:///{tmp_path}/allemaaldigitaal.sqlite"
    clean_env.setenv("DATABASE_URL", "postgresql+psycopg://campagne@db.example/allemaal")
    assert load_config(str(tmp_path))["SQLALCHEMY_DATABASE_URI"] == "postgresql+psycopg://campagne@db.example/allemaal"


def test_sqlite_connections_use_wal_full_sync_foreign_keys_and_the_busy_timeout(tmp_path):
    app = sqlite_app(tmp_path / "one.sqlite", SQLITE_BUSY_TIMEOUT_MS=1234)
    sqlite_app(tmp_path / "other.sqlite", SQLITE_BUSY_TIMEOUT_MS=100)  # must not change the first app's setting
    with app.app_context(), db.engine.connect() as connection:
        pragmas = {
            name: connection.exec_driver_sql(f"PRAGMA {name}").scalar()
            for name in ("journal_mode", "synchronous", "foreign_keys", "busy_timeout")
        }
        db.engine.dispose()
    assert pragmas == {"journal_mode": "wal", "synchronous": 2, "foreign_keys": 1, "busy_timeout": 1234}


def test_a_sqlite_transaction_takes_the_write_lock_when_it_begins(tmp_path):
    app = sqlite_app(tmp_path / "locks.sqlite", SQLITE_BUSY_TIMEOUT_MS=100)
    with app.app_context():
        with db.engine.begin() as setup:
            setup.exec_driver_sql("CREATE TABLE note (body TEXT)")
        with db.engine.connect() as reader, db.engine.connect() as other:
            reader.begin()
            reader.execute(text("SELECT 1 FROM note")).all()
            with pytest.raises(OperationalError, match="database is locked"):
                other.begin()
            other.rollback()
            reader.rollback()
            other.begin()
            other.execute(text("INSERT INTO note VALUES ('na de lezer')"))
            other.commit()
        db.engine.dispose()


def home_page_figures(client) -> dict[str, int]:
    response = client.get("/")
    assert response.status_code == 200
    found = re.findall(r'id="figure-([a-z-]+)">([\d.]+)<', response.text)
    return {name: int(number.replace(".", "")) for name, number in found}


def test_home_page_counts_devices_and_donors_from_the_database(client, make):
    before = home_page_figures(client)
    make.device(S.HANDED_OUT)
    make.device(S.RECEIVED)
    after = home_page_figures(client)
    assert set(before) == {"handed-out", "in-preparation", "donors"}
    assert after == {name: number + 1 for name, number in before.items()}
