"""Reject reasons speak the merchant's language: rows as they count them in the file, channel
names as the channels write them, and English articles."""

import pytest

from tests.ingest.conftest import Landing, OrderBook, generic_header

HEADER = generic_header("channel_line_id") + "\n"
GOOD = "G-1,2026-09-17T10:00:00Z,standard,Ava,1 Main St,Boston,MA,02134,US,MUG-BLU,1,L1\n"


def _file_reject(landing: Landing, channel: str, content: str) -> str:
    result = OrderBook().apply(landing.read([landing.put(channel, "export.csv", content)]))
    (reject,) = result.order_rejects.to_dicts()
    assert reject["source_row"] is None
    return reject["reason"]


def test_a_held_order_names_the_data_row_of_the_file_not_an_internal_column(
    landing: Landing,
) -> None:
    bad = GOOD.replace("MUG-BLU", "AB-12").replace(",L1", ",L2")
    batch = landing.read([landing.put("generic", "orders.csv", HEADER + GOOD + bad)])
    held = batch.rejects.filter(batch.rejects["rule"] == "order_held")["reason"][0]

    assert "line 2 of the order (data row 2 of the file, after its header)" in held
    assert "(row 2)" not in held and "source_row" not in held


@pytest.mark.parametrize(
    ("channel", "named"),
    [("ebay", "an eBay export"), ("amazon", "an Amazon export"), ("shopify", "a Shopify export")],
)
def test_a_file_of_another_layout_is_named_with_the_channels_name_and_article(
    landing: Landing, channel: str, named: str
) -> None:
    separator = "\t" if channel == "amazon" else ","
    reason = _file_reject(landing, channel, f"colour{separator}size\nred{separator}M\n")

    assert f"this layout is not supported: {named} is one of" in reason
    assert " a ebay" not in reason and " a amazon" not in reason
    assert "colour" not in reason  # a first line may be a customer's data: never quoted


def test_an_unknown_layout_names_every_supported_one_and_what_the_nearest_lacks(
    landing: Landing,
) -> None:
    reason = _file_reject(landing, "ebay", "Sales Record Number,Buyer,Sale Date\n1,Ann,Jan-18-16\n")

    assert "eBay Seller Hub Orders report (Sales Record Number, Order Number" in reason
    assert "eBay Selling Manager Sales History (Sales Record Number, User Id" in reason
    assert "the nearest, eBay Seller Hub Orders report, lacks Order Number, Quantity" in reason
    assert "Ann" not in reason


def test_a_file_that_looks_like_another_channel_says_so_with_the_right_article(
    landing: Landing,
) -> None:
    header = "Sales Record Number,Order Number,Quantity,Sale Date\n"
    reason = _file_reject(landing, "shopify", header + "1,12-34567-89012,1,Sep-17-26\n")

    assert "looks like an eBay Seller Hub Orders report (ebay)" in reason
    assert "landed in the shopify folder" in reason


def test_a_file_split_by_another_delimiter_names_the_channel_with_the_right_article(
    landing: Landing,
) -> None:
    reason = _file_reject(landing, "ebay", "Order Number;Buyer;Item\n1;Ann;Mug\n")

    assert "an eBay export file is comma-separated" in reason
