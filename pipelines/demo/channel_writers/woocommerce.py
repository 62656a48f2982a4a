"""WooCommerce plugin exports: even order numbers in SkyVerge's one-row-per-order layout (items
packed in `line_items`), odd ones in AlgolPlus's one-row-per-item layout (CRLF, every text
value quoted, a BOM on some seeds)."""

from pathlib import Path

import polars as pl

from contracts.channel_formats.woocommerce import (
    ALGOLPLUS,
    ALGOLPLUS_CURRENCY,
    ALGOLPLUS_SHIPPING_METHOD,
    ALGOLPLUS_STATUS_LABELS,
    SERVICE_NAMES,
    SKYVERGE_ORDERS,
    TIMESTAMPS,
)
from pipelines.demo.channel_writers.columns import (
    filled_header,
    first_name,
    item_name,
    last_name,
    line_price,
    placed_at_as,
    price,
    service_name,
)
from pipelines.demo.channel_writers.ids import channel_order_id

SKYVERGE_STATUS_LABELS = {slug: slug for slug in ALGOLPLUS_STATUS_LABELS}
"""SkyVerge writes the status slug itself."""
ALGOLPLUS_HEADER = (*ALGOLPLUS.columns, ALGOLPLUS_SHIPPING_METHOD, ALGOLPLUS_CURRENCY)
"""The plugin's default columns plus the shipping method and currency, as a store configures
it."""


def write_woocommerce(lines: pl.DataFrame, folder: Path, seed: int) -> list[Path]:
    """Even order numbers in the SkyVerge one-row-per-order layout, odd ones in AlgolPlus."""
    placed = placed_at_as(TIMESTAMPS.written)
    paths = []
    skyverge = lines.filter(pl.col("order_seq") % 2 == 0)
    if skyverge.height:
        paths.append(_write_skyverge(skyverge, folder, placed))
    algolplus = lines.filter(pl.col("order_seq") % 2 == 1)
    if algolplus.height:
        paths.append(_write_algolplus(algolplus, folder, placed, seed))
    return paths


def _status(labels: dict[str, str]) -> pl.Expr:
    status, paid = pl.col("status"), pl.col("is_paid")
    return (
        pl.when(status == "fulfilled")
        .then(pl.lit(labels["completed"]))
        .when((status == "cancelled") & paid)
        .then(pl.lit(labels["refunded"]))
        .when(status == "cancelled")
        .then(pl.lit(labels["cancelled"]))
        .when(paid)
        .then(pl.lit(labels["processing"]))
        .otherwise(pl.lit(labels["pending"]))
    )


def _write_skyverge(lines: pl.DataFrame, folder: Path, placed: pl.Expr) -> Path:
    item = pl.format(
        "name:Item {}|sku:{}|quantity:{}|total:{}|refunded:0.00|meta:|tax:0.00",
        pl.col("sku"),
        pl.col("sku"),
        pl.col("quantity"),
        line_price(),
    )
    orders = lines.group_by("order_seq", maintain_order=True).agg(
        pl.all().first(), line_items=item.str.join(";")
    )
    filled = {
        "order_id": channel_order_id("woocommerce"),
        "order_number": channel_order_id("woocommerce"),
        "date": placed,
        "status": _status(SKYVERGE_STATUS_LABELS),
        "order_currency": pl.lit("USD"),
        "payment_method": pl.lit("stripe"),
        "shipping_method": service_name(SERVICE_NAMES),
        "shipping_first_name": first_name(),
        "shipping_last_name": last_name(),
        "shipping_company": pl.col("ship_company"),
        "shipping_address_1": pl.col("ship_address1"),
        "shipping_address_2": pl.col("ship_address2"),
        "billing_phone": pl.col("ship_phone"),
        "shipping_postcode": pl.col("ship_postal_code"),
        "shipping_city": pl.col("ship_city"),
        "shipping_state": pl.col("ship_region"),
        "shipping_country": pl.col("ship_country"),
        "line_items": pl.col("line_items"),
        "shipping_items": pl.format("method:{}|total:5.00", service_name(SERVICE_NAMES)),
    }
    stamp = f"{folder.name.replace('-', '_')}-23_00_00"
    path = folder / f"orders-export-{stamp}.csv"
    orders.select(filled_header(SKYVERGE_ORDERS.columns, filled)).write_csv(path)
    return path


def _write_algolplus(lines: pl.DataFrame, folder: Path, placed: pl.Expr, seed: int) -> Path:
    filled = {
        "Order Number": channel_order_id("woocommerce"),
        "Order Status": _status(ALGOLPLUS_STATUS_LABELS),
        "Order Date": placed,
        "First Name (Shipping)": first_name(),
        "Last Name (Shipping)": last_name(),
        "Address 1&2 (Shipping)": pl.concat_str(
            ["ship_address1", "ship_address2"], separator=", ", ignore_nulls=True
        ),
        "City (Shipping)": pl.col("ship_city"),
        "State Code (Shipping)": pl.col("ship_region"),
        "Postcode (Shipping)": pl.col("ship_postal_code"),
        "Country Code (Shipping)": pl.col("ship_country"),
        "Phone (Billing)": pl.col("ship_phone"),
        "Item #": pl.col("line_no"),
        "SKU": pl.col("sku"),
        "Name": item_name(),
        "Quantity": pl.col("quantity"),
        "Quantity (- Refund)": pl.col("quantity"),
        "Item Cost": price(),
        ALGOLPLUS_CURRENCY: pl.lit("USD"),
        "Payment Method Title": pl.lit("Credit card"),
        ALGOLPLUS_SHIPPING_METHOD: service_name(SERVICE_NAMES),
    }
    text = lines.select(filled_header(ALGOLPLUS_HEADER, filled)).write_csv(
        line_terminator="\r\n", quote_style="non_numeric"
    )
    bom = "\ufeff" if seed % 2 == 0 else ""
    path = folder / f"orders-{folder.name}-23-00-00.csv"
    path.write_bytes((bom + text).encode("utf-8"))
    return path
