"""The files that tell each channel its confirmed packages, from oms.channel_feedback rows.

Each channel's rows become its own layout (contracts/shipment_feedback_formats.py) with the
carrier written in that channel's words. Every text cell goes through `spreadsheet_safe`: the
files are opened in spreadsheets before they are uploaded.
"""

from __future__ import annotations

from collections.abc import Callable

import polars as pl

from contracts.shipment_feedback_formats import (
    AMAZON_CARRIER_CODES,
    AMAZON_OTHER_CARRIER,
    AMAZON_SHIPPING_CONFIRMATION,
    EBAY_ADD_TRACKING,
    EBAY_CARRIER_CODES,
    FEEDBACK_FILE_OF_CHANNEL,
    GENERIC_SHIPMENT_CONFIRMATIONS,
    SHOPIFY_FULFILLMENT_CREATE,
    SHOPIFY_MATRIXIFY_ORDERS,
    SHOPIFY_TRACKING_COMPANIES,
    WOOCOMMERCE_AST_PROVIDERS,
    WOOCOMMERCE_AST_TRACKING,
    FeedbackFile,
)
from contracts.spreadsheet import spreadsheet_safe
from contracts.vocabulary import carrier_code

"""(channel, file name) -> where to write it (the output store's channel staging folder)."""


def with_files(lines: pl.DataFrame) -> pl.DataFrame:
    """Ledger rows: each line with the file that tells its channel (a channel without a file of
    its own is told through the generic file)."""
    files = {channel: spec.path for channel, spec in FEEDBACK_FILE_OF_CHANNEL.items()}
    return lines.with_columns(
        file=pl.col("channel").replace_strict(
            files, default=GENERIC_SHIPMENT_CONFIRMATIONS.path, return_dtype=pl.String
        )
    )


def _mapped(mapping: dict[str, str], default: pl.Expr | None = None) -> pl.Expr:
    """The carrier in a channel's words; a carrier the channel does not list by default as given."""
    return carrier_code(pl.col("carrier")).replace_strict(
        mapping, default=pl.col("carrier") if default is None else default, return_dtype=pl.String
    )


def amazon_rows(lines: pl.DataFrame) -> pl.DataFrame:
    """One row per order item and package; carrier-name only beside carrier-code `Other`."""
    code = _mapped(AMAZON_CARRIER_CODES, pl.lit(AMAZON_OTHER_CARRIER))
    return lines.select(
        pl.col("channel_order_id").alias("order-id"),
        pl.col("channel_line_id").alias("order-item-id"),
        pl.col("quantity").cast(pl.String).alias("quantity"),
        pl.col("ship_date").dt.strftime("%Y-%m-%d").alias("ship-date"),
        code.alias("carrier-code"),
        pl.when(code == AMAZON_OTHER_CARRIER).then(pl.col("carrier")).alias("carrier-name"),
        pl.col("tracking_number").alias("tracking-number"),
        pl.col("service").alias("ship-method"),
    )


def ebay_rows(lines: pl.DataFrame) -> pl.DataFrame:
    """One row per order line and tracking number (packages of one shipment share theirs)."""
    return lines.select(
        pl.lit("Shipped").alias("Shipping Status"),
        pl.col("channel_order_id").alias("Order Number"),
        pl.lit(None, pl.String).alias("Item Number"),
        pl.lit(None, pl.String).alias("Item Title"),
        pl.col("sku").alias("Custom Label"),
        pl.col("channel_line_id").alias("Transaction ID"),
        _mapped(EBAY_CARRIER_CODES).alias("Shipping Carrier Used"),
        pl.col("tracking_number").alias("Tracking Number"),
    ).unique(maintain_order=True)


def shopify_rows(lines: pl.DataFrame) -> pl.DataFrame:
    """One `Fulfillment Line` row per order and tracking number (a shipment)."""
    return lines.select(
        pl.col("channel_order_id").alias("Name"),
        pl.lit("UPDATE").alias("Command"),
        pl.lit("Fulfillment Line").alias("Line: Type"),
        pl.lit("success").alias("Fulfillment: Status"),
        _mapped(SHOPIFY_TRACKING_COMPANIES).alias("Fulfillment: Tracking Company"),
        pl.lit(None, pl.String).alias("Fulfillment: Location"),
        pl.col("tracking_number").alias("Fulfillment: Tracking Number"),
        pl.lit(None, pl.String).alias("Fulfillment: Tracking URL"),
        pl.lit("TRUE").alias("Fulfillment: Send Receipt"),
    ).unique(maintain_order=True)


