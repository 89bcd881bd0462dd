"""Settings from the environment, the SQLite connection settings, and the home page."""
import re

import pytest
from flask_migrate import upgrade
from hypothesis import HealthCheck, given, settings, strategies as st
from sqlalchemy import func, make_url, select, text

from allemaaldigitaal.config import ConfigError, load_config
from allemaaldigitaal.core.enums import DeviceStatus as S
from allemaaldigitaal.core.models import Organisation
from allemaaldigitaal.extensions import db

from .conftest import TEST_DATABASE_URL, make_test_app

PRODUCTION_ENV = {
    "APP_ENV": "production",
    "SECRET_KEY": "a-production-secret-of-at-least-32-bytes",
    "BASE_URL": "https://allemaaldigitaal.example",
    "MAIL_SERVER": "smtp.allemaaldigitaal.example",
    "CONTACT_EMAIL": "hulp@allemaaldigitaal.example",
    "CONTACT_PHONE": "030 123 45 67",
}


@pytest.fixture
def clean_env(monkeypatch):
    for name in (
        "APP_ENV", "SECRET_KEY", "DATABASE_URL", "BASE_URL", "RATELIMIT_STORAGE_URI", "WEB_CONCURRENCY",
        "MAX_CONTENT_LENGTH", "UPLOAD_MAX_CONTENT_LENGTH", "DATABASE_CONNECT_TIMEOUT", "DATABASE_STATEMENT_TIMEOUT_MS",
        "CONTACT_EMAIL", "CONTACT_PHONE",
    ):
        monkeypatch.delenv(name, raising=False)
    return monkeypatch


@pytest.fixture
def production_env(clean_env):
    """A complete, safe production environment; a test takes away or changes one thing."""
    for name, value in PRODUCTION_ENV.items():
        clean_env.setenv(name, value)
    return clean_env


def sqlite_app(path, **overrides):
    return make_test_app(f"sqlite:///{path}", **overrides)


def test_production_refuses_to_start_without_a_secret_key(clean_env, tmp_path):
    clean_env.setenv("APP_ENV", "production")
    with pytest.raises(ConfigError, match="SECRET_KEY"):
        load_config(str(tmp_path))
    assert not (tmp_path / "secret_key").exists()


def test_production_uses_the_secret_key_and_address_from_the_environment(production_env, tmp_path):
    settings = load_config(str(tmp_path))
    assert settings["SECRET_KEY"] == PRODUCTION_ENV["SECRET_KEY"]
    assert settings["BASE_URL"] == "https://allemaaldigitaal.example"
    assert not (tmp_path / "secret_key").exists()


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture], max_examples=50)
@given(secret=st.text(min_size=1, max_size=40))
def test_production_takes_a_secret_key_only_of_32_bytes_or_more(production_env, tmp_path, secret):
    if len(secret.encode()) >= 32:
        assert load_config(str(tmp_path), {"SECRET_KEY": secret})["SECRET_KEY"] == secret
    else:
        with pytest.raises(ConfigError, match="SECRET_KEY is missing or shorter than 32 bytes"):
            load_config(str(tmp_path), {"SECRET_KEY": secret})


def test_production_refuses_to_start_without_a_base_url(production_env, tmp_path):
    production_env.delenv("BASE_URL")
    with pytest.raises(ConfigError, match="BASE_URL is not set"):
        load_config(str(tmp_path))


def test_outside_production_the_base_url_defaults_to_the_local_server(clean_env, tmp_path):
    assert load_config(str(tmp_path))["BASE_URL"] == "http://127.0.0.1:5000"


def test_production_refuses_per_worker_throttling_counts_with_more_than_one_worker(production_env, tmp_path):
    production_env.setenv("WEB_CONCURRENCY", "4")
    with pytest.raises(ConfigError, match="RATELIMIT_STORAGE_URI is memory:// but WEB_CONCURRENCY is 4"):
        load_config(str(tmp_path))
    production_env.setenv("RATELIMIT_STORAGE_URI", "redis://cache.internal:6379/0")
    assert load_config(str(tmp_path))["WEB_CONCURRENCY"] == 4


