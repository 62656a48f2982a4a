"""Lifecycle: the status history of order lines, written after the night's fulfillment."""

import dagster as dg
import polars as pl

from assets.lifecycle.history import write_status_history
from assets.partitions import business_date_of
from assets.specs import oms_key, table_asset
from resources.warehouse import Warehouse

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
    """Its metadata counts the night's changes per status: the first thing to read when a night
    looks off."""
    with warehouse.connect() as con:
        rows = write_status_history(con, business_date_of(context))
    by_status = dict(rows.group_by("status").len().sort("status").iter_rows())
    return dg.MaterializeResult(
        metadata={
            "dagster/row_count": rows.height,
            "lines": rows.select(pl.struct("channel", "channel_order_id", "line_no")).n_unique(),
            "by_status": dg.MetadataValue.json(by_status),
        }
    )
