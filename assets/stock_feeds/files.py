"""Each channel's stock file, as bytes, from the rows of oms.stock_feed sent tonight.

Headers come from contracts.stock_feed_formats exactly as the channels write them; a cell left
blank keeps the channel's current value (price, handling time, names), so the files change stock
and nothing else. Text cells are made spreadsheet-safe: merchants open these files before they
upload them.
"""

from __future__ import annotations

import io
import json

import polars as pl

from contracts.spreadsheet import spreadsheet_safe
from contracts.stock_feed_formats import (
    AMAZON_FULFILLMENT_CHANNEL,
    AMAZON_PRICE_QUANTITY,
    EBAY_REVISE_QUANTITY,
    SHOPIFY_INVENTORY,
    WOOCOMMERCE_STOCK,
    StockFile,
    header_line,
)

EXPORT_COLUMN = {column: column.lower() for column in SHOPIFY_INVENTORY.columns}
"""Shopify's columns as the reference reader names them (lower case)."""


def _table(stock_file: StockFile, rows: pl.DataFrame, header: str) -> bytes:
    """The header line, then the rows (their columns in file order), one line each."""
    body = io.BytesIO()
    spreadsheet_safe(rows).write_csv(
        body,
        include_header=False,
        separator=stock_file.delimiter,
        quote_style="necessary",
        line_terminator="\n",
    )
    return f"{header}\n".encode() + body.getvalue()


def _blank() -> pl.Expr:
    return pl.lit(None, pl.String)


def _channel_sku() -> pl.Expr:
    """The SKU as the channel knows it: its listing where it renames the catalogue SKU."""
    return pl.coalesce("listing", "sku")


def amazon_price_quantity(sent: pl.DataFrame) -> bytes:
    """Price & Quantity flat file: quantity for seller-fulfilled listings, price left as is."""
    rows = sent.select(
        _channel_sku().alias("sku"),
        *(_blank().alias(name) for name in AMAZON_PRICE_QUANTITY.columns[1:4]),
        pl.col("sellable").alias("quantity"),
        _blank().alias("handling-time"),
        pl.lit(AMAZON_FULFILLMENT_CHANNEL).alias("fulfillment-channel"),
    )
    return _table(AMAZON_PRICE_QUANTITY, rows, header_line(AMAZON_PRICE_QUANTITY))


def amazon_listings_feed(sent: pl.DataFrame, seller_id: str) -> bytes:
    """The same quantities as a JSON_LISTINGS_FEED document: one PATCH message per SKU that
    merges `fulfillment_availability` (SP-API no longer takes flat-file listings feeds)."""
    messages = [
        {
            "messageId": number,
            "sku": sku,
            "operationType": "PATCH",
            "productType": "PRODUCT",
            "patches": [
                {
                    "op": "merge",
                    "path": "/attributes/fulfillment_availability",
                    "value": [
                        {"fulfillment_channel_code": AMAZON_FULFILLMENT_CHANNEL, "quantity": units}
                    ],
                }
            ],
        }
        for number, (sku, units) in enumerate(
            sent.select(_channel_sku(), "sellable").iter_rows(), start=1
        )
    ]
    document = {
        "header": {"sellerId": seller_id, "version": "2.0", "issueLocale": "en_US"},
        "messages": messages,
    }
    return (json.dumps(document, indent=1, ensure_ascii=False) + "\n").encode()


def shopify_inventory(sent: pl.DataFrame, export_rows: pl.DataFrame) -> bytes:
    """Inventory import: each sent row's export row as exported, `On hand (new)` = sellable +
    committed + unavailable, so that Shopify's Available (on hand - committed - unavailable)
    is the sellable quantity; `On hand (current)` stays as exported, so Shopify skips a row
    whose stock moved since the export."""
    rows = sent.select("sku", "location", "sellable").join(
        export_rows, on=["sku", "location"], how="inner"
    )
    columns = [
        (pl.col("sellable") + pl.col("held_by_shopify")).cast(pl.String).alias(column)
        if column == "On hand (new)"
        else pl.col(EXPORT_COLUMN[column]).alias(column)
        for column in SHOPIFY_INVENTORY.columns
    ]
    return _table(SHOPIFY_INVENTORY, rows.select(columns), header_line(SHOPIFY_INVENTORY))


def ebay_revise_quantity(sent: pl.DataFrame, site: str) -> bytes:
    """File Exchange revise file: `Revise`, the item number, the SKU (a variation's custom
    label), the quantity; StartPrice blank keeps the price."""
    rows = sent.select(
        pl.lit("Revise").alias("Action"),
        pl.col("listing").str.extract(r"^([0-9]+)").alias("ItemID"),
        pl.col("sku").alias("CustomLabel"),
        pl.col("sellable").alias("Quantity"),
        _blank().alias("StartPrice"),
    )
    return _table(EBAY_REVISE_QUANTITY, rows, header_line(EBAY_REVISE_QUANTITY, ebay_site=site))


def woocommerce_stock(sent: pl.DataFrame) -> bytes:
    """Product CSV importer rows matched by SKU: `In stock?` always written (a stock of 0
    once turned products to backorder), `Stock` the sellable quantity, the rest blank."""
    rows = sent.select(
        _blank().alias("ID"),
        _blank().alias("Type"),
        pl.col("sku").alias("SKU"),
        _blank().alias("Name"),
        _blank().alias("Parent"),
        (pl.col("sellable") > 0).cast(pl.Int64).alias("In stock?"),
        pl.col("sellable").alias("Stock"),
        _blank().alias("Backorders allowed?"),
    )
    return _table(WOOCOMMERCE_STOCK, rows, header_line(WOOCOMMERCE_STOCK))
