"""Orders and lines the warehouse will never ship are recorded with their status, not rejected.

A gift voucher the shop already fulfilled, an order refunded before it shipped, a store-pickup
order, a line the shop has fulfilled itself: the channel says none of them will leave our
warehouse, so they need no ship-to address and no catalogue SKU, and they must never be
allocated (issue 14 item 5; docs/inputs.md "status").
"""

from __future__ import annotations

import csv
import io
from datetime import date, timedelta

import polars as pl

from contracts.channel_formats.shopify import COLUMNS as SHOPIFY_COLUMNS
from tests.ingest.conftest import NIGHT, Landing, OrderBook, generic_header

CREATED = "2026-09-17 09:55:16 -0400"
SHIP_TO = {
    "Shipping Name": "Ava Smith",
    "Shipping Address1": "200 Rideau St",
    "Shipping City": "Boston",
    "Shipping Zip": "'02134",
    "Shipping Province": "MA",
    "Shipping Country": "US",
}
NO_SHIP_TO = dict.fromkeys(SHIP_TO, "")


def shopify(*rows: dict[str, str]) -> str:
    """A Shopify "Export orders" file with the rows given (other columns empty)."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=SHOPIFY_COLUMNS, lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow(row)
    return out.getvalue()


def order_row(name: str, **fields: str) -> dict[str, str]:
    """The first row of an order: paid, unfulfilled, standard shipping to Boston, one mug."""
    return {
        "Name": name,
        "Financial Status": "paid",
        "Paid at": CREATED,
        "Fulfillment Status": "unfulfilled",
        "Shipping Method": "Standard Shipping",
        "Created at": CREATED,
        **SHIP_TO,
        **line_row(name),
        **fields,
    }


def line_row(name: str, **fields: str) -> dict[str, str]:
    """A continuation row: one line of the order, order fields empty as Shopify leaves them."""
    return {
        "Name": name,
        "Created at": CREATED,
        "Lineitem quantity": "1",
        "Lineitem name": "Blue mug",
        "Lineitem sku": "MUG-BLU",
        "Lineitem requires shipping": "true",
        "Lineitem fulfillment status": "pending",
        **fields,
    }


GIFT_VOUCHER = {
    "Lineitem name": "Gift Voucher - R 500.00",
    "Lineitem sku": "GiftVoucherR50000",  # not in the catalogue: it is not stock
    "Lineitem requires shipping": "false",
}


def _night(landing: Landing, content: str, book: OrderBook | None = None, day: date = NIGHT):
    batch = landing.read([landing.put("shopify", "orders_export.csv", content, day)], day=day)
    return (book or OrderBook()).apply(batch)


def _statuses(result) -> dict[str, str]:
    """Status by order number, of a night's result or of a batch read."""
    return dict(result.orders.select("channel_order_id", "status").rows())


def _line_statuses(result, order: str) -> list[tuple[str | None, str]]:
    lines = result.order_lines.filter(pl.col("channel_order_id") == order).sort("line_no")
    return lines.select("sku", "line_status").rows()


def test_a_fulfilled_gift_voucher_without_ship_to_is_recorded_not_rejected(
    landing: Landing,
) -> None:
    voucher = order_row(
        "#13562", **NO_SHIP_TO, **GIFT_VOUCHER, **{"Shipping Method": ""},
        **{"Fulfillment Status": "fulfilled", "Lineitem fulfillment status": "fulfilled"},
    )  # fmt: skip
    result = _night(landing, shopify(voucher))
    assert result.order_rejects.select("rule", "reason").rows() == []
    assert _statuses(result) == {"#13562": "fulfilled_by_channel"}
    assert _line_statuses(result, "#13562") == [("GiftVoucherR50000", "fulfilled_by_channel")]
    assert result.orders["ship_country"].to_list() == [None]


def test_an_unfulfilled_order_of_only_gift_cards_is_digital_and_needs_no_address_or_sku(
    landing: Landing,
) -> None:
    card = order_row("#2001", **NO_SHIP_TO, **{**GIFT_VOUCHER, "Lineitem sku": ""})
    result = _night(landing, shopify(card))
    assert result.order_rejects.select("rule", "reason").rows() == []
    assert _statuses(result) == {"#2001": "digital"}
    assert _line_statuses(result, "#2001") == [(None, "digital")]


