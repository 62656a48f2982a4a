"""Running nights from the command line on the local Dagster instance, and the summary operators
read."""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

import dagster as dg
import duckdb
from dagster._core.execution.api import execute_run
from dagster._core.remote_origin import InProcessCodeLocationOrigin
from dagster._core.remote_representation.code_location import CodeLocation
from dagster._core.remote_representation.external import RemoteJob, RemoteRepository
from dagster._core.types.loadable_target_origin import LoadableTargetOrigin
from dagster._utils.hosted_user_process import recon_job_from_origin

if TYPE_CHECKING:
    from resources.alerts import Alerts

Echo = Callable[[str], None]
# Progress is printed per stage below; Dagster's own event log stays in the UI, not on the terminal.
QUIET_CONSOLE = {"loggers": {"console": {"config": {"log_level": "WARNING"}}}}


CODE_LOCATION = "pipelines.definitions"
"""The code location as workspace.yaml loads it (a `python_module` is named after its module):
runs of `oms run` belong to it, so the UI lists them and re-executes them like its own."""


@dataclass(frozen=True)
class CodeLocationJob:
    """The nightly job as the UI sees it, with the code location and repository it is in."""

    location: CodeLocation
    repository: RemoteRepository
    job: RemoteJob


@contextmanager
def nightly_job_of_code_location(instance: dg.DagsterInstance) -> Iterator[CodeLocationJob]:
    """The nightly job of the code location workspace.yaml loads, loaded in this process."""
    origin = InProcessCodeLocationOrigin(
        LoadableTargetOrigin(
            executable_path=sys.executable,
            module_name=CODE_LOCATION,
            working_directory=str(Path(__file__).resolve().parents[1]),
        ),
        location_name=CODE_LOCATION,
    )
    with origin.create_location(instance) as location:
        (repository,) = location.get_repositories().values()
        yield CodeLocationJob(location, repository, repository.get_full_job("nightly"))


def create_nightly_run(
    instance: dg.DagsterInstance,
    nightly: CodeLocationJob,
    business_date: date,
    run_config: Mapping[str, object],
) -> dg.DagsterRun:
    """A run of the code location's nightly job for one date, created as a launch from the UI
    creates it: with the location's origin and the job's snapshots (a run without them is
    missing from the UI's timeline, and re-executing it warns of another code version)."""
    job = nightly.job
    plan = nightly.location.get_execution_plan(
        job, run_config, step_keys_to_execute=None, known_state=None, instance=instance
    )
    return instance.create_run(
        job_name=job.name,
        run_id=None,
        run_config=run_config,
        resolved_op_selection=job.resolved_op_selection,
        step_keys_to_execute=plan.execution_plan_snapshot.step_keys_to_execute,
        op_selection=None,
        status=None,
        root_run_id=None,
        parent_run_id=None,
        tags={**job.tags, "dagster/partition": business_date.isoformat()},
        job_snapshot=job.job_snapshot,
        execution_plan_snapshot=plan.execution_plan_snapshot,
        parent_job_snapshot=job.parent_job_snapshot,
        remote_job_origin=job.get_remote_origin(),
        job_code_origin=job.get_python_origin(),
        asset_selection=None,
        asset_check_selection=None,
        asset_graph=nightly.repository.asset_graph,
    )


def run_config_for(allocation: Mapping[str, object] | None = None) -> dict:
    """The run config of a command-line night: a quiet console, and the allocation options
    given on the command line as config of the allocation_settings resource (as the launchpad
    would set them), for these runs only."""
    if not allocation:
        return QUIET_CONSOLE
    return QUIET_CONSOLE | {"resources": {"allocation_settings": {"config": dict(allocation)}}}


def run_dates(
    dates: Sequence[date], *, echo: Echo, allocation: Mapping[str, object] | None = None
) -> bool:
    """Run the nightly job for each date in order; stop at the first failure (later dates depend
    on it). A night that rejected files whole is alerted, as the daemon's sensor does.

    allocation: allocation_settings fields for these runs (e.g. {"strategy": "cheapest"})."""
    from assets.partitions import business_day
    from pipelines.nightly import discard_stage_files_of, failed_check_evaluations
    from resources.stage import StageIOManager
    from resources.stop_request import stop_requested, watching_for_stop

    # what the `discard_stage_files` sensor does when the daemon runs (not here: no daemon)
    first = business_day.start.date()
    if min(dates) < first:
        echo(
            f"✗ {min(dates)} is before the first business date, {first} (the first night the "
            "landing area held). To run older nights, set OMS_FIRST_DATE=YYYY-MM-DD "
            '(docs/operations.md, "Dates run in order").'
        )
        return False
    stage = StageIOManager(warehouse_path=os.environ["OMS_WAREHOUSE"])
    with (
        watching_for_stop(),
        dg.DagsterInstance.get() as instance,
        nightly_job_of_code_location(instance) as nightly,
    ):
        for business_date in dates:
            started = time.perf_counter()
            echo(f"▶ {business_date}  nightly run …")
            run = create_nightly_run(instance, nightly, business_date, run_config_for(allocation))
            # executed in this process as a launched run is (`execute_in_process` would keep
            # every step's output in memory for its result, the frames the fan-out steps hand
            # over among them)
            result = execute_run(recon_job_from_origin(run.job_code_origin), run, instance)
            print_steps(result.all_events, echo=echo)
            if stop_requested():
                _report_stop(business_date, result, dates, echo=echo)
                return False
            if not result.success:
                _alert_failed_night(instance, result.dagster_run, echo=echo)
                echo(
                    f"✗ {business_date} failed (run {result.run_id}). Look at the failed stage "
                    "above, or in the UI: `make ui`, then Runs → this run id. Fix the cause and "
                    "re-run this date; later dates were not run because they depend on it."
                )
                return False
            discard_stage_files_of(instance, result.dagster_run, stage)
            warnings = failed_check_evaluations(instance, result.run_id)
            done = f"{business_date} done in {time.perf_counter() - started:.1f} s"
            if warnings:
                named = ", ".join(e.check_name for e in warnings)
                echo(f"⚠ {done} with warnings: {named} (run {result.run_id})")
            else:
                echo(f"✓ {done} (run {result.run_id})")
            _alert_rejected_files(instance, result.dagster_run, echo=echo)
    return True