def test_production_refuses_to_start_without_a_mail_server(production_env, tmp_path):
    production_env.delenv("MAIL_SERVER")
    with pytest.raises(ConfigError, match="MAIL_SERVER"):
        load_config(str(tmp_path))


def test_production_with_one_worker_may_count_in_memory(production_env, tmp_path):
    assert load_config(str(tmp_path))["RATELIMIT_STORAGE_URI"] == "memory://"


def test_production_names_every_problem_at_once(clean_env, tmp_path):
    clean_env.setenv("APP_ENV", "production")
    clean_env.setenv("SECRET_KEY", "too short")
    clean_env.setenv("WEB_CONCURRENCY", "2")
    with pytest.raises(ConfigError) as refused:
        load_config(str(tmp_path))
    assert [line.split(" ")[1] for line in str(refused.value).splitlines()[1:]] == [
        "SECRET_KEY", "BASE_URL", "RATELIMIT_STORAGE_URI", "MAIL_URL", "CONTACT_EMAIL", "CONTACT_PHONE",
    ]


def test_request_size_limits_come_from_the_environment(clean_env, tmp_path):
    assert (load_config(str(tmp_path))["MAX_CONTENT_LENGTH"], load_config(str(tmp_path))["UPLOAD_MAX_CONTENT_LENGTH"]) == (
        2**20, 20 * 2**20,
    )
    clean_env.setenv("MAX_CONTENT_LENGTH", "65536")
    clean_env.setenv("UPLOAD_MAX_CONTENT_LENGTH", "1048576")
    settings = load_config(str(tmp_path))
    assert (settings["MAX_CONTENT_LENGTH"], settings["UPLOAD_MAX_CONTENT_LENGTH"]) == (65536, 1048576)


def test_postgresql_connections_get_a_connect_and_a_statement_timeout_and_keep_the_urls_options(clean_env, tmp_path):
    clean_env.setenv("DATABASE_URL", "postgresql+psycopg://campagne@db.example/allemaal?options=-csearch_path%3Dcampagne")
    clean_env.setenv("DATABASE_STATEMENT_TIMEOUT_MS", "8000")
    assert load_config(str(tmp_path))["SQLALCHEMY_ENGINE_OPTIONS"] == {
        "pool_pre_ping": True,
        "connect_args": {"connect_timeout": 5, "options": "-csearch_path=campagne -c statement_timeout=8000"},
    }


def test_sqlite_connections_get_no_postgresql_settings(clean_env, tmp_path):
    assert load_config(str(tmp_path))["SQLALCHEMY_ENGINE_OPTIONS"] == {"pool_pre_ping": True}


@pytest.mark.skipif(not TEST_DATABASE_URL, reason="statement_timeout is a PostgreSQL setting")
def test_postgresql_sessions_have_the_statement_timeout_and_the_schema_of_the_url(app):
    url = app.config["SQLALCHEMY_DATABASE_URI"]
    schema = make_url(url).query["options"].split("=", 1)[1]
    timed = make_test_app(url, DATABASE_STATEMENT_TIMEOUT_MS=1234)
    with timed.app_context(), db.engine.connect() as connection:
        found = connection.execute(text("SELECT current_setting('statement_timeout'), current_schema()")).one()
        db.engine.dispose()
    assert tuple(found) == ("1234ms", schema)


def test_demo_data_refuses_to_run_in_production(fresh_database):
    production = make_test_app(fresh_database("production").url, **PRODUCTION_ENV)
    with production.app_context():
        upgrade()
        result = production.test_cli_runner().invoke(args=["demo-data", "--devices", "5"])
        organisations = db.session.scalar(select(func.count()).select_from(Organisation))
        db.session.remove()
        db.engine.dispose()
    assert result.exit_code != 0
    assert "never loaded in production" in result.output
    assert organisations == 0


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
