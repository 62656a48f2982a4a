"""Shopify "Export orders": order fields on an order's first row only, apostrophe zips on some
US orders, multi-line notes, and a large export cut at a row count (even inside an order)."""

from pathlib import Path

import polars as pl

from contracts.channel_formats.shopify import (
    FINANCIAL_STATUS,
    FULFILLED,
    ORDERS_EXPORT,
    SERVICE_NAMES,
    UNFULFILLED,
)
from pipelines.demo.channel_writers.columns import (
    filled_header,
    is_first_line,
    item_name,
    placed_at_as,
    price,
    service_name,
)
from pipelines.demo.channel_writers.ids import channel_order_id

SHOPIFY_MAX_ROWS_PER_FILE = 200_000
SHOP_UTC_OFFSETS = (-4, -5, 0, 1)
"""The shop's zone, by seed: Shopify writes times in the shop's zone with its offset."""


def write_shopify(lines: pl.DataFrame, folder: Path, seed: int) -> list[Path]:
    hours = SHOP_UTC_OFFSETS[seed % len(SHOP_UTC_OFFSETS)]
    paid, cancelled = pl.col("is_paid"), pl.col("status") == "cancelled"
    created = placed_at_as(ORDERS_EXPORT.placed_at.written, utc_offset_hours=hours)
    zip_code = (
        pl.when((pl.col("ship_country") == "US") & (pl.col("order_seq") % 4 == 0))
        .then(pl.format("'{}", pl.col("ship_postal_code")))
        .otherwise(pl.col("ship_postal_code"))
    )
    address = {
        "Name": pl.col("ship_name"),
        "Street": pl.concat_str(
            ["ship_address1", "ship_address2"], separator=", ", ignore_nulls=True
        ),
        "Address1": pl.col("ship_address1"),
        "Address2": pl.col("ship_address2"),
        "Company": pl.col("ship_company"),
        "City": pl.col("ship_city"),
        "Zip": zip_code,
        "Province": pl.col("ship_region"),
        "Country": pl.col("ship_country"),
        "Phone": pl.col("ship_phone"),
    }
    order_level = {
        "Financial Status": pl.when(cancelled & paid)
        .then(pl.lit(FINANCIAL_STATUS[True, True]))
        .when(cancelled)
        .then(pl.lit(FINANCIAL_STATUS[False, True]))
        .when(paid)
        .then(pl.lit(FINANCIAL_STATUS[True, False]))
        .otherwise(pl.lit(FINANCIAL_STATUS[False, False])),
        "Paid at": pl.when(paid).then(created),
        "Fulfillment Status": pl.when(pl.col("status") == "fulfilled")
        .then(pl.lit(FULFILLED))
        .otherwise(pl.lit(UNFULFILLED)),
        "Fulfilled at": pl.when(pl.col("status") == "fulfilled").then(created),
        "Accepts Marketing": pl.lit("no"),
        "Currency": pl.lit("USD"),
        "Shipping Method": service_name(SERVICE_NAMES),
        **{f"Billing {field}": expr for field, expr in address.items()},
        **{f"Shipping {field}": expr for field, expr in address.items()},
        "Notes": pl.when(pl.col("order_seq") % 50 == 0).then(
            pl.lit('Leave at the back door\nGate code: 4321, "ring twice"')
        ),
        "Cancelled at": pl.when(cancelled).then(created),
        "Payment Method": pl.lit("Shopify Payments"),
        "Id": (pl.col("order_seq") + 6_634_244_000_000).cast(pl.String),
        "Risk Level": pl.lit("Low"),
        "Source": pl.lit("web"),
    }
    every_row = {
        "Name": channel_order_id("shopify"),
        "Email": pl.format("buyer{}@example.com", pl.col("order_seq")),
        "Created at": created,
        "Lineitem quantity": pl.col("quantity"),
        "Lineitem name": item_name(),
        "Lineitem price": price(),
        "Lineitem sku": pl.col("sku"),
        "Lineitem requires shipping": pl.lit("true"),
        "Lineitem taxable": pl.lit("true"),
        "Lineitem fulfillment status": pl.lit("pending"),
        "Vendor": pl.lit("Demo Goods"),
    }
    first = is_first_line()
    filled = every_row | {name: pl.when(first).then(expr) for name, expr in order_level.items()}
    # Shopify cuts a large export at a row count, even inside an order (read back whole)
    frame = lines.with_columns(_file=pl.int_range(pl.len()) // SHOPIFY_MAX_ROWS_PER_FILE)
    parts = frame.partition_by("_file", maintain_order=True, include_key=False)
    paths = []
    for number, part in enumerate(parts, start=1):
        name = "orders_export.csv" if len(parts) == 1 else f"orders_export_{number}.csv"
        path = folder / name
        part.select(filled_header(ORDERS_EXPORT.columns, filled)).write_csv(path)
        paths.append(path)
    return paths
