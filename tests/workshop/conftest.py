"""A device in the workshop, its workshop's user, a user of another workshop, and nwipe reports in nwipe's shape."""
import json
from datetime import UTC, datetime, timedelta

import pytest

from allemaaldigitaal.core.enums import ConditionGrade, DeviceStatus, OrganisationKind as K
from allemaaldigitaal.core.models.types import utcnow
from allemaaldigitaal.workshop.checks import CheckFindings


@pytest.fixture
def workshop(make):
    return make.one(K.REFURBISHER)


@pytest.fixture
def stranger(make):
    """A user of another workshop: sees none of the devices of `workshop`."""
    return make.user(K.REFURBISHER)


@pytest.fixture
def received(make):
    return make.device(DeviceStatus.RECEIVED)


def findings(**changes) -> CheckFindings:
    values = {"condition_grade": ConditionGrade.B, "screen_ok": True, "keyboard_ok": True, "ports_ok": True, "camera_ok": True,
                  "battery_health_pct": 87, "os_installed": "Linux Mint", "locks_not_applicable": True}
    values.update(changes)
    return CheckFindings(**values)


def nwipe_report(serial: str, status: str = "success", pass_errors: int = 0, verify_errors: int = 0,
                 minutes_ago: int = 30, model: str = "Samsung SSD 860 EVO 250GB", size_bytes: int = 250059350016,
                 version: str = "0.37", at: int | None = None) -> bytes:
    """A report in nwipe's JSON shape (device, wipe_result with errors and Unix times, report_metadata).

    It ends minutes_ago and took 42 minutes, or, with `at`, started and ended in that second.
    """
    end = utcnow() - timedelta(minutes=minutes_ago)
    start = end - timedelta(minutes=42)
    if at is not None:
        start = end = datetime.fromtimestamp(at, UTC)
    report = {
        "report_metadata": {"version": version, "generated": int(end.timestamp())},
        "device": {"serial_no": serial, "model": model, "size_bytes": size_bytes, "device_name": "/dev/sda"},
        "wipe_result": {
            "status": status, "pass_errors": pass_errors, "verify_errors": verify_errors,
            "start_time": int(start.timestamp()), "end_time": int(end.timestamp()),
        },
    }
    return json.dumps(report, indent=2).encode()



def first_whole_second_after_intake(device) -> int:
    """nwipe writes whole Unix seconds: the first one after the device came in, waited for (at most a second)."""
    import math
    import time

    from allemaaldigitaal.core.lifecycle import last_intake_at

    second = math.ceil(last_intake_at(device).timestamp())
    while time.time() < second:
        time.sleep(0.05)
    return second
