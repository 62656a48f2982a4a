"""Lifecycle: the status history of order lines, written after the night's fulfillment."""

import dagster as dg
import polars as pl

from assets.lifecycle.history import book_statuses, ranked
from assets.partitions import business_date_of
from assets.specs import oms_key, table_asset
from resources.warehouse import Warehouse, replace_partitions, run_sql_file

READS = (
    "orders",
    "order_lines",
    "order_rejects",
    "order_exceptions",
    "shipment_confirmations",
    "allocations",
    "allocation_decisions",
    "shipment_exceptions",
    "pick_list_lines",
    "manifest_lines",
)
"""The tables whose rows move a line from one status to the next (docs/lifecycle.md)."""


@table_asset(
    "order_status_history",
    group="lifecycle",
    description=(
        "Every change of an order line's status, night by night, with its source and reason; "
        "oms.order_status is where each line and order stands now."
    ),
    deps=[oms_key(table) for table in READS],
)
def order_status_history(
    context: dg.AssetExecutionContext, warehouse: Warehouse
) -> dg.MaterializeResult:
    """Replaces the night's rows, so a re-run rewrites its changes and never adds to them; the
    metadata counts them per status, the first thing to read when a night looks off."""
    business_date = business_date_of(context)
    with warehouse.connect() as con:
        changes = run_sql_file(
            con,
            "lifecycle/status_changes",
            frames={"book_statuses": book_statuses()},
            params={"business_date": business_date},
        )
        rows = ranked(changes)
        replace_partitions(
            con, business_date, {"order_status_history": rows}, run_id=context.run_id
        )
    by_status = dict(rows.group_by("status").len().sort("status").iter_rows())
    return dg.MaterializeResult(
        metadata={
            "dagster/row_count": rows.height,
            "lines": rows.select(pl.struct("channel", "channel_order_id", "line_no")).n_unique(),
            "by_status": dg.MetadataValue.json(by_status),
        }
    )