def _report_stop(
    business_date: date, result: dg.JobExecutionResult, dates: Sequence[date], *, echo: Echo
) -> None:
    """What a night stopped by SIGTERM or Ctrl-C left: a failed run, or a whole night when the
    signal came after its last step. Later dates are not run."""
    later = [d for d in dates if d > business_date]
    not_run = f"; {len(later)} later date(s) not run" if later else ""
    if result.success:
        echo(f"■ {business_date} ended before the stop took effect (run {result.run_id}){not_run}.")
    else:
        echo(
            f"■ {business_date} stopped (run {result.run_id}, marked failed); the published "
            f"database is unchanged: re-run this date{not_run}."
        )


def closed_dates(database: Path) -> set[date]:
    """The dates `oms.closed_days` lists in the published database (none before its first
    night): their shipments were confirmed, so they are never run again."""
    if not database.exists():
        return set()
    with duckdb.connect(str(database), read_only=True) as con:
        try:
            return {
                day for (day,) in con.sql("select business_date from oms.closed_days").fetchall()
            }
        except duckdb.CatalogException:  # a database of a release before closed days
            return set()


def print_steps(events: Sequence[dg.DagsterEvent], *, echo: Echo) -> None:
    """One line per step: ✓ done, ✗ failed, ⚠ done but one of its checks failed (a warning, or
    an error that does not block). A check's step succeeds whatever the check found, so its
    evaluation, not the step, says which mark it gets."""
    from pipelines.nightly import step_error_cause

    failed_checks: dict[str, list[dg.AssetCheckEvaluation]] = {}
    for event in events:
        if event.event_type == dg.DagsterEventType.ASSET_CHECK_EVALUATION:
            evaluation = event.event_specific_data
            if not evaluation.passed:
                failed_checks.setdefault(event.step_key, []).append(evaluation)
        elif event.event_type == dg.DagsterEventType.STEP_SUCCESS:
            seconds = event.event_specific_data.duration_ms / 1000
            failed = failed_checks.get(event.step_key)
            if failed:
                found = "; ".join(_check_outcome(evaluation) for evaluation in failed)
                echo(f"    ⚠ {event.step_key:<66} {seconds:6.2f} s  {found}")
            else:
                echo(f"    ✓ {event.step_key:<66} {seconds:6.2f} s")
        elif event.event_type == dg.DagsterEventType.STEP_FAILURE:
            cause = step_error_cause(event.event_specific_data.error)
            echo(f"    ✗ {event.step_key:<66} {cause}")


def _check_outcome(evaluation: dg.AssetCheckEvaluation) -> str:
    severity = "warning" if evaluation.severity == dg.AssetCheckSeverity.WARN else "error"
    violations = evaluation.metadata.get("violations")
    found = f": {violations.value} violation(s)" if violations is not None else ""
    return f"{severity} {evaluation.check_name} failed{found}"


def _alert_failed_night(instance: dg.DagsterInstance, run: dg.DagsterRun, *, echo: Echo):
    """What the `nightly_failure_alert` sensor does when the daemon runs (not here: no daemon)."""
    from pipelines.nightly import alert_failed_night

    path = _send_alert(lambda alerts: alert_failed_night(instance, run, alerts)[1], echo=echo)
    if path is not None:
        echo(f"  ✗ alert written to {path}")


def _alert_rejected_files(instance: dg.DagsterInstance, run: dg.DagsterRun, *, echo: Echo):
    """What the `rejected_files_alert` sensor does when the daemon runs (not here: no daemon)."""
    from pipelines.nightly import alert_rejected_files

    path = _send_alert(lambda alerts: alert_rejected_files(instance, run, alerts), echo=echo)
    if path is not None:
        echo(f"  ⚠ files were rejected whole: alert written to {path}")


