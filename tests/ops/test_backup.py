"""flask backup and flask restore: a demo database survives a round trip row by row, on SQLite and PostgreSQL."""
import pytest
from flask_migrate import upgrade
from sqlalchemy import inspect, text

from allemaaldigitaal.core.enums import OrganisationKind as K
from allemaaldigitaal.core.models import Organisation
from allemaaldigitaal.core.transaction import commit_or_rollback
from allemaaldigitaal.demo.services import load_demo_data
from allemaaldigitaal.extensions import db

from ..conftest import TEST_DATABASE_URL, make_test_app

LOG_ENTRIES = "('login', CURRENT_TIMESTAMP), ('logout', CURRENT_TIMESTAMP)"


@pytest.fixture(scope="module")
def demo_app(fresh_database):
    """An app on its own database with a small demo campaign and two security log entries, committed."""
    application = make_test_app(fresh_database("backup").url)
    with application.app_context():
        upgrade()
        commit_or_rollback(lambda: load_demo_data("demo-wachtwoord-2020", devices=30))
        with db.engine.begin() as connection:
            connection.execute(text(f"INSERT INTO audit_events (action, created_at) VALUES {LOG_ENTRIES}"))
        db.session.remove()
    yield application
    with application.app_context():
        db.engine.dispose()


@pytest.fixture
def cli(demo_app):
    runner = demo_app.test_cli_runner()
    return lambda *args: runner.invoke(args=[str(arg) for arg in args])


def every_row(application) -> dict[str, list[tuple]]:
    """Every row of every table, migration version included, read on a fresh connection."""
    with application.app_context(), db.engine.connect() as connection:
        tables = inspect(connection).get_table_names()
        rows = {
            table: sorted(map(tuple, connection.execute(text(f'SELECT * FROM "{table}"'))), key=repr)
            for table in tables
        }
        db.engine.dispose()
    return rows


def change_rows(application) -> None:
    """Rename every organisation, end every session, replace the security log and add an organisation."""
    with application.app_context():
        with db.engine.begin() as connection:
            connection.execute(text("UPDATE organisations SET name = name || ' (gewijzigd)'"))
            connection.execute(text("UPDATE users SET session_version = session_version + 1"))
            connection.execute(text("DELETE FROM audit_events"))
            connection.execute(text("INSERT INTO audit_events (action, created_at) VALUES ('restore', CURRENT_TIMESTAMP)"))
        commit_or_rollback(lambda: db.session.add(Organisation(kind=K.DONOR, name="Na de backup BV")))
        db.session.remove()
        db.engine.dispose()


def test_restore_brings_back_every_row_after_changes_and_deletions(demo_app, cli, tmp_path):
    backup = tmp_path / "allemaaldigitaal.backup"
    original = every_row(demo_app)
    filled = {"alembic_version", "organisations", "users", "devices", "device_events", "wipe_records", "audit_events"}
    assert all(original[table] for table in filled)

    made = cli("backup", "-o", backup)
    assert made.exit_code == 0, made.output
    assert backup.stat().st_size > 0 and f"Backup written to {backup}" in made.output
    assert backup.stat().st_mode & 0o777 == 0o600  # it holds personal data and password hashes
    assert list(tmp_path.iterdir()) == [backup]  # no partial file, no -wal or -shm beside it

    change_rows(demo_app)
    assert every_row(demo_app) != original

    restored = cli("restore", backup, "--yes")
    assert restored.exit_code == 0, restored.output
    assert every_row(demo_app) == original


def test_after_a_restore_the_app_adds_rows_again(demo_app, cli, tmp_path):
    backup = tmp_path / "allemaaldigitaal.backup"
    assert cli("backup", "-o", backup).exit_code == 0
    change_rows(demo_app)
    assert cli("restore", backup, "--yes").exit_code == 0
    with demo_app.app_context():
        added = commit_or_rollback(lambda: _add_organisation("Na het terugzetten BV"))
        db.session.remove()
    assert added > 0


def _add_organisation(name: str) -> int:
    organisation = Organisation(kind=K.CARE, name=name)
    db.session.add(organisation)
    db.session.flush()
    return organisation.id


def test_restore_without_yes_changes_nothing(demo_app, cli, tmp_path):
    backup = tmp_path / "allemaaldigitaal.backup"
    assert cli("backup", "-o", backup).exit_code == 0
    change_rows(demo_app)
    before = every_row(demo_app)
    refused = cli("restore", backup)
    assert refused.exit_code != 0 and "--yes" in refused.output
    assert every_row(demo_app) == before


def test_restore_refuses_a_file_that_is_no_backup_and_changes_nothing(demo_app, cli, tmp_path):
    not_a_backup = tmp_path / "notities.txt"
    not_a_backup.write_text("Dit is geen backup.\n" * 100)
    before = every_row(demo_app)
    refused = cli("restore", not_a_backup, "--yes")
    assert refused.exit_code != 0 and "Error:" in refused.output
    assert every_row(demo_app) == before


def test_a_backup_replaces_an_older_file_of_the_same_name(demo_app, cli, tmp_path):
    backup = tmp_path / "allemaaldigitaal.backup"
    backup.write_text("gisteren")
    assert cli("backup", "-o", backup).exit_code == 0
    assert not backup.read_bytes().startswith(b"gisteren")


def test_a_backup_into_a_missing_folder_says_why_and_leaves_nothing(demo_app, cli, tmp_path):
    refused = cli("backup", "-o", tmp_path / "bestaat-niet" / "allemaaldigitaal.backup")
    assert refused.exit_code != 0 and "Error:" in refused.output
    assert list(tmp_path.iterdir()) == []


@pytest.mark.skipif(not TEST_DATABASE_URL, reason="schemas are a PostgreSQL matter")
def test_restore_refuses_a_backup_of_another_schema(demo_app, cli, tmp_path, fresh_database):
    backup = tmp_path / "allemaaldigitaal.backup"
    assert cli("backup", "-o", backup).exit_code == 0
    other = make_test_app(fresh_database("other").url)
    with other.app_context():
        upgrade()
        db.engine.dispose()
    before = every_row(other)
    refused = other.test_cli_runner().invoke(args=["restore", str(backup), "--yes"])
    assert refused.exit_code != 0 and "but the database uses schema" in refused.output
    assert every_row(other) == before
