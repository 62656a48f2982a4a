"""The stock files each channel takes, as the channel's own upload tools name their columns.

The evidence for every header (which template, which menu) is in docs/channels.md, "Stock feeds";
the header lines are byte-equal to the copies in tests/stock_feeds/evidence/. The feeds stage
writes its files from these, and nothing else names their columns.
"""

from __future__ import annotations

from dataclasses import dataclass

FEED_CHANNELS: tuple[str, ...] = ("amazon", "shopify", "ebay", "woocommerce")
"""The channels a stock feed is written for (the generic feed has no stock file)."""


@dataclass(frozen=True)
class StockFile:
    """One file of a channel's stock feed: its name in the channel's folder and its header."""

    name: str
    columns: tuple[str, ...]
    delimiter: str


AMAZON_PRICE_QUANTITY = StockFile(
    name="stock-price-quantity.txt",
    columns=(
        "sku",
        "price",
        "minimum-seller-allowed-price",
        "maximum-seller-allowed-price",
        "quantity",
        "handling-time",
        "fulfillment-channel",
    ),
    delimiter="\t",
)
"""Seller Central's Price & Quantity file: a blank cell keeps the listing's current value."""

AMAZON_LISTINGS_FEED_NAME = "stock-listings-feed.json"
"""The same quantities as a JSON_LISTINGS_FEED document, for merchants who push through SP-API."""

AMAZON_FULFILLMENT_CHANNEL = "DEFAULT"
"""Seller-fulfilled (FBM): the only listings whose quantity the merchant's stock decides."""

SHOPIFY_INVENTORY = StockFile(
    name="stock-inventory.csv",
    columns=(
        "Handle",
        "Title",
        "Option1 Name",
        "Option1 Value",
        "Option2 Name",
        "Option2 Value",
        "Option3 Name",
        "Option3 Value",
        "SKU",
        "HS Code",
        "COO",
        "Location",
        "Bin name",
        "Incoming (not editable)",
        "Unavailable (not editable)",
        "Committed (not editable)",
        "Available (not editable)",
        "On hand (current)",
        "On hand (new)",
    ),
    delimiter=",",
)
"""Shopify's inventory import (Products → Inventory → Import): the export's rows as exported,
with `On hand (new)` filled in."""

EBAY_ACTION_DEFAULT = "SiteID=US|Country=US|Currency=USD|Version=1193|CC=UTF-8"
"""The metadata of File Exchange's first header cell; it must match the eBay account's site."""

EBAY_REVISE_QUANTITY = StockFile(
    name="stock-revise-quantity.csv",
    columns=("Action({site})", "ItemID", "CustomLabel", "Quantity", "StartPrice"),
    delimiter=",",
)
"""eBay File Exchange revise file: one `Revise` row per listing; a blank StartPrice keeps the
price."""

WOOCOMMERCE_STOCK = StockFile(
    name="stock-products.csv",
    columns=("ID", "Type", "SKU", "Name", "Parent", "In stock?", "Stock", "Backorders allowed?"),
    delimiter=",",
)
"""WooCommerce's product CSV importer with "Update existing products" ticked: rows match
existing products by SKU."""


def header_line(stock_file: StockFile, *, ebay_site: str = EBAY_ACTION_DEFAULT) -> str:
    """The header line as the channel writes it (eBay's first cell carries the account's site)."""
    return stock_file.delimiter.join(
        column.format(site=ebay_site) if column.startswith("Action(") else column
        for column in stock_file.columns
    )