def shopify_fulfillment_inputs(lines: pl.DataFrame) -> pl.DataFrame:
    """One `fulfillmentCreate` input per shipment: tracking, and its lines by SKU and quantity,
    for the pusher to match to the order's fulfillment order line items (their ids are in no
    export)."""
    return (
        lines.group_by(
            "channel_order_id", "shipment_id", "carrier", "tracking_number", maintain_order=True
        )
        .agg(pl.struct("sku", "quantity").alias("lineItemsBySku"))
        .select(
            pl.col("channel_order_id").alias("orderName"),
            pl.col("shipment_id").alias("shipmentId"),
            pl.struct(
                pl.lit(True).alias("notifyCustomer"),
                pl.struct(
                    _mapped(SHOPIFY_TRACKING_COMPANIES).alias("company"),
                    pl.col("tracking_number").alias("number"),
                ).alias("trackingInfo"),
            ).alias("fulfillment"),
            "lineItemsBySku",
        )
    )


def woocommerce_rows(lines: pl.DataFrame) -> pl.DataFrame:
    """One row per order and tracking number; status_shipped 1 (Completed, the customer is
    emailed) once the order is told in full, else 2 (Partially Shipped)."""
    return lines.select(
        pl.col("channel_order_id").alias("order_id"),
        _mapped(WOOCOMMERCE_AST_PROVIDERS).alias("tracking_provider"),
        pl.col("tracking_number").alias("tracking_number"),
        pl.col("ship_date").dt.strftime("%d-%m-%Y").alias("date_shipped"),
        pl.when(pl.col("order_complete"))
        .then(pl.lit("1"))
        .otherwise(pl.lit("2"))
        .alias("status_shipped"),
    ).unique(maintain_order=True)


def generic_rows(lines: pl.DataFrame) -> pl.DataFrame:
    """The ledger's own columns, one row per package and order line."""
    return lines.select(
        pl.col(column).cast(pl.String) for column in GENERIC_SHIPMENT_CONFIRMATIONS.header
    ).with_columns(pl.col("order_complete").str.to_lowercase())


ROWS_OF: dict[FeedbackFile, Callable[[pl.DataFrame], pl.DataFrame]] = {
    AMAZON_SHIPPING_CONFIRMATION: amazon_rows,
    EBAY_ADD_TRACKING: ebay_rows,
    SHOPIFY_MATRIXIFY_ORDERS: shopify_rows,
    WOOCOMMERCE_AST_TRACKING: woocommerce_rows,
    GENERIC_SHIPMENT_CONFIRMATIONS: generic_rows,
}


def table_bytes(spec: FeedbackFile, rows: pl.DataFrame) -> bytes:
    """A delimited file with the channel's header as it writes it and spreadsheet-safe cells."""
    if tuple(rows.columns) != spec.header:
        raise ValueError(f"{spec.name}: columns {rows.columns} are not the channel's header")
    return (
        spreadsheet_safe(rows)
        .write_csv(separator=spec.delimiter, quote_style="necessary", line_terminator="\n")
        .encode("utf-8")
    )


def channel_files(ledger: pl.DataFrame) -> dict[FeedbackFile, tuple[bytes, int]]:
    """Each channel's file(s) for the ledger rows it holds, with their row counts; a channel
    with none gets no file."""
    files: dict[FeedbackFile, tuple[bytes, int]] = {}
    for spec, rows_of in ROWS_OF.items():
        lines = ledger.filter(pl.col("file") == spec.path)
        if not lines.height:
            continue
        rows = rows_of(lines)
        files[spec] = (table_bytes(spec, rows), rows.height)
        if spec is SHOPIFY_MATRIXIFY_ORDERS:
            inputs = shopify_fulfillment_inputs(lines)
            files[SHOPIFY_FULFILLMENT_CREATE] = (
                inputs.write_ndjson().encode("utf-8"),
                inputs.height,
            )
    return files
