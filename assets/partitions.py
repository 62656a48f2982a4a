"""The business day: every stage is partitioned by it."""

from __future__ import annotations

from datetime import date

import dagster as dg

business_day = dg.DailyPartitionsDefinition(start_date="2025-01-01", timezone="UTC")


def business_date_of(context: dg.AssetExecutionContext | dg.AssetCheckExecutionContext) -> date:
    """The partition key as a DATE (never compared as text; see the field notes on dagster-duckdb)."""
    return date.fromisoformat(context.partition_key)
