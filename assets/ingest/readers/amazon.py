"""Amazon order reports (tab-separated, one row per order item, order fields repeated).

Handles the Unshipped Orders report, the legacy New Orders report and the All Orders report
(which has no recipient name or street). `order-item-id` stays text (14 digits).
"""

import polars as pl

from assets.ingest.readers.formats import ExportFormat
from assets.ingest.readers.staging import ORDER_KEY, lower, staged, void_lines
from assets.ingest.readers.tabular import has_column, text
from assets.ingest.timestamps import AMAZON_LOCAL_FORMATS, AMAZON_OFFSET_FORMATS, with_instant

AMAZON_FULFILLED = ["amazon", "afn"]
UNPAID_ORDER_STATUSES = ["pending", "cancelled", "canceled"]


def stage_amazon(raw: pl.DataFrame, export_format: ExportFormat, local_tz: str) -> pl.DataFrame:
    """Staged lines from an Amazon order report."""
    frame = raw.with_columns(text(raw, "order-id", "amazon-order-id").alias(ORDER_KEY))
    order_status = lower(text(raw, "order-status"))
    item_cancelled = lower(text(raw, "item-status")).is_in(["cancelled", "canceled"])
    order_cancelled = order_status.is_in(["cancelled", "canceled"]).fill_null(False)
    by_channel = lower(text(raw, "fulfillment-channel")).is_in(AMAZON_FULFILLED).fill_null(False)
    status = (
        pl.when(order_cancelled)
        .then(pl.lit("cancelled"))
        .when(by_channel)
        .then(pl.lit("fulfilled_by_channel"))
        .otherwise(pl.lit("open"))
    )
    if has_column(raw, "payments-date"):
        is_paid = text(raw, "payments-date").is_not_null()
    else:  # All Orders report: Amazon holds an order in Pending until payment is authorised.
        is_paid = order_status.is_not_null() & ~order_status.is_in(UNPAID_ORDER_STATUSES)
    frame = void_lines(frame, is_void=item_cancelled, status=status)
    placed_at_raw = text(raw, "purchase-date")
    frame = with_instant(
        frame,
        "_placed_at",
        placed_at_raw,
        offset_formats=AMAZON_OFFSET_FORMATS,
        local_formats=AMAZON_LOCAL_FORMATS,
        local_time_zone=local_tz,
    )
    return staged(
        frame,
        channel_order_id=pl.col(ORDER_KEY),
        channel_line_id=text(raw, "order-item-id"),
        placed_at_raw=placed_at_raw,
        placed_at=pl.col("_placed_at"),
        service_name=text(raw, "ship-service-level"),
        ship_name=text(raw, "recipient-name"),
        ship_address1=text(raw, "ship-address-1"),
        ship_city=text(raw, "ship-city"),
        ship_region=text(raw, "ship-state"),
        ship_postal_code_raw=text(raw, "ship-postal-code"),
        ship_country_raw=text(raw, "ship-country"),
        sku=text(raw, "sku"),
        quantity_raw=text(raw, "quantity-purchased", "quantity"),
        status_raw=pl.concat_str(
            [order_status, lower(text(raw, "item-status"))], separator="/", ignore_nulls=True
        ),
        status=pl.col("_status"),
        is_paid=is_paid,
        is_structural=pl.col("_structural"),
    )
