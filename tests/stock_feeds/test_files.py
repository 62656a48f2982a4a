"""Each written stock file, read back by a reader built from the evidence, says the quantities
the feed offered; its header line is the channel's, byte for byte."""

from __future__ import annotations

import polars as pl
import pytest

from assets.stock_feeds.files import (
    amazon_listings_feed,
    amazon_price_quantity,
    ebay_revise_quantity,
    shopify_inventory,
    woocommerce_stock,
)
from assets.stock_feeds.offers import shopify_export_rows
from contracts.stock_feed_formats import EBAY_ACTION_DEFAULT
from tests.stock_feeds import frames
from tests.stock_feeds.channel_readers import evidence_header, read_listings_feed, read_rows

EXPORT_ROWS = (
    frames.shopify_row("SKU-1", "East", **{"option1 name": "Size", "option1 value": "M"}),
    frames.shopify_row(
        "SKU-1", "West", **{"committed (not editable)": "0", "on hand (current)": "4"}
    ),
)
LISTING_ROWS = (("ebay", frames.EBAY_ITEM, "SKU-1"), ("amazon", "AMZ-TEE-1", "SKU-1"))


def offered(channel: str) -> pl.DataFrame:
    """Tonight's offers of one channel, every one sent (a full feed)."""
    offers = frames.offers(listing_rows=LISTING_ROWS, export_rows=EXPORT_ROWS).offers
    return offers.filter(pl.col("channel") == channel)


def written(channel: str, sent: pl.DataFrame) -> bytes:
    if channel == "amazon":
        return amazon_price_quantity(sent)
    if channel == "shopify":
        export = frames.shopify_export(*EXPORT_ROWS)
        return shopify_inventory(
            sent, shopify_export_rows(export, frames.CATALOGUE, frames.WAREHOUSES)[0]
        )
    if channel == "ebay":
        return ebay_revise_quantity(sent, EBAY_ACTION_DEFAULT)
    return woocommerce_stock(sent)


@pytest.mark.parametrize("channel", ["amazon", "shopify", "ebay", "woocommerce"])
def test_a_stock_file_with_nothing_to_tell_is_the_channels_header_alone(channel):
    assert written(channel, offered(channel).clear()) == evidence_header(channel)


def test_the_amazon_price_and_quantity_file_sets_quantities_and_keeps_prices():
    rows = read_rows("amazon", written("amazon", offered("amazon")))
    assert [(r["sku"], r["quantity"], r["fulfillment-channel"]) for r in rows] == [
        ("AMZ-TEE-1", "15", "DEFAULT"),
        ("SKU-2", "0", "DEFAULT"),
        ("SKU-3", "0", "DEFAULT"),
    ]
    assert {r["price"] for r in rows} == {""}


def test_the_amazon_listings_feed_patches_the_same_quantities():
    sent = offered("amazon")
    assert read_listings_feed(amazon_listings_feed(sent, "A1SELLER")) == {
        "AMZ-TEE-1": 15,
        "SKU-2": 0,
        "SKU-3": 0,
    }


def test_the_shopify_file_keeps_the_export_and_sets_on_hand_so_available_is_the_atp():
    rows = read_rows("shopify", written("shopify", offered("shopify")))
    by_location = {r["Location"]: r for r in rows}
    east, west = by_location["East"], by_location["West"]
    assert (east["On hand (current)"], east["On hand (new)"]) == ("10", "13")  # 10 + 2 + 1
    assert (west["On hand (current)"], west["On hand (new)"]) == ("4", "6")  # 5 + 0 + 1
    assert (east["Handle"], east["Option1 Name"], east["Option1 Value"]) == ("my-tee", "Size", "M")
    available = {
        loc: int(r["On hand (new)"])
        - int(r["Committed (not editable)"])
        - int(r["Unavailable (not editable)"])
        for loc, r in by_location.items()
    }
    assert available == {"East": 10, "West": 5}  # each warehouse's ATP


def test_the_ebay_file_revises_each_item_quantity_and_keeps_its_price():
    rows = read_rows("ebay", written("ebay", offered("ebay")))
    action = evidence_header("ebay").decode().split(",")[0]
    assert rows == [
        {
            action: "Revise",
            "ItemID": "255381881760",
            "CustomLabel": "SKU-1",
            "Quantity": "15",
            "StartPrice": "",
        }
    ]


def test_the_woocommerce_file_always_says_whether_a_product_is_in_stock():
    rows = read_rows("woocommerce", written("woocommerce", offered("woocommerce")))
    assert [(r["SKU"], r["In stock?"], r["Stock"]) for r in rows] == [
        ("SKU-1", "1", "15"),
        ("SKU-2", "0", "0"),
        ("SKU-3", "0", "0"),
    ]


def test_a_sku_that_starts_like_a_formula_is_written_as_text():
    sent = offered("woocommerce").head(1).with_columns(sku=pl.lit('=HYPERLINK("x")'))
    (row,) = read_rows("woocommerce", written("woocommerce", sent))
    assert row["SKU"] == '\'=HYPERLINK("x")'


def test_the_ebay_header_names_the_accounts_site():
    uk = "SiteID=UK|Country=GB|Currency=GBP|Version=1193|CC=UTF-8"
    content = ebay_revise_quantity(offered("ebay").clear(), uk)
    assert content == f"Action({uk}),ItemID,CustomLabel,Quantity,StartPrice\n".encode()
