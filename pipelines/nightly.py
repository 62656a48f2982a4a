"""The nightly job and what starts it: the 02:00 schedule or the landing sensor, whichever comes
first; what happens after it: alerts on failure, stage files removed on success."""

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import dagster as dg
from dagster_shared.error import SerializableErrorInfo

from assets.partitions import business_day
from resources.alerts import Alerts
from resources.landing import LandingExpectations, LandingZone
from resources.stage import StageIOManager

nightly_job = dg.define_asset_job(
    name="nightly",
    selection=dg.AssetSelection.all(),
    partitions_def=business_day,
    # No executor here: each code location sets its own (pipelines/definitions.py: in-process;
    # pipelines/distributed.py: Celery workers), so both share this job, schedule and sensors.
    description=(
        "Ingest → inventory → allocation → fulfillment → documents → KPIs → publish, "
        "for one business date."
    ),
)


def _night_already_started(instance: dg.DagsterInstance, partition_key: str) -> bool:
    """A run of the nightly job for this date exists (queued, running or done), from either
    trigger."""
    runs = instance.get_run_records(
        dg.RunsFilter(job_name=nightly_job.name, tags={"dagster/partition": partition_key}), limit=1
    )
    return bool(runs)


@dg.schedule(
    cron_schedule="0 2 * * *",
    job=nightly_job,
    execution_timezone="UTC",
    default_status=dg.DefaultScheduleStatus.RUNNING,
    description=(
        "At 02:00 UTC, run the business date that just ended, unless the landing sensor "
        "already did."
    ),
)
def nightly_at_0200(context: dg.ScheduleEvaluationContext):
    scheduled = context.scheduled_execution_time or datetime.now(UTC)
    partition_key = (scheduled - timedelta(days=1)).date().isoformat()
    if _night_already_started(context.instance, partition_key):
        return dg.SkipReason(
            f"{partition_key} was already started (by the landing sensor or by hand)."
        )
    return dg.RunRequest(run_key=f"nightly-{partition_key}", partition_key=partition_key)


@dg.sensor(
    job=nightly_job,
    minimum_interval_seconds=300,
    default_status=dg.DefaultSensorStatus.STOPPED,
    description=(
        "Starts the nightly run for a date as soon as every expected channel folder for it has "
        "landed (before 02:00 if the exports come early). Never starts a date that already has "
        "a run."
    ),
)
def landing_complete(
    context: dg.SensorEvaluationContext,
    landing: LandingZone,
    landing_expectations: LandingExpectations,
):
    today = datetime.now(UTC).date()  # business dates are UTC days (assets/partitions.py)
    for days_back in range(landing_expectations.lookback_days, 0, -1):
        business_date = today - timedelta(days=days_back)
        partition_key = business_date.isoformat()
        present = landing.channel_folders_present(business_date)
        missing = set(landing_expectations.expected_channels) - present
        if missing or _night_already_started(context.instance, partition_key):
            continue
        yield dg.RunRequest(run_key=f"nightly-{partition_key}", partition_key=partition_key)


@dg.run_failure_sensor(
    monitored_jobs=[nightly_job],
    default_status=dg.DefaultSensorStatus.RUNNING,
    description=(
        "Writes an alert (log and a file in $OMS_OUTPUT/alerts/, Slack/e-mail if configured)."
    ),
)
def nightly_failure_alert(context: dg.RunFailureSensorContext, alerts: Alerts):
    title = alert_failed_night(context.instance, context.dagster_run, alerts)[0]
    context.log.error(title)


def step_error_cause(error: SerializableErrorInfo | None) -> str:
    """The first line of what went wrong at the bottom of a step's error: a step that used up
    its retries says only "Exceeded max_retries", its cause says which file or check."""
    if error is None:
        return "no error recorded"
    while error.cause is not None:
        error = error.cause
    return (error.message.strip().splitlines() or [error.cls_name or "error"])[0]


def failed_night_message(instance: dg.DagsterInstance, run: dg.DagsterRun) -> tuple[str, str]:
    """Title and body of the alert for a failed night: each failed step with its error, the
    first line of which says the cause (the file, the row or the check), not only the run id."""
    partition = run.tags.get("dagster/partition", "?")
    failures = instance.all_logs(run.run_id, of_type=dg.DagsterEventType.STEP_FAILURE)
    steps = []
    for record in failures:
        event = record.dagster_event
        error = event.event_specific_data.error if event.event_specific_data else None
        steps.append(f"  {event.step_key}: {step_error_cause(error)}")
    title = f"batch-oms: nightly run for {partition} failed"
    body = "\n".join(
        [
            f"Run {run.run_id} of job {run.job_name} for business date {partition} failed"
            + (" in:" if steps else " before any step failed (see the run's log)."),
            *steps,
            "Fix the cause, then re-run the date (`oms run --date "
            f"{partition}`, or re-execute from failure in the Dagster UI); later dates depend "
            "on it.",
        ]
    )
    return title, body


def alert_failed_night(
    instance: dg.DagsterInstance, run: dg.DagsterRun, alerts: Alerts
) -> tuple[str, Path]:
    """Send the alert for a failed night; its title and the alert file's path."""
    title, body = failed_night_message(instance, run)
    partition = run.tags.get("dagster/partition", "?")
    return title, alerts.send(title, body, key=f"nightly-{partition}-{run.run_id[:8]}")


