"""What starts a night: the 02:00 schedule and the landing sensor, each on the date it picks."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import dagster as dg
import pytest
import time_machine

from contracts.vocabulary import CHANNELS
from pipelines.nightly import landing_complete, nightly_at_0200
from resources.landing import LandingExpectations, LandingZone


def _instance(home: Path) -> dg.DagsterInstance:
    """An instance in a temp folder, not entered: an entered one stays registered as the current
    instance after its `with` block ends, and every later Definitions of the process fails."""
    return dg.DagsterInstance.local_temp(str(home))


def test_the_schedule_runs_the_business_date_that_just_ended(tmp_path: Path):
    context = dg.build_schedule_context(
        instance=_instance(tmp_path), scheduled_execution_time=datetime(2026, 11, 22, 2, tzinfo=UTC)
    )
    request = nightly_at_0200(context)
    assert isinstance(request, dg.RunRequest)
    assert request.partition_key == "2026-11-21"
    assert request.run_key == "nightly-2026-11-21"


def test_the_schedule_skips_a_date_that_already_has_a_run(tmp_path: Path):
    instance = _instance(tmp_path)
    instance.add_run(
        dg.DagsterRun(job_name="nightly", run_id="x", tags={"dagster/partition": "2026-11-21"})
    )
    context = dg.build_schedule_context(
        instance=instance, scheduled_execution_time=datetime(2026, 11, 22, 2, tzinfo=UTC)
    )
    assert isinstance(nightly_at_0200(context), dg.SkipReason)


def _landed(root: Path, day: str, channels=CHANNELS) -> LandingZone:
    for channel in channels:
        (root / "orders" / channel / day).mkdir(parents=True, exist_ok=True)
    return LandingZone(root=str(root))


def _sensor_requests(landing: LandingZone) -> list[dg.RunRequest]:
    context = dg.build_sensor_context(
        instance=dg.DagsterInstance.ephemeral(),  # not entered, as in _instance
        resources={"landing": landing, "landing_expectations": LandingExpectations()},
    )
    return list(landing_complete(context) or [])


@pytest.mark.parametrize("zone", ["UTC", "Pacific/Kiritimati", "Pacific/Pago_Pago"])
def test_the_sensor_starts_a_landed_date_once_it_has_ended_in_utc(tmp_path: Path, zone: str):
    """Business dates are UTC days, whatever the clock of the machine the daemon runs on says."""
    _landed(tmp_path, "2026-11-21")
    landing = _landed(tmp_path, "2026-11-22")  # early files of a day still going on in UTC
    noon_utc = datetime(2026, 11, 22, 11, tzinfo=UTC).astimezone(ZoneInfo(zone))
    with time_machine.travel(noon_utc, tick=False):
        requests = _sensor_requests(landing)
    assert [r.partition_key for r in requests] == ["2026-11-21"]


def test_the_sensor_waits_for_every_expected_channel(tmp_path: Path):
    landing = _landed(tmp_path, "2026-11-21", channels=CHANNELS[:-1])
    with time_machine.travel(datetime(2026, 11, 22, 1, tzinfo=UTC), tick=False):
        assert _sensor_requests(landing) == []
