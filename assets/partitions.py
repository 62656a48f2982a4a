"""The business day: every stage is partitioned by it."""

from __future__ import annotations

from datetime import date

import dagster as dg

business_day = dg.DailyPartitionsDefinition(start_date="2025-01-01", timezone="UTC")


def business_date_of(context: dg.AssetExecutionContext | dg.AssetCheckExecutionContext) -> date:
    """The partition key as a DATE (never compared as text; see the field notes on
    dagster-duckdb)."""
    if isinstance(context, dg.AssetCheckExecutionContext):
        return date.fromisoformat(context.op_execution_context.partition_key)
    return date.fromisoformat(context.partition_key)