def _send_alert(send: Callable[[Alerts], Path | None], *, echo: Echo) -> Path | None:
    """Send through the code location's `alerts` resource; the alert file's path, or None. A
    channel that fails is echoed: the file is written whatever happened to the others."""
    from pipelines.definitions import defs
    from resources.alerts import AlertNotDelivered

    with dg.build_resources({"alerts": defs.resources["alerts"]}) as resources:
        try:
            return send(resources.alerts)
        except AlertNotDelivered as error:
            echo(f"  ⚠ {error}")
            return None


SUMMARY_SQL = """
with

daily_kpis as (
    select * from oms.daily_kpis
),

shipments as (
    select * from oms.shipments
),

order_rejects as (
    select * from oms.order_rejects
),

ready_by_carrier as (
    select business_date, carrier, count(*) as n
    from shipments
    where status = 'ready'
    group by all
),

carriers as (
    select business_date, string_agg(carrier || ' ' || n, ', ' order by carrier) as by_carrier
    from ready_by_carrier
    group by all
),

rejects as (
    select
        business_date,
        count(*) filter (where source_row is not null) as rows_rejected,
        count(*) filter (where source_row is null) as files_rejected
    from order_rejects
    group by all
),

final as (
    select
        daily_kpis.business_date::varchar as date,
        daily_kpis.orders,
        daily_kpis.lines,
        coalesce(rejects.rows_rejected, 0) as rows_rejected,
        coalesce(rejects.files_rejected, 0) as files_rejected,
        round(100 * daily_kpis.fill_rate, 1) as fill_pct,
        daily_kpis.shipments,
        coalesce(carriers.by_carrier, '') as by_carrier
    from daily_kpis
    left join rejects using (business_date)
    left join carriers using (business_date)
    where daily_kpis.business_date between $first and $last
)

select * from final order by date
"""

# Rules and file names only: a reason may quote what a file that was not accepted holds.
REJECTED_FILES_SQL = """
select business_date::varchar as date, source_file, channel, rule
from oms.order_rejects
where business_date between $first and $last and source_row is null
order by date, source_file
"""

REJECTED_ROWS_SQL = """
select business_date::varchar as date, rule, count(*) as n_rows
from oms.order_rejects
where business_date between $first and $last and source_row is not null
group by all
order by date, n_rows desc, rule
"""


def print_summary(dates: Sequence[date], *, echo: Echo) -> None:
    """The table an operator reads after a run: per date orders, lines, rejected rows and files,
    fill rate, shipments; then per date the files rejected whole and the rejected rows by rule."""
    database = os.environ["OMS_WAREHOUSE"]
    if not os.path.exists(database):
        return
    window = {"first": min(dates), "last": max(dates)}
    with duckdb.connect(database, read_only=True) as con:
        rows = con.execute(SUMMARY_SQL, window).fetchall()
        rejected_files = con.execute(REJECTED_FILES_SQL, window).fetchall()
        rejected_rows = con.execute(REJECTED_ROWS_SQL, window).fetchall()
    header = (
        f"{'date':<10}  {'orders':>7}  {'lines':>7}  {'rejected rows':>13}  "
        f"{'rejected files':>14}  {'fill %':>6}  {'shipments':>9}  by carrier"
    )
    echo("")
    echo(header)
    echo("-" * len(header))
    for day, orders, lines, rows_rejected, files_rejected, fill, shipments, by_carrier in rows:
        echo(
            f"{day:<10}  {orders:>7,}  {lines:>7,}  {rows_rejected:>13,}  {files_rejected:>14,}  "
            f"{fill or 0:>6}  {shipments:>9,}  {by_carrier}"
        )
    _print_rejects(rejected_files, rejected_rows, echo=echo)
    output = os.environ["OMS_OUTPUT"]
    files = sum(
        len(files) for d in dates for _, _, files in os.walk(os.path.join(output, d.isoformat()))
    )
    echo("")
    echo(f"files written: {files} under {output}/<date>/<warehouse_id>/")
    echo(f"database: {database}  (make sql: the DuckDB CLI, read-only)")
    echo("UI: make ui  → http://127.0.0.1:3000")


def _print_rejects(files: list[tuple], rows: list[tuple], *, echo: Echo) -> None:
    """Per date: each file rejected whole (no order of it was read) with its rule, and the
    rejected rows counted per rule. The reasons, which quote values, stay in the table."""
    dates = sorted({f[0] for f in files} | {r[0] for r in rows})
    for day in dates:
        day_files = [f for f in files if f[0] == day]
        day_rows = [r for r in rows if r[0] == day]
        echo("")
        echo(f"rejected on {day} (why, row by row: oms.order_rejects):")
        if day_files:
            echo(f"  ⚠ {len(day_files)} file(s) rejected whole, none of their orders read:")
            for _, source_file, channel, rule in day_files:
                echo(f"      {source_file} ({channel}): {rule}")
        if day_rows:
            total = sum(n for *_, n in day_rows)
            by_rule = ", ".join(f"{rule} {n:,}" for _, rule, n in day_rows)
            echo(f"  {total:,} row(s) rejected: {by_rule}")
