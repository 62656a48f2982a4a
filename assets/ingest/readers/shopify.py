"""Shopify admin "Export orders" CSV: one row per line item, order fields on the first row.

Rows are grouped into orders by consecutive runs of `Name`; order-level columns (status,
address, shipping method) are taken from the run's first row, as Shopify leaves them empty on
continuation rows. Each line keeps its own fulfillment: a line the shop fulfilled, or one that
needs no shipping (gift cards), is recorded and never allocated. Zips lose their leading
spreadsheet apostrophe later, in normalisation.
"""

import polars as pl

from assets.ingest.readers.staging import (
    RAW_FIELDS,
    is_store_pickup,
    lower,
    read_fields,
    staged,
    with_run_head_values,
)
from assets.ingest.readers.tabular import text
from assets.ingest.timestamps import with_placed_at
from contracts.channel_formats import ExportFormat
from contracts.channel_formats.shopify import (
    CANCELLED_FINANCIAL_STATUSES,
    FULFILLED,
    LINE_FIELDS,
    LINE_FULFILLED,
    ORDER_FIELDS,
    PAID_FINANCIAL_STATUSES,
)
from contracts.vocabulary import FALSE_WORDS


def stage_shopify(raw: pl.DataFrame, export_format: ExportFormat, local_tz: str) -> pl.DataFrame:
    """Staged lines from a Shopify orders export."""
    fields = read_fields(raw, export_format)
    frame = raw.with_columns(_name=fields["channel_order_id"])
    frame = with_run_head_values(
        frame,
        pl.col("_name"),
        {f"_order {name}": text(raw, *columns) for name, columns in ORDER_FIELDS.items()},
    )
    order = {RAW_FIELDS.get(name, name): pl.col(f"_order {name}") for name in ORDER_FIELDS}
    financial = lower(order["financial_status"])
    fulfillment = lower(order["fulfillment_status"])
    is_cancelled = order["cancelled_at"].is_not_null() | financial.is_in(
        CANCELLED_FINANCIAL_STATUSES
    ).fill_null(False)
    status = (
        pl.when(is_cancelled)
        .then(pl.lit("cancelled"))
        .when(fulfillment == FULFILLED)
        .then(pl.lit("fulfilled_by_channel"))
        .when(is_store_pickup(order["service_name"]))
        .then(pl.lit("store_pickup"))
        .otherwise(pl.lit("open"))
    )
    line = {name: text(raw, *columns) for name, columns in LINE_FIELDS.items()}
    line_status = (
        pl.when(lower(line["line_fulfillment_status"]) == LINE_FULFILLED)
        .then(pl.lit("fulfilled_by_channel"))
        .when(lower(line["requires_shipping"]).is_in(FALSE_WORDS))
        .then(pl.lit("digital"))
        .otherwise(pl.lit("open"))
    )
    frame = with_placed_at(frame, fields["placed_at_raw"], export_format.placed_at, local_tz)
    return staged(
        frame,
        order | fields,
        channel_order_id=pl.col("_name"),
        channel_line_id=pl.lit(None, dtype=pl.String),
        placed_at=pl.col("_placed_at"),
        ship_address1=pl.coalesce(order["ship_address1"], order["ship_street"]),
        # Street already holds address 2 when it stands in for an empty Address1.
        ship_address2=pl.when(
            order["ship_address1"].is_not_null() | order["ship_street"].is_null()
        ).then(order["ship_address2"]),
        status_raw=pl.concat_str([financial, fulfillment], separator="/", ignore_nulls=True),
        status=status,
        is_paid=order["paid_at"].is_not_null()
        | financial.is_in(PAID_FINANCIAL_STATUSES).fill_null(False),
        is_structural=pl.lit(False),
        line_status=line_status,
    )
