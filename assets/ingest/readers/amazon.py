"""Amazon order reports (tab-separated, one row per order item, order fields repeated).

Handles the Unshipped Orders report, the legacy New Orders report and the All Orders report
(which has no recipient name or street, and says which orders and items have shipped).
`order-item-id` stays text (14 digits).
"""

import polars as pl

from assets.ingest.readers.staging import ORDER_KEY, lower, read_fields, staged, void_lines
from assets.ingest.readers.tabular import has_column, text
from assets.ingest.timestamps import with_placed_at
from contracts.channel_formats import ExportFormat
from contracts.channel_formats.amazon import (
    ADDRESS_3,
    CANCELLED_STATUSES,
    FULFILLED_BY_AMAZON,
    SHIPPED,
    UNPAID_ORDER_STATUSES,
)

CANCELLED = [word.lower() for word in CANCELLED_STATUSES]
BY_AMAZON = [word.lower() for word in FULFILLED_BY_AMAZON]
UNPAID = [word.lower() for word in UNPAID_ORDER_STATUSES]


def stage_amazon(raw: pl.DataFrame, export_format: ExportFormat, local_tz: str) -> pl.DataFrame:
    """Staged lines from an Amazon order report."""
    fields = read_fields(raw, export_format)
    frame = raw.with_columns(fields["channel_order_id"].alias(ORDER_KEY))
    order_status = lower(text(raw, "order-status"))
    item_cancelled = lower(text(raw, "item-status")).is_in(CANCELLED)
    order_cancelled = order_status.is_in(CANCELLED).fill_null(False)
    by_channel = lower(text(raw, "fulfillment-channel")).is_in(BY_AMAZON).fill_null(False)
    shipped = order_status == SHIPPED.lower()
    status = (
        pl.when(order_cancelled)
        .then(pl.lit("cancelled"))
        .when(by_channel | shipped.fill_null(False))
        .then(pl.lit("fulfilled_by_channel"))
        .otherwise(pl.lit("open"))
    )
    item_shipped = (lower(text(raw, "item-status")) == SHIPPED.lower()).fill_null(False)
    line_status = (
        pl.when(item_shipped).then(pl.lit("fulfilled_by_channel")).otherwise(pl.lit("open"))
    )
    if has_column(raw, "payments-date"):
        is_paid = text(raw, "payments-date").is_not_null()
    else:  # All Orders report: Amazon holds an order in Pending until payment is authorised.
        is_paid = order_status.is_not_null() & ~order_status.is_in(UNPAID)
    frame = void_lines(frame, is_void=item_cancelled, status=status)
    frame = with_placed_at(frame, fields["placed_at_raw"], export_format.placed_at, local_tz)
    return staged(
        frame,
        fields,
        placed_at=pl.col("_placed_at"),
        ship_company=pl.lit(None, dtype=pl.String),  # no Amazon report carries one
        ship_address2=_joined(fields["ship_address2"], text(raw, ADDRESS_3)),
        status_raw=pl.concat_str(
            [order_status, lower(text(raw, "item-status"))], separator="/", ignore_nulls=True
        ),
        status=pl.col("_status"),
        is_paid=is_paid,
        is_structural=pl.col("_structural"),
        line_status=line_status,
    )


def _joined(*parts: pl.Expr) -> pl.Expr:
    """Address lines joined by ", ", skipping empty ones; null when all are."""
    line = pl.concat_str(parts, separator=", ", ignore_nulls=True)
    return pl.when(line != "").then(line)