def test_a_gift_card_beside_a_parcel_is_recorded_and_only_the_parcel_needs_a_sku(
    landing: Landing,
) -> None:
    content = shopify(
        order_row("#2002"),
        line_row("#2002", **{**GIFT_VOUCHER, "Lineitem sku": ""}),
    )
    result = _night(landing, content)
    assert result.order_rejects.select("rule", "reason").rows() == []
    assert _statuses(result) == {"#2002": "open"}
    assert _line_statuses(result, "#2002") == [("MUG-BLU", "open"), (None, "digital")]


def test_a_parcel_line_still_needs_a_catalogue_sku(landing: Landing) -> None:
    content = shopify(
        order_row("#2003"),
        line_row("#2003", **{**GIFT_VOUCHER, "Lineitem sku": ""}),
        line_row("#2003", **{"Lineitem sku": "NOT-IN-CATALOGUE"}),
    )
    result = _night(landing, content)
    assert result.order_rejects.select("source_row", "rule").rows() == [
        (1, "order_held"),
        (2, "order_held"),
        (3, "unknown_sku"),
    ]


def test_an_order_to_ship_still_needs_its_ship_to(landing: Landing) -> None:
    result = _night(landing, shopify(order_row("#2004", **NO_SHIP_TO)))
    assert result.order_rejects["rule"].to_list() == ["unknown_country"]


def test_a_store_pickup_order_is_recorded_as_store_pickup_and_needs_no_address(
    landing: Landing,
) -> None:
    pickup = order_row(
        "#13543", **NO_SHIP_TO,
        **{"Shipping Method": "Collect from Cape Town - Greenpoint Store"},
    )  # fmt: skip
    local = order_row("#2005", **{"Shipping Method": "Local Pickup", "Shipping Zip": ""})
    result = _night(landing, shopify(pickup, local))
    assert result.order_rejects.select("rule", "reason").rows() == []
    assert _statuses(result) == {"#13543": "store_pickup", "#2005": "store_pickup"}


def test_a_pickup_order_the_shop_has_handed_over_is_fulfilled_by_channel(
    landing: Landing,
) -> None:
    handed_over = order_row(
        "#13529",
        **{
            "Shipping Method": "Collect from Cape Town - Greenpoint Store",
            "Fulfillment Status": "fulfilled",
            "Lineitem fulfillment status": "fulfilled",
        },
    )
    assert _statuses(_night(landing, shopify(handed_over))) == {"#13529": "fulfilled_by_channel"}


def test_a_refunded_order_without_ship_to_is_recorded_as_cancelled(landing: Landing) -> None:
    refunded = order_row("#2006", **NO_SHIP_TO, **{"Financial Status": "refunded"})
    result = _night(landing, shopify(refunded))
    assert result.order_rejects.select("rule", "reason").rows() == []
    assert _statuses(result) == {"#2006": "cancelled"}


def test_in_a_partly_fulfilled_order_each_line_keeps_its_own_fulfillment(
    landing: Landing,
) -> None:
    content = shopify(
        order_row(
            "#13527",
            **{"Fulfillment Status": "partial", "Lineitem fulfillment status": "fulfilled"},
        ),
        line_row("#13527", **{"Lineitem sku": "TEE-M"}),
    )
    result = _night(landing, content)
    assert _statuses(result) == {"#13527": "open"}
    assert _line_statuses(result, "#13527") == [
        ("MUG-BLU", "fulfilled_by_channel"),
        ("TEE-M", "open"),
    ]


def test_a_line_fulfilled_by_the_shop_later_makes_a_new_version(landing: Landing) -> None:
    book = OrderBook()
    first = shopify(order_row("#2007"), line_row("#2007", **{"Lineitem sku": "TEE-M"}))
    _night(landing, first, book)
    later = shopify(
        order_row(
            "#2007",
            **{"Fulfillment Status": "partial", "Lineitem fulfillment status": "fulfilled"},
        ),
        line_row("#2007", **{"Lineitem sku": "TEE-M"}),
    )
    result = _night(landing, later, book, day=NIGHT + timedelta(days=1))
    assert result.orders.select("channel_order_id", "version").rows() == [("#2007", 2)]
    assert _line_statuses(result, "#2007") == [
        ("MUG-BLU", "fulfilled_by_channel"),
        ("TEE-M", "open"),
    ]
    assert result.order_events.select("event_type", "detail").rows() == [
        ("lines_changed", "lines fulfilled by the channel 0 → 1 (of 2)")
    ]


