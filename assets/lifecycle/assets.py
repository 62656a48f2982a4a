"""Lifecycle: the status history of order lines, written after the night's fulfillment."""

import dagster as dg

from assets.lifecycle.history import book_statuses
from assets.partitions import business_date_of
from assets.specs import oms_key, table_asset
from resources.warehouse import Warehouse, replace_partition_with_sql_file, run_sql_file

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
    "return_receipts",
    "return_requests",
    "tracking_events",
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
    """Replaces the night's rows, so a re-run rewrites its changes and never adds to them. The
    rows go from the query into the table inside DuckDB: at 1M orders they are 8M rows, which as
    a frame cost gigabytes (docs/scaling.md). The metadata counts them per status, the first
    thing to read when a night looks off."""
    business_date = business_date_of(context)
    with warehouse.connect() as con:
        written = replace_partition_with_sql_file(
            con,
            "lifecycle/status_changes",
            into="order_status_history",
            business_date=business_date,
            frames={"book_statuses": book_statuses()},
            params={"business_date": business_date},
            run_id=context.run_id,
        )
        per_status = run_sql_file(
            con, "lifecycle/night_changes", params={"business_date": business_date}
        )
    return dg.MaterializeResult(
        metadata={
            "dagster/row_count": written,
            "lines": int(per_status["lines_first_changed"].sum()),
            "by_status": dg.MetadataValue.json(
                dict(zip(per_status["status"], per_status["changes"].to_list(), strict=True))
            ),
        }
    )
