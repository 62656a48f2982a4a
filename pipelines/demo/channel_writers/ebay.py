"""eBay Seller Hub "Orders" report: a blank or `,,,` preamble line, a summary row before the
item rows of a multi-item order, a `record(s) downloaded` footer, country names rather than
codes, and item titles with unescaped inch marks."""

from pathlib import Path

import polars as pl

from contracts.channel_formats.ebay import (
    CANCELLED,
    COLUMNS,
    HEADER_LINE,
    ORDER_STATUS,
    ORDERS_REPORT,
    SERVICE_NAMES,
)
from contracts.countries import country_names
from pipelines.demo.channel_writers.columns import (
    filled_header,
    is_first_line,
    placed_at_as,
    price,
    service_name,
)
from pipelines.demo.channel_writers.ids import channel_order_id


def _money(amount: pl.Expr) -> pl.Expr:
    return pl.format("${}", amount)


def write_ebay(lines: pl.DataFrame, folder: Path, seed: int) -> list[Path]:
    seq = pl.col("order_seq")
    lines = lines.with_columns(
        _items=pl.len().over("order_seq"), _order_number=channel_order_id("ebay")
    )
    sale_date = placed_at_as(ORDERS_REPORT.placed_at.written)
    order_level = {
        "Sales Record Number": seq.cast(pl.String),
        "Order Number": pl.col("_order_number"),
        "Buyer Username": pl.format("buyer_{}", seq),
        "Buyer Name": pl.col("ship_name"),
        "Ship To Name": pl.col("ship_name"),
        "Ship To Phone": pl.col("ship_phone"),
        "Ship To Address 1": pl.col("ship_address1"),
        "Ship To Address 2": pl.col("ship_address2"),
        "Ship To City": pl.col("ship_city"),
        "Ship To State": pl.col("ship_region"),
        "Ship To Zip": pl.col("ship_postal_code"),
        "Ship To Country": pl.col("ship_country").replace_strict(
            country_names(), default=pl.col("ship_country")
        ),
        "Sale Date": sale_date,
        "Paid On Date": pl.when(pl.col("is_paid")).then(sale_date),
        "Shipped On Date": pl.when(pl.col("status") == "fulfilled").then(sale_date),
        "Shipping Service": service_name(SERVICE_NAMES),
        "Payment Method": pl.lit("PayPal"),
        "Total Price": _money(price()),
    }
    item_level = {
        "Sales Record Number": seq.cast(pl.String),
        "Order Number": pl.col("_order_number"),
        "Item Number": (110_000_000_000 + seq * 10 + pl.col("line_no")).cast(pl.String),
        "Item Title": pl.format('Item {} 12" model', pl.col("sku")),
        "Custom Label": pl.col("sku"),
        "Quantity": pl.col("quantity"),
        "Sold For": _money(price()),
        "Transaction ID": (2_000_000_000_000 + seq * 10 + pl.col("line_no")).cast(pl.String),
    }
    columns, header = COLUMNS, HEADER_LINE
    if lines.filter(pl.col("status") == "cancelled").height:
        # appended by newer exports; written only when needed
        columns, header = (*COLUMNS, ORDER_STATUS), f'{HEADER_LINE},"{ORDER_STATUS}"'
        order_level[ORDER_STATUS] = pl.when(pl.col("status") == "cancelled").then(pl.lit(CANCELLED))
    single = lines.filter(pl.col("_items") == 1).select(
        seq, pl.col("line_no"), *filled_header(columns, order_level | item_level)
    )
    multi = lines.filter(pl.col("_items") > 1)
    summary = multi.filter(is_first_line()).select(
        seq,
        pl.lit(0, dtype=pl.Int64).alias("line_no"),
        *filled_header(columns, order_level | {"Quantity": pl.col("_items")}),
    )
    items = multi.select(seq, pl.col("line_no"), *filled_header(columns, item_level))
    rows = (
        pl.concat([single, summary, items.cast({"line_no": pl.Int64})], how="vertical_relaxed")
        .sort("order_seq", "line_no")
        .drop("order_seq", "line_no")
    )
    preamble = "\n" if seed % 2 == 0 else "," * (len(columns) - 1) + "\n"
    footer = f"\n{rows.height} record(s) downloaded\nSeller ID : demo_seller\n"
    body = rows.write_csv(include_header=False)
    path = folder / f"eBay-OrdersReport-{folder.name}.csv"
    path.write_text(preamble + header + "\n" + body + footer, encoding="utf-8")
    return [path]