def test_an_open_order_exported_again_unchanged_is_still_a_no_op(landing: Landing) -> None:
    book = OrderBook()
    content = shopify(order_row("#2008"), line_row("#2008", **GIFT_VOUCHER))
    _night(landing, content, book)
    again = _night(landing, content, book, day=NIGHT + timedelta(days=1))
    assert again.orders.is_empty()


WOO_HEADER = (
    "order_id,order_number,date,status,shipping_method,shipping_first_name,shipping_last_name,"
    "shipping_address_1,shipping_postcode,shipping_city,shipping_state,shipping_country,"
    "line_items,shipping_items\n"
)


def test_a_woocommerce_local_pickup_order_is_store_pickup_and_needs_no_address(
    landing: Landing,
) -> None:
    rows = (
        # the method title the store chose, and WooCommerce's own method id
        "3001,3001,2026-09-17 10:15:00,processing,Local pickup,Mary,Smith,,,,,,"
        '"name:Blue mug|sku:MUG-BLU|quantity:1",method:Local pickup\n'
        "3002,3002,2026-09-17 10:16:00,processing,Collect at our shop,Mary,Smith,,,,,,"
        '"name:Blue mug|sku:MUG-BLU|quantity:1",method_id:local_pickup|method:Collect at our shop\n'
        "3003,3003,2026-09-17 10:17:00,processing,Flat rate,Mary,Smith,12 Main St,62701,"
        'Springfield,IL,US,"name:Blue mug|sku:MUG-BLU|quantity:1",method:Flat rate\n'
    )
    batch = landing.read([landing.put("woocommerce", "export.csv", WOO_HEADER + rows)])
    assert batch.rejects.select("rule", "reason").rows() == []
    assert _statuses(batch) == {"3001": "store_pickup", "3002": "store_pickup", "3003": "open"}


AMAZON_ALL_ORDERS_HEADER = (
    "amazon-order-id\tmerchant-order-id\tpurchase-date\tlast-updated-date\torder-status\t"
    "fulfillment-channel\tsales-channel\tship-service-level\tsku\titem-status\tquantity\t"
    "ship-city\tship-state\tship-postal-code\tship-country\n"
)


def test_amazon_orders_and_items_the_merchant_shipped_already_are_not_shipped_again(
    landing: Landing,
) -> None:
    when = "2026-09-17T08:04:21+00:00\t2026-09-18T22:07:59+00:00"
    rows = (
        f"171-1\t\t{when}\tShipped\tMerchant\tAmazon.com\tStandard\tMUG-BLU\tShipped\t1\t"
        "Boston\tMA\t02134\tUS\n"
        # partly shipped: one item has left, the other is still to ship
        f"171-2\t\t{when}\tUnshipped\tMerchant\tAmazon.com\tStandard\tMUG-BLU\tShipped\t1\t"
        "Boston\tMA\t02134\tUS\n"
        f"171-2\t\t{when}\tUnshipped\tMerchant\tAmazon.com\tStandard\tTEE-M\tUnshipped\t1\t"
        "Boston\tMA\t02134\tUS\n"
    )
    content = AMAZON_ALL_ORDERS_HEADER + rows
    batch = landing.read([landing.put("amazon", "all_orders.txt", content)])
    assert batch.rejects.select("rule", "reason").rows() == []
    assert _statuses(batch) == {"171-1": "fulfilled_by_channel", "171-2": "open"}
    assert batch.lines.select("channel_order_id", "sku", "line_status").rows() == [
        ("171-1", "MUG-BLU", "fulfilled_by_channel"),
        ("171-2", "MUG-BLU", "fulfilled_by_channel"),
        ("171-2", "TEE-M", "open"),
    ]


def test_the_canonical_feed_may_say_store_pickup_or_digital(landing: Landing) -> None:
    header = generic_header("status") + "\n"
    rows = (
        "G-1,2026-09-17T10:00:00Z,standard,,,,,,,MUG-BLU,1,store_pickup\n"
        "G-2,2026-09-17T10:00:00Z,standard,,,,,,,,1,digital\n"
    )
    batch = landing.read([landing.put("generic", "orders.csv", header + rows)])
    assert batch.rejects.select("rule", "reason").rows() == []
    assert _statuses(batch) == {"G-1": "store_pickup", "G-2": "digital"}
