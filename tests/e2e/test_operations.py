"""Operating it: concurrent runs, killed runs, analysts holding the database open."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from datetime import timedelta

import duckdb
import pytest

from tests.conftest import FIRST_DAY, SECOND_DAY, Site, make_site
from tests.e2e.dagster_dev import REPO, site_environment
from tests.e2e.nights import (
    CANCELLING_NIGHTS,
    TABLE_KEYS,
    assert_same_nights,
    cancelled_after_allocation,
    published_table,
    run_night,
    run_nights,
)

pytestmark = pytest.mark.e2e


def oms(site: Site, *args: str, dagster_home) -> subprocess.Popen:
    env = site_environment(site, dagster_home) | {"PYTHONUNBUFFERED": "1"}
    return subprocess.Popen(
        [sys.executable, "-m", "pipelines.cli", *args],
        cwd=REPO,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


@pytest.fixture(scope="module")
def clean_two_nights(tmp_path_factory) -> Site:
    site = make_site(tmp_path_factory.mktemp("clean"), orders_per_day=CANCELLING_NIGHTS)
    run_nights(site, [FIRST_DAY, SECOND_DAY])
    assert not cancelled_after_allocation(site, SECOND_DAY).is_empty()
    return site


def test_a_run_succeeds_while_an_analyst_holds_the_database_open(tmp_path, clean_two_nights):
    site = make_site(tmp_path, orders_per_day=CANCELLING_NIGHTS)
    run_night(site, FIRST_DAY)
    analyst = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import duckdb, sys, time; con = duckdb.connect(sys.argv[1], read_only=True); "
            "print(con.sql('select count(*) from oms.orders').fetchall()[0][0], flush=True); "
            "time.sleep(120)",
            str(site.warehouse_path),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert (
            int(analyst.stdout.readline()) > 0
        )  # the analyst's session is open on the published file
        run_night(site, SECOND_DAY)
    finally:
        analyst.kill()
        analyst.wait()
    assert_same_nights(site, clean_two_nights)


def test_two_runs_launched_together_one_waits_and_both_succeed_without_duplicates(
    tmp_path, clean_two_nights
):
    site = make_site(tmp_path, orders_per_day=CANCELLING_NIGHTS)
    first_night = oms(site, "run", "--date", FIRST_DAY.isoformat(), dagster_home=tmp_path / "home")
    first_night.communicate(timeout=300)  # also creates the Dagster instance both runs share
    assert first_night.returncode == 0
    first = oms(site, "run", "--date", SECOND_DAY.isoformat(), dagster_home=tmp_path / "home")
    second = oms(site, "run", "--date", SECOND_DAY.isoformat(), dagster_home=tmp_path / "home")
    outputs = [process.communicate(timeout=300)[0] for process in (first, second)]
    assert [first.returncode, second.returncode] == [0, 0], outputs
    for table, keys in TABLE_KEYS.items():
        frame = published_table(site, table)
        if keys:
            assert frame.select(["business_date", *keys]).is_duplicated().sum() == 0, table
    assert_same_nights(site, clean_two_nights)


@pytest.mark.parametrize("kill_after_seconds", [1.0, 3.0])
def test_a_run_killed_mid_night_then_rerun_leaves_the_same_tables_as_a_clean_run(
    tmp_path, clean_two_nights, kill_after_seconds
):
    site = make_site(tmp_path, orders_per_day=CANCELLING_NIGHTS)
    run_night(site, FIRST_DAY)
    process = oms(site, "run", "--date", SECOND_DAY.isoformat(), dagster_home=tmp_path / "home")
    for line in process.stdout:
        if line.startswith("▶"):
            break
    time.sleep(kill_after_seconds)
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    published = published_table(site, "daily_kpis")
    assert published["business_date"].to_list() in ([FIRST_DAY], [FIRST_DAY, SECOND_DAY])
    run_night(site, SECOND_DAY)
    assert_same_nights(site, clean_two_nights)


def test_running_a_date_before_the_previous_one_fails_with_a_message_saying_which_to_run(tmp_path):
    site = make_site(tmp_path, days=3)
    run_night(site, FIRST_DAY - timedelta(days=1))
    process = oms(site, "run", "--date", "2026-11-20", dagster_home=tmp_path / "home")
    output = process.communicate(timeout=300)[0]
    assert process.returncode != 0
    assert "2026-11-20 cannot be allocated before 2026-11-19" in output


MID_NIGHT_ORDERS = 3000
"""Orders of a night that is stopped mid-way: enough for the steps after the first stage files to
take seconds, so a signal sent on seeing those files arrives before the night ends."""


def _a_night_under_way(site: Site, home) -> subprocess.Popen:
    """`oms run` of FIRST_DAY, returned once its first steps have handed frames over as stage
    files and before the night has published anything: mid-night."""
    stage = site.warehouse_path.parent / ".work" / "stage"
    process = oms(site, "run", "--date", FIRST_DAY.isoformat(), dagster_home=home)
    deadline = time.monotonic() + 300
    while not any(stage.glob("*/*/*")) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not site.warehouse_path.exists(), "the night ended before it could be stopped mid-way"
    return process


def test_the_next_run_marks_a_killed_run_failed_and_removes_its_stage_files(tmp_path):
    import dagster as dg
    from dagster._core.instance.ref import InstanceRef

    site = make_site(tmp_path, days=1, end_date=FIRST_DAY, orders_per_day=MID_NIGHT_ORDERS)
    home = tmp_path / "home"
    stage = site.warehouse_path.parent / ".work" / "stage"
    process = _a_night_under_way(site, home)
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    (killed_stage,) = stage.iterdir()

    rerun = oms(site, "run", "--date", FIRST_DAY.isoformat(), dagster_home=home)
    output = rerun.communicate(timeout=600)[0]
    assert rerun.returncode == 0, output

    with dg.DagsterInstance.from_ref(InstanceRef.from_dir(str(home))) as instance:
        killed = instance.get_run_by_id(killed_stage.name)
        assert killed.status == dg.DagsterRunStatus.FAILURE
        failure = instance.all_logs(killed.run_id, of_type=dg.DagsterEventType.RUN_FAILURE)
    assert "ended while it held the writer lock" in failure[0].message
    assert not killed_stage.exists()
    assert f"marked run {killed.run_id} failed" in output


def test_sigterm_stops_a_night_cleanly_recording_its_end_and_releasing_the_lock(tmp_path):
    import dagster as dg
    from dagster._core.instance.ref import InstanceRef

    site = make_site(tmp_path, days=1, end_date=FIRST_DAY, orders_per_day=MID_NIGHT_ORDERS)
    home = tmp_path / "home"
    process = _a_night_under_way(site, home)
    process.terminate()  # what a service manager or `kill` sends
    output = process.communicate(timeout=120)[0]
    assert process.returncode != 0, output
    assert f"{FIRST_DAY} stopped" in output

    with dg.DagsterInstance.from_ref(InstanceRef.from_dir(str(home))) as instance:
        (run,) = instance.get_runs()
    assert run.status == dg.DagsterRunStatus.FAILURE, output
    lock = site.warehouse_path.parent / ".work" / f"{site.warehouse_path.stem}.run.lock"
    assert lock.read_text() == ""  # released by the run itself, not left for the next to find


def test_a_command_line_night_is_a_run_of_the_code_location_the_ui_loads(tmp_path, monkeypatch):
    """The UI's timeline lists a run, and re-executes it from the loaded job, by its code
    location origin: `oms run` creates its runs with the origin workspace.yaml's location has.

    (The job snapshot is not compared: Dagster orders some dependencies of this job by set
    iteration, so each process that loads the location, the UI's code server included, gets
    another snapshot id.)"""
    import dagster as dg
    from dagster._core.instance.ref import InstanceRef
    from dagster._core.workspace.context import WorkspaceProcessContext
    from dagster._core.workspace.load_target import WorkspaceFileTarget

    site = make_site(tmp_path, days=1, end_date=FIRST_DAY, orders_per_day=50)
    home = tmp_path / "home"
    process = oms(site, "run", "--date", FIRST_DAY.isoformat(), dagster_home=home)
    output = process.communicate(timeout=600)[0]
    assert process.returncode == 0, output

    for name, value in site_environment(site, home).items():  # as `dagster dev` would start
        monkeypatch.setenv(name, value)
    with (
        dg.DagsterInstance.from_ref(InstanceRef.from_dir(str(home))) as instance,
        WorkspaceProcessContext(
            instance, WorkspaceFileTarget([str(REPO / "workspace.yaml")])
        ) as workspace,
    ):
        (run,) = instance.get_runs()
        (location,) = workspace.create_request_context().get_code_location_entries().values()
        (repository,) = location.code_location.get_repositories().values()
        assert repository.has_job(run.job_name)
    origin = run.remote_job_origin
    assert origin is not None, "a run without a code location is missing from the timeline"
    assert (
        origin.repository_origin.code_location_origin.location_name == location.origin.location_name
    )
    assert origin.repository_origin.repository_name == repository.name


def test_rerunning_a_day_the_carrier_confirmed_is_refused_and_changes_nothing(tmp_path):
    from pipelines.demo.carrier_scans import write_carrier_scans

    site = make_site(tmp_path, orders_per_day=60)
    run_night(site, FIRST_DAY)
    write_carrier_scans(site.output, site.landing, FIRST_DAY)  # its manifests went out
    run_night(site, SECOND_DAY)
    tables = {table: published_table(site, table) for table in TABLE_KEYS}
    files = {p: p.read_bytes() for p in (site.output / FIRST_DAY.isoformat()).rglob("*.*")}

    rerun = oms(site, "run", "--date", FIRST_DAY.isoformat(), dagster_home=tmp_path / "home")
    output = rerun.communicate(timeout=600)[0]

    assert rerun.returncode == 1, output
    assert f"{FIRST_DAY} is closed: the carrier confirmed" in output
    for table, frame in tables.items():
        assert published_table(site, table).equals(frame), table
    assert {p: p.read_bytes() for p in (site.output / FIRST_DAY.isoformat()).rglob("*.*")} == files


def test_the_demo_runs_again_keeping_the_days_it_closed(tmp_path):
    """`make demo` twice: the second run keeps the nights the first one's carrier closed."""
    site = Site(tmp_path)
    home = tmp_path / "home"
    for attempt in ("first", "second"):
        demo = oms(site, "demo", "--days", "2", "--orders-per-day", "80", dagster_home=home)
        output = demo.communicate(timeout=900)[0]
        assert demo.returncode == 0, f"{attempt} demo: {output}"
    assert "was run and closed before (its parcels shipped): kept" in output
    with duckdb.connect(str(site.warehouse_path), read_only=True) as con:
        told = con.sql(
            "select business_date, count(*) from oms.shipment_confirmations "
            "where status = 'applied' group by all"
        ).fetchall()
    assert len(told) == 1, "the last night still applies the kept night's carrier scans"