REJECTED_FILES_CHECK = "no_rejected_files"


def failed_check_evaluations(
    instance: dg.DagsterInstance, run_id: str
) -> list[dg.AssetCheckEvaluation]:
    """The asset checks that failed in a run, warnings included (a non-blocking check fails
    without failing the run, so only its evaluation says so)."""
    records = instance.all_logs(run_id, of_type=dg.DagsterEventType.ASSET_CHECK_EVALUATION)
    evaluations = (record.dagster_event.event_specific_data for record in records)
    return [evaluation for evaluation in evaluations if not evaluation.passed]


def rejected_files_message(
    evaluations: list[dg.AssetCheckEvaluation], partition: str, run_id: str
) -> tuple[str, str] | None:
    """Title and body of the alert for a night that rejected files whole, or None.

    Names the files and the rules they broke, never a reason: a reason may quote the header of
    a file that was not accepted, and alerts go to chat rooms and mailboxes."""
    rejected = next((e for e in evaluations if e.check_name == REJECTED_FILES_CHECK), None)
    if rejected is None:
        return None
    listed = rejected.metadata.get("violating_rows")
    files = list(listed.value) if listed is not None else []
    count = len(files) or int(rejected.metadata["violations"].value)
    title = f"batch-oms: {count} file{'s' * (count != 1)} rejected whole on {partition}"
    lines = [f"  {f['source_file']} ({f['channel']}): {f['rule'] or 'rejected'}" for f in files]
    body = "\n".join(
        [
            f"Run {run_id} for business date {partition} succeeded, but no order of these "
            "files entered the order book:",
            *lines,
            # S608 is waived below: a query for the reader to paste, never run here
            "Why, per file: select source_file, rule, reason from oms.order_rejects "  # noqa: S608
            f"where business_date = '{partition}' and source_row is null. Fix the export (or "
            "the folder it landed in), land it again and re-run the date "
            '(docs/operations.md, "Orders and files that did not come in").',
        ]
    )
    return title, body


def alert_rejected_files(instance: dg.DagsterInstance, run: dg.DagsterRun, alerts: Alerts):
    """Send the rejected-files alert for a finished night if it rejected files; the alert's path,
    or None."""
    partition = run.tags.get("dagster/partition", "?")
    message = rejected_files_message(
        failed_check_evaluations(instance, run.run_id), partition, run.run_id
    )
    if message is None:
        return None
    title, body = message
    return alerts.send(title, body, key=f"rejected-files-{partition}-{run.run_id[:8]}")


def _after_a_successful_night(
    description: str,
) -> Callable[[Callable[..., object]], dg.RunStatusSensorDefinition]:
    """A sensor, on from the start, that runs once per nightly run that succeeded."""
    return dg.run_status_sensor(
        run_status=dg.DagsterRunStatus.SUCCESS,
        monitored_jobs=[nightly_job],
        default_status=dg.DefaultSensorStatus.RUNNING,
        description=description,
    )


@_after_a_successful_night(
    "Writes an alert (log and a file in $OMS_OUTPUT/alerts/, Slack/e-mail if configured) "
    "when a night that succeeded rejected landed files whole (`no_rejected_files` warned)."
)
def rejected_files_alert(context: dg.RunStatusSensorContext, alerts: Alerts):
    path = alert_rejected_files(context.instance, context.dagster_run, alerts)
    if path is not None:
        context.log.warning(f"files rejected whole: alert {path.name}")


def run_lineage(instance: dg.DagsterInstance, run: dg.DagsterRun) -> list[str]:
    """The run and the runs it re-executed (parent, grandparent…), newest first."""
    run_ids = [run.run_id]
    parent_id = run.parent_run_id
    while parent_id and parent_id not in run_ids:
        run_ids.append(parent_id)
        parent = instance.get_run_by_id(parent_id)
        parent_id = parent.parent_run_id if parent else None
    return run_ids


def discard_stage_files_of(
    instance: dg.DagsterInstance, run: dg.DagsterRun, stage: StageIOManager
) -> list[str]:
    """Remove the Parquet files a finished night handed between its steps, those of the failed
    runs it re-executed (it read what it did not re-run from them), and those of every failed
    run of its date (a killed run, one re-run from the start): with the date done, no
    re-execution needs them, and they hold names and addresses."""
    failed = instance.get_runs(
        filters=dg.RunsFilter(
            job_name=run.job_name,
            statuses=[dg.DagsterRunStatus.FAILURE],
            tags={"dagster/partition": run.tags.get("dagster/partition", "")},
        )
    )
    lineage = run_lineage(instance, run)
    return stage.discard_runs([*lineage, *(r.run_id for r in failed if r.run_id not in lineage)])


@_after_a_successful_night(
    "Removes the stage files (Parquet handed between steps) of a nightly run that succeeded "
    "and of the failed runs it re-executed. A failed run keeps them for re-execution."
)
def discard_stage_files(context: dg.RunStatusSensorContext, stage_io_manager: StageIOManager):
    removed = discard_stage_files_of(context.instance, context.dagster_run, stage_io_manager)
    context.log.info(f"removed stage files: {', '.join(removed) or 'none'}")
