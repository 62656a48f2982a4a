"""Shopify admin "Export orders" CSV: one row per line item, order fields on the first row.

Rows are grouped into orders by consecutive runs of `Name`; order-level columns (status,
address, shipping method) are taken from the run's first row, as Shopify leaves them empty on
continuation rows. Zips lose their leading spreadsheet apostrophe later, in normalisation.
"""

import polars as pl

from assets.ingest.readers.staging import lower, staged, with_run_head_values
from assets.ingest.readers.tabular import text
from assets.ingest.timestamps import with_placed_at
from contracts.channel_formats import ExportFormat
from contracts.channel_formats.shopify import (
    CANCELLED_FINANCIAL_STATUSES,
    FULFILLED,
    PAID_FINANCIAL_STATUSES,
)

ORDER_LEVEL_COLUMNS = (
    "Financial Status",
    "Fulfillment Status",
    "Cancelled at",
    "Paid at",
    "Shipping Method",
    "Shipping Name",
    "Shipping Address1",
    "Shipping Street",
    "Shipping City",
    "Shipping Province",
    "Shipping Zip",
    "Shipping Country",
)


def stage_shopify(raw: pl.DataFrame, export_format: ExportFormat, local_tz: str) -> pl.DataFrame:
    """Staged lines from a Shopify orders export."""
    frame = raw.with_columns(_name=text(raw, "Name"))
    frame = with_run_head_values(
        frame,
        pl.col("_name"),
        {f"_head {name}": text(raw, name) for name in ORDER_LEVEL_COLUMNS},
    )

    def head(name: str) -> pl.Expr:
        return pl.col(f"_head {name}")

    financial = lower(head("Financial Status"))
    fulfillment = lower(head("Fulfillment Status"))
    is_cancelled = head("Cancelled at").is_not_null() | financial.is_in(
        CANCELLED_FINANCIAL_STATUSES
    ).fill_null(False)
    status = (
        pl.when(is_cancelled)
        .then(pl.lit("cancelled"))
        .when(fulfillment == FULFILLED)
        .then(pl.lit("fulfilled_by_channel"))
        .otherwise(pl.lit("open"))
    )
    placed_at_raw = text(raw, "Created at")
    frame = with_placed_at(frame, placed_at_raw, export_format.placed_at, local_tz)
    return staged(
        frame,
        channel_order_id=pl.col("_name"),
        channel_line_id=pl.lit(None, dtype=pl.String),
        placed_at_raw=placed_at_raw,
        placed_at=pl.col("_placed_at"),
        service_name=head("Shipping Method"),
        ship_name=head("Shipping Name"),
        ship_address1=pl.coalesce(head("Shipping Address1"), head("Shipping Street")),
        ship_city=head("Shipping City"),
        ship_region=head("Shipping Province"),
        ship_postal_code_raw=head("Shipping Zip"),
        ship_country_raw=head("Shipping Country"),
        sku=text(raw, "Lineitem sku"),
        quantity_raw=text(raw, "Lineitem quantity"),
        status_raw=pl.concat_str([financial, fulfillment], separator="/", ignore_nulls=True),
        status=status,
        is_paid=head("Paid at").is_not_null()
        | financial.is_in(PAID_FINANCIAL_STATUSES).fill_null(False),
        is_structural=pl.lit(False),
    )
