"""What each channel is offered: its share of ATP less its buffer, per listing or location."""

from __future__ import annotations

import polars as pl
import pytest

from resources.policies import StockFeedSettings
from tests.stock_feeds.frames import EBAY_ITEM, NO_RULES, offers, shopify_row


def sellable(frame: pl.DataFrame, channel: str) -> dict[tuple[str, str | None], int]:
    rows = frame.filter(pl.col("channel") == channel)
    return {
        (r["sku"], r["listing"] or r["location"]): r["sellable"] for r in rows.iter_rows(named=True)
    }


def test_by_default_every_channel_is_offered_all_of_atp_over_every_warehouse():
    result = offers(listing_rows=[("ebay", EBAY_ITEM, "SKU-1")]).offers
    expected = {("SKU-1", None): 15, ("SKU-2", None): 0, ("SKU-3", None): 0}
    assert sellable(result, "amazon") == expected
    assert sellable(result, "woocommerce") == expected
    assert sellable(result, "ebay") == {("SKU-1", EBAY_ITEM): 15}
    assert result["atp"].to_list() == [15, 0, 0, 15, 15, 0, 0]


def test_a_share_is_rounded_down_and_the_buffer_taken_off_after_it():
    rules = NO_RULES | {"amazon": (80, 2), "woocommerce": (100, 20)}
    result = offers(rules=rules).offers
    assert sellable(result, "amazon")[("SKU-1", None)] == 10  # floor(15 x 0.8) - 2
    assert sellable(result, "woocommerce")[("SKU-1", None)] == 0  # never negative


def test_a_sku_sold_under_two_listings_has_its_quantity_split_between_them():
    second = "255381881799"
    result = offers(listing_rows=[("ebay", EBAY_ITEM, "SKU-1"), ("ebay", second, "SKU-1")]).offers
    assert sellable(result, "ebay") == {("SKU-1", second): 7, ("SKU-1", EBAY_ITEM): 8}


def test_amazon_gets_the_seller_sku_a_listing_row_names_and_ignores_asins():
    result = offers(
        listing_rows=[("amazon", "AMZ-TEE-1", "SKU-1"), ("Amazon", "B0ABCDEFGH", "SKU-2")]
    ).offers
    assert sellable(result, "amazon") == {
        ("SKU-1", "AMZ-TEE-1"): 15,
        ("SKU-2", None): 0,
        ("SKU-3", None): 0,
    }


def test_a_shopify_location_is_offered_the_atp_of_the_warehouse_it_names():
    result = offers(export_rows=[shopify_row("SKU-1", "east"), shopify_row("SKU-1", "WH-B")])
    assert sellable(result.offers, "shopify") == {("SKU-1", "east"): 10, ("SKU-1", "WH-B"): 5}
    assert result.rejects.is_empty()


@pytest.mark.parametrize(
    ("row", "reason"),
    [
        (shopify_row("SKU-9", "East"), "SKU SKU-9 is not in reference/skus.csv"),
        (
            shopify_row(None, "East"),
            "the variant has no SKU in Shopify: give it its catalogue SKU there",
        ),
        (
            shopify_row("SKU-1", "Pop-up"),
            "location Pop-up is not a warehouse of reference/warehouses.csv (by id or name): "
            "Shopify keeps its quantity",
        ),
        (
            shopify_row("SKU-1", "East", **{"on hand (current)": "not stocked"}),
            "SKU SKU-1 is not stocked at East in Shopify",
        ),
    ],
)
def test_a_shopify_row_no_feed_can_fill_is_rejected_saying_what_to_change(row, reason):
    result = offers(export_rows=[row])
    assert result.rejects.select("source_file", "source_row", "reason").rows() == [
        ("reference/shopify_inventory.csv", 1, reason)
    ]
    assert sellable(result.offers, "shopify") == {}


def test_an_ebay_listing_without_an_item_number_or_a_catalogue_sku_is_rejected():
    result = offers(listing_rows=[("ebay", "Black tee", "SKU-1"), ("ebay", EBAY_ITEM, "SKU-7")])
    assert result.rejects["reason"].to_list() == [
        "listing Black tee does not start with the eBay item number: write it as eBay's export "
        "does (item number, then the variation in brackets)",
        "SKU SKU-7 is not in reference/skus.csv",
    ]
    assert sellable(result.offers, "ebay") == {}


def test_the_settings_refuse_a_share_above_all_of_atp_and_a_misspelt_channel():
    with pytest.raises(ValueError, match="share_percent: amazon is 120, it must be from 0 to 100"):
        StockFeedSettings(share_percent={"amazon": 120}).rules()
    with pytest.raises(ValueError, match="'amazn' is not a channel with a stock feed"):
        StockFeedSettings(buffer_units={"amazn": 2}).rules()


def test_the_default_settings_offer_every_channel_all_of_atp():
    assert StockFeedSettings().rules() == NO_RULES
