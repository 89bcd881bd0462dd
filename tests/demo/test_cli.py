"""The command-line commands: demo data and create-user."""
from collections import Counter, defaultdict

import pytest
from flask_migrate import upgrade
from sqlalchemy import func, select

from allemaaldigitaal.accounts.passwords import verify_password
from allemaaldigitaal.core.enums import STATUS_EVENTS, WIPE_PROVEN, DeviceStatus as S, EventKind, OrganisationKind as K
from allemaaldigitaal.core.models import Device, DeviceEvent, Organisation, User, WipeRecord
from allemaaldigitaal.extensions import db

from ..conftest import make_test_app

DEMO_LOGINS = [f"{name}@demo.allemaaldigitaal.nl" for name in ("coordinator", "donor", "refurbisher", "care")]
PASSWORD = "longpassword123"


@pytest.fixture(scope="module")
def demo(fresh_database):
    """The default demo campaign, loaded once by the command into its own database."""
    app = make_test_app(fresh_database("demo").url)
    with app.app_context():
        upgrade()
        result = app.test_cli_runner().invoke(args=["demo-data"])
        yield result, db.session
        db.session.remove()
        db.engine.dispose()


@pytest.fixture
def cli(app, session):
    """Runs a command inside the rolled-back test transaction."""
    runner = app.test_cli_runner()
    return lambda *args, **kwargs: runner.invoke(args=list(args), **kwargs)


def row_counts(session) -> dict[str, int]:
    return {table.name: session.scalar(select(func.count()).select_from(table)) for table in db.metadata.sorted_tables}


def count(session, model, *where) -> int:
    return session.scalar(select(func.count()).select_from(model).where(*where))


def committed_devices() -> int:
    """Devices that a second connection sees: only what is really committed."""
    connection = db.engine.raw_connection()
    try:
        cursor = connection.cursor()
        cursor.execute("SELECT count(*) FROM devices")
        return cursor.fetchone()[0]
    finally:
        connection.close()


def test_demo_data_loads_and_prints_the_four_demo_logins(demo):
    result, _ = demo
    assert result.exit_code == 0, result.output
    assert "Demo data loaded." in result.output
    for login in DEMO_LOGINS:
        assert login in result.output


def test_demo_data_makes_the_demo_organisations(demo):
    _, session = demo
    organisations = session.scalars(select(Organisation)).all()
    assert Counter(o.kind for o in organisations) == {K.COORDINATOR: 1, K.DONOR: 3, K.REFURBISHER: 2, K.CARE: 4}
    assert len({o.province for o in organisations if o.kind == K.CARE}) == 4
    assert all(o.is_demo for o in organisations)


def test_demo_data_makes_300_devices_in_every_status(demo):
    _, session = demo
    statuses = Counter(session.scalars(select(Device._status)).all())
    assert sum(statuses.values()) == 300
    assert set(statuses) == set(S)
    assert committed_devices() == 300


def test_every_demo_history_runs_unbroken_from_pledged_to_the_status(demo):
    _, session = demo
    chains = defaultdict(list)
    for device_id, from_status, to_status in session.execute(
        select(DeviceEvent.device_id, DeviceEvent.from_status, DeviceEvent.to_status)
        .where(DeviceEvent.kind.in_(STATUS_EVENTS))
        .order_by(DeviceEvent.id)
    ):
        chains[device_id].append((from_status, to_status))
    devices = session.execute(select(Device.id, Device._status)).all()
    assert len(chains) == len(devices)
    for device_id, status in devices:
        chain = chains[device_id]
        assert chain[0] == (None, S.PLEDGED)
        assert all(later[0] == earlier[1] for earlier, later in zip(chain, chain[1:], strict=False)), chain
        assert chain[-1][1] == status


def test_every_demo_wipe_is_in_the_device_history(demo):
    _, session = demo
    wipes = Counter(session.scalars(select(WipeRecord.device_id)))
    events = Counter(session.scalars(select(DeviceEvent.device_id).where(DeviceEvent.kind == EventKind.WIPE_RECORDED)))
    assert wipes and wipes == events


