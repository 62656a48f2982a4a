"""The nightly job: every stage for one business date, in one process; scheduled at 02:00 for yesterday."""

from __future__ import annotations

import dagster as dg

from assets.partitions import business_day

nightly_job = dg.define_asset_job(
    name="nightly",
    selection=dg.AssetSelection.all(),
    partitions_def=business_day,
    executor_def=dg.in_process_executor,
    description="Ingest → inventory → allocation → fulfillment → documents → KPIs → publish, for one business date.",
)

nightly_schedule = dg.build_schedule_from_partitioned_job(
    nightly_job,
    name="nightly_at_0200",
    hour_of_day=2,
    minute_of_hour=0,
    description="Runs the nightly job at 02:00 UTC for the business date that just ended.",
    default_status=dg.DefaultScheduleStatus.RUNNING,
)
