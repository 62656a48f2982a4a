"""The business day: every stage is partitioned by it, from the deployment's first business date
(resources.first_business_date)."""

from __future__ import annotations

from datetime import date

import dagster as dg

from resources.first_business_date import first_business_date

business_day = dg.DailyPartitionsDefinition(
    start_date=first_business_date().isoformat(), timezone="UTC"
)


def business_date_of(context: dg.AssetExecutionContext | dg.AssetCheckExecutionContext) -> date:
    """The partition key as a DATE (never compared as text; see the field notes on
    dagster-duckdb)."""
    if isinstance(context, dg.AssetCheckExecutionContext):
        return date.fromisoformat(context.op_execution_context.partition_key)
    return date.fromisoformat(context.partition_key)