def test_every_issued_demo_device_has_a_passed_wipe(demo):
    _, session = demo
    issued = set(session.scalars(select(Device.id).where(Device._status.in_(WIPE_PROVEN))))
    wiped = set(session.scalars(select(WipeRecord.device_id).where(WipeRecord.passed)))
    assert issued
    assert issued <= wiped


def test_demo_data_makes_the_number_of_devices_asked_for(cli, session):
    result = cli("demo-data", "--devices", "12")
    assert result.exit_code == 0, result.output
    assert count(session, Device) == 12


def test_demo_data_a_second_time_changes_nothing_and_says_so(cli, session):
    cli("demo-data", "--devices", "12")
    before = row_counts(session)
    result = cli("demo-data", "--devices", "12")
    assert result.exit_code == 0, result.output
    assert "already there; nothing changed" in result.output
    assert row_counts(session) == before


def test_commands_commit_only_inside_the_test_transaction(cli, session):
    outside = committed_devices()
    cli("demo-data", "--devices", "12")
    assert count(session, Device) == 12
    assert committed_devices() == outside


def test_demo_data_refuses_a_database_with_real_data(cli, session, make):
    make.organisation(K.DONOR, name="Echte Donateur BV")
    session.commit()
    before = row_counts(session)
    result = cli("demo-data", "--devices", "12")
    assert result.exit_code != 0
    assert "echte gegevens" in result.output
    assert row_counts(session) == before


def test_demo_data_if_empty_skips_a_database_with_real_data(cli, session, make):
    make.organisation(K.DONOR, name="Echte Donateur BV")
    session.commit()
    before = row_counts(session)
    result = cli("demo-data", "--devices", "12", "--if-empty")
    assert result.exit_code == 0, result.output
    assert "demo data not loaded" in result.output
    assert row_counts(session) == before


def create_user(cli, email="New.Person@Example.org", organisation="Stichting Digitaal Samen", kind="care", password=PASSWORD):
    return cli(
        "create-user", "--email", email, "--name", "Nieuwe Persoon", "--organisation", organisation, "--kind", kind,
        input=password + "\n",
    )


def test_create_user_reads_the_password_from_stdin_and_makes_the_organisation(cli, session):
    result = create_user(cli)
    assert result.exit_code == 0, result.output
    user = session.scalar(select(User).where(User.email == "new.person@example.org"))
    assert (user.organisation.name, user.organisation.kind) == ("Stichting Digitaal Samen", K.CARE)
    assert verify_password(user.password_hash, PASSWORD)
    assert not verify_password(user.password_hash, PASSWORD + "x")


def test_create_user_joins_the_organisation_of_that_name(cli, session):
    create_user(cli)
    result = create_user(cli, email="collega@example.org", organisation="stichting digitaal samen")
    assert result.exit_code == 0, result.output
    assert count(session, Organisation) == 1
    assert count(session, User, User.organisation_id == session.scalar(select(Organisation.id))) == 2


def test_create_user_refuses_an_email_in_use_in_any_case(cli, session):
    create_user(cli)
    before = row_counts(session)
    result = create_user(cli, email="NEW.PERSON@example.ORG", organisation="Ander Buurthuis")
    assert result.exit_code != 0
    assert "Er is al een account met dit e-mailadres" in result.output
    assert row_counts(session) == before


def test_create_user_refuses_a_short_password_and_writes_nothing(cli, session):
    result = create_user(cli, password="kort")
    assert result.exit_code != 0
    assert "minstens 12 tekens" in result.output
    assert (count(session, User), count(session, Organisation)) == (0, 0)


def test_create_user_refuses_an_organisation_of_another_kind(cli, session):
    create_user(cli, kind="donor")
    before = row_counts(session)
    result = create_user(cli, email="ander@example.org", kind="care")
    assert result.exit_code != 0
    assert "bestaat al" in result.output
    assert row_counts(session) == before
