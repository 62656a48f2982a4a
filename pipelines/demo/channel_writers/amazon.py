"""Amazon order reports: open orders in the Unshipped Orders report, cancelled and FBA orders in
the All Orders report (which has no recipient name or street); tab-separated, never quoted,
and in Windows-1252 on some seeds, as EU and MX reports come."""

from pathlib import Path

import polars as pl

from contracts.channel_formats.amazon import (
    ALL_ORDERS,
    CANCELLED_STATUSES,
    FULFILLED_BY_AMAZON,
    MERCHANT_FULFILLED,
    NEW_ORDERS,
    SERVICE_NAMES,
    SHIPPED,
    TIMESTAMPS,
    UNSHIPPED,
)
from pipelines.demo.channel_writers.columns import (
    filled_header,
    item_name,
    line_price,
    placed_at_as,
    service_name,
)
from pipelines.demo.channel_writers.ids import channel_order_id

MARKETPLACE_UTC_OFFSETS = (0, -7)
"""By seed: SP-API reports in UTC, US Seller Central downloads in Pacific time."""
OPEN_ORDER_REPORTS = (UNSHIPPED, NEW_ORDERS)
"""By seed, the report the open orders come in: the Unshipped report (no prices), or the order
report with `item-price` and `currency` that a seller who ships abroad lands for customs."""


def write_amazon(lines: pl.DataFrame, folder: Path, seed: int) -> list[Path]:
    hours = MARKETPLACE_UTC_OFFSETS[seed % len(MARKETPLACE_UTC_OFFSETS)]
    purchase = placed_at_as(TIMESTAMPS.written, utc_offset_hours=hours)
    common = {
        "purchase-date": purchase,
        "sku": pl.col("sku"),
        "product-name": item_name(),
        "ship-service-level": service_name(SERVICE_NAMES),
        "ship-city": pl.col("ship_city"),
        "ship-state": pl.col("ship_region"),
        "ship-postal-code": pl.col("ship_postal_code"),
        "ship-country": pl.col("ship_country"),
        "is-business-order": pl.lit("false"),
    }
    unshipped = {
        **common,
        "order-id": channel_order_id("amazon"),
        "order-item-id": (pl.col("order_seq") * 100 + pl.col("line_no") + 10_000_000_000_000).cast(
            pl.String
        ),
        "payments-date": pl.when(pl.col("is_paid")).then(purchase),
        "reporting-date": purchase,
        "promise-date": purchase,
        "days-past-promise": pl.lit("-2"),
        "buyer-email": pl.format("b{}@marketplace.amazon.com", pl.col("order_seq")),
        "buyer-name": pl.col("ship_name"),
        "quantity-purchased": pl.col("quantity"),
        "quantity-shipped": pl.lit("0"),
        "quantity-to-ship": pl.col("quantity"),
        "recipient-name": pl.col("ship_name"),
        "ship-address-1": pl.col("ship_address1"),
        "ship-address-2": pl.col("ship_address2"),
        "buyer-phone-number": pl.col("ship_phone"),
        "ship-phone-number": pl.col("ship_phone"),
        "currency": pl.lit("USD"),
        "item-price": line_price(),
    }
    fba = pl.col("status") == "fulfilled"
    shipped_or_cancelled = (
        pl.when(fba).then(pl.lit(SHIPPED)).otherwise(pl.lit(CANCELLED_STATUSES[0]))
    )
    all_orders = {
        **common,
        "amazon-order-id": channel_order_id("amazon"),
        "last-updated-date": purchase,
        "order-status": shipped_or_cancelled,
        "fulfillment-channel": pl.when(fba)
        .then(pl.lit(FULFILLED_BY_AMAZON[0]))
        .otherwise(pl.lit(MERCHANT_FULFILLED)),
        "sales-channel": pl.lit("Amazon.com"),
        "item-status": shipped_or_cancelled,
        "quantity": pl.col("quantity"),
        "currency": pl.lit("USD"),
        "item-price": line_price(),
    }
    is_open = pl.col("status") == "open"
    open_report = OPEN_ORDER_REPORTS[seed % len(OPEN_ORDER_REPORTS)]
    reports = [
        ("unshipped_orders.txt", lines.filter(is_open), open_report.columns, unshipped),
        ("all_orders.txt", lines.filter(~is_open), ALL_ORDERS.columns, all_orders),
    ]
    paths = []
    for name, part, header, filled in reports:
        if part.is_empty():
            continue
        text = part.select(filled_header(header, filled)).write_csv(
            separator=UNSHIPPED.separator, quote_style="never"
        )
        path = folder / name
        path.write_bytes(_encoded(text, seed))
        paths.append(path)
    return paths


def _encoded(text: str, seed: int) -> bytes:
    """EU/MX reports come as Windows-1252: every third seed writes that, when the text allows."""
    if seed % 3 == 2:
        try:
            return text.encode("cp1252")
        except UnicodeEncodeError:
            pass
    return text.encode("utf-8")
