"""A large demo load that meets a refused step: the lifecycle's triggers still check every row while the indexes and
foreign keys are set aside, and the rollback leaves the database as empty and as indexed as it was."""
import pytest
from flask_migrate import upgrade
from sqlalchemy import func, select

from allemaaldigitaal.core.enums import DeviceStatus as S
from allemaaldigitaal.core.models import Device, DeviceEvent, Organisation
from allemaaldigitaal.demo import services
from allemaaldigitaal.demo.bulk import SET_ASIDE_FROM
from allemaaldigitaal.extensions import db

from ..conftest import make_test_app
from ..reports.tally_count import assert_tallies_match
from .shape import schema_shape


def skipping_the_wipe(plan_campaign):
    """The planner, but the last device that becomes ready goes there straight from received."""
    def plan(*args, **kwargs):
        campaign = plan_campaign(*args, **kwargs)
        device = next(device for device in reversed(campaign.devices) if device.status == S.READY)
        device.steps = [device.steps[0], device.steps[2]]
        return campaign
    return plan


@pytest.fixture
def empty_app(fresh_database):
    app = make_test_app(fresh_database("refused_load").url)
    with app.app_context():
        upgrade()
        yield app
        db.session.remove()
        db.engine.dispose()


def test_a_step_out_of_the_table_rolls_the_whole_load_back_with_its_indexes_and_keys(empty_app, monkeypatch):
    before = schema_shape()
    monkeypatch.setattr(services, "plan_campaign", skipping_the_wipe(services.plan_campaign))
    result = empty_app.test_cli_runner().invoke(args=["demo-data", "--devices", str(SET_ASIDE_FROM)])
    assert result.exit_code != 0
    assert "not in the lifecycle table" in str(result.exception)
    db.session.rollback()
    for model in (Organisation, Device, DeviceEvent):
        assert db.session.scalar(select(func.count()).select_from(model)) == 0
    assert schema_shape() == before


def test_a_large_load_ends_with_every_tally_of_the_dashboard_counted(empty_app):
    """On SQLite the tally triggers are set aside for a large load and everything is counted once at its end; on
    PostgreSQL they count per statement. Either way the tallies equal a count made in Python, and the triggers and
    indexes are back."""
    before = schema_shape()
    result = empty_app.test_cli_runner().invoke(args=["demo-data", "--devices", str(SET_ASIDE_FROM)])
    assert result.exit_code == 0, result.output
    assert_tallies_match(db.session)
    assert schema_shape() == before
