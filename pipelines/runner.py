"""Running nights from the command line on the local Dagster instance, and the summary operators
read."""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Sequence
from datetime import date

import dagster as dg
import duckdb

Echo = Callable[[str], None]
# Progress is printed per stage below; Dagster's own event log stays in the UI, not on the terminal.
QUIET_CONSOLE = {"loggers": {"console": {"config": {"log_level": "WARNING"}}}}


def nightly_job() -> dg.JobDefinition:
    """The code location's nightly job, for `dg.reconstructable`."""
    from pipelines.definitions import defs

    return defs.resolve_job_def("nightly")


def run_dates(dates: Sequence[date], *, echo: Echo) -> bool:
    """Run the nightly job for each date in order; stop at the first failure (later dates depend
    on it)."""
    from pipelines.nightly import discard_stage_files_of
    from resources.stage import StageIOManager

    # what the `discard_stage_files` sensor does when the daemon runs (not here: no daemon)
    stage = StageIOManager(warehouse_path=os.environ["OMS_WAREHOUSE"])
    with dg.DagsterInstance.get() as instance:
        for business_date in dates:
            started = time.perf_counter()
            echo(f"▶ {business_date}  nightly run …")
            # executed as a launched run is (`execute_in_process` would keep every step's output
            # in memory for its result, the frames the fan-out steps hand over among them)
            result = dg.execute_job(
                dg.reconstructable(nightly_job),
                instance=instance,
                tags={"dagster/partition": business_date.isoformat()},
                raise_on_error=False,
                run_config=QUIET_CONSOLE,
            )
            for event in result.all_events:
                if event.event_type == dg.DagsterEventType.STEP_SUCCESS:
                    seconds = event.event_specific_data.duration_ms / 1000
                    echo(f"    ✓ {event.step_key:<66} {seconds:6.2f} s")
                elif event.event_type == dg.DagsterEventType.STEP_FAILURE:
                    error = event.event_specific_data.error
                    echo(f"    ✗ {event.step_key:<66} {error.message.strip() if error else ''}")
            if not result.success:
                echo(
                    f"✗ {business_date} failed (run {result.run_id}). Look at the failed stage "
                    "above, or in the UI: `make ui`, then Runs → this run id. Fix the cause and "
                    "re-run this date; later dates were not run because they depend on it."
                )
                return False
            discard_stage_files_of(instance, result.dagster_run, stage)
            echo(
                f"✓ {business_date} done in {time.perf_counter() - started:.1f} s "
                f"(run {result.run_id})"
            )
    return True


SUMMARY_SQL = """
select
    kpis.business_date::varchar as date,
    kpis.orders,
    kpis.lines,
    kpis.lines_rejected as rejected,
    round(100 * kpis.fill_rate, 1) as fill_pct,
    kpis.shipments,
    coalesce((
        select string_agg(carrier || ' ' || n, ', ' order by carrier)
        from (
            select carrier, count(*) as n from oms.shipments s
            where s.business_date = kpis.business_date and status = 'ready' group by carrier
        )
    ), '') as by_carrier
from oms.daily_kpis as kpis
where kpis.business_date between ? and ?
order by 1
"""


def print_summary(dates: Sequence[date], *, echo: Echo) -> None:
    """The table an operator reads after a run: per date orders, lines, rejects, fill rate,
    shipments."""
    database = os.environ["OMS_WAREHOUSE"]
    if not os.path.exists(database):
        return
    with duckdb.connect(database, read_only=True) as con:
        rows = con.execute(SUMMARY_SQL, [min(dates), max(dates)]).fetchall()
    header = (
        f"{'date':<10}  {'orders':>7}  {'lines':>7}  {'rejected':>8}  {'fill %':>6}  "
        f"{'shipments':>9}  by carrier"
    )
    echo("")
    echo(header)
    echo("-" * len(header))
    for day, orders, lines, rejected, fill, shipments, by_carrier in rows:
        echo(
            f"{day:<10}  {orders:>7,}  {lines:>7,}  {rejected:>8,}  {fill or 0:>6}  "
            f"{shipments:>9,}  {by_carrier}"
        )
    output = os.environ["OMS_OUTPUT"]
    files = sum(
        len(files) for d in dates for _, _, files in os.walk(os.path.join(output, d.isoformat()))
    )
    echo("")
    echo(f"files written: {files} under {output}/<date>/<warehouse_id>/")
    echo(f"database: {database}  (duckdb -readonly {database})")
    echo("UI: make ui  → http://127.0.0.1:3000")
