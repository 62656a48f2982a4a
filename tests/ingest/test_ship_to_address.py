"""Every channel's full postal address gets into the order book: name, company, both street lines,
city, region, postal code, country and phone, where the channel exports them. An address-2 edit
is an address change."""

import csv
import hashlib
import io
from datetime import timedelta

import polars as pl

from assets.ingest.reading import IngestReference
from contracts.channel_formats import amazon, shopify, woocommerce
from contracts.policy import OrderDatePolicy
from tests.ingest.conftest import FIXTURES, NIGHT, Landing, OrderBook, generic_header

REAL_EBAY = FIXTURES / "real" / "ebay" / "ebay-label-maker__sample.csv"
ADDRESS = ["ship_name", "ship_company", "ship_address1", "ship_address2", "ship_phone"]


def _csv(columns: tuple[str, ...], rows: list[dict[str, str]], delimiter: str = ",") -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(columns), delimiter=delimiter, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()


def _addresses(
    landing: Landing,
    channel: str,
    name: str,
    content: str,
    reference: IngestReference | None = None,
) -> dict[str, tuple]:
    batch = landing.read([landing.put(channel, name, content)], reference=reference)
    assert batch.rejects.is_empty(), batch.rejects.select("rule", "reason").rows()
    return {row[0]: row[1:] for row in batch.orders.select("channel_order_id", *ADDRESS).rows()}


SHOPIFY_ROW = {
    "Name": "#1001",
    "Created at": "2026-09-17 09:55:16 -0400",
    "Financial Status": "paid",
    "Lineitem quantity": "1",
    "Lineitem sku": "MUG-BLU",
    "Shipping Name": "Ava Chen",
    "Shipping Street": "200 Rideau St, Unit 703",
    "Shipping Address1": "200 Rideau St",
    "Shipping Address2": "Unit 703",
    "Shipping Company": "Chen Design",
    "Shipping City": "Ottawa",
    "Shipping Zip": "K1N 5Y1",
    "Shipping Province": "ON",
    "Shipping Country": "CA",
    "Shipping Phone": "+1 613-555-0100",
}


def test_shopify_address_2_company_and_phone_are_kept(landing: Landing) -> None:
    got = _addresses(landing, "shopify", "orders_export.csv", _csv(shopify.COLUMNS, [SHOPIFY_ROW]))
    assert got == {
        "#1001": ("Ava Chen", "Chen Design", "200 Rideau St", "Unit 703", "+1 613-555-0100")
    }


def test_shopify_street_stands_in_for_an_empty_address1_without_doubling_address_2(
    landing: Landing,
) -> None:
    row = SHOPIFY_ROW | {"Shipping Address1": "", "Shipping Address2": "Unit 703"}
    got = _addresses(landing, "shopify", "orders_export.csv", _csv(shopify.COLUMNS, [row]))
    assert got["#1001"][2:4] == ("200 Rideau St, Unit 703", None)


def test_every_address_line_of_a_real_ebay_report_is_kept_as_exported(landing: Landing) -> None:
    """Counted with Python's csv module: the Australian report puts eBay's address reference
    (`ebay:…`) in Post To Address 1 and the street in Post To Address 2; both must reach the
    label."""
    rows = list(csv.reader(io.StringIO(REAL_EBAY.read_text(encoding="utf-8-sig"))))
    header_at = next(i for i, row in enumerate(rows) if "Sales Record Number" in row)
    records = [dict(zip(rows[header_at], row, strict=False)) for row in rows[header_at + 1 :]]
    expected = {
        r["Order Number"]: (r["Post To Name"], None, r["Post To Address 1"],
                            r["Post To Address 2"] or None, r["Post To Phone"] or None)
        for r in records
        if r.get("Order Number") and r.get("Post To Name")
    }  # fmt: skip
    skus = sorted({r["Custom Label"] for r in records if r.get("Custom Label")})
    reference = IngestReference(
        skus=pl.DataFrame({"sku": skus, "description": skus}),
        order_dates=OrderDatePolicy(days_before=3650),
    )
    got = _addresses(
        landing, "ebay", "sample.csv", REAL_EBAY.read_text(encoding="utf-8-sig"), reference
    )
    assert len(expected) == 11
    assert got == expected
    assert got["04-14451-31817"][2:4] == ("ebay:dqpcbpz", "8 Gammon St,Landsdale")


def test_generic_feed_reads_the_optional_address_columns(landing: Landing) -> None:
    header = generic_header("ship_company", "ship_address2", "ship_phone")
    rows = [
        "G-1,2026-09-17T10:00:00Z,standard,Ava,1 Main St,Boston,MA,02134,US,MUG-BLU,1,"
        "Acme Inc,PO Box 532,+1 617-555-0100",
        "G-2,2026-09-17T10:00:00Z,standard,Bo,2 Main St,Boston,MA,02134,US,MUG-BLU,1,,,",
    ]
    got = _addresses(landing, "generic", "orders.csv", "\n".join([header, *rows]) + "\n")
    assert got == {
        "G-1": ("Ava", "Acme Inc", "1 Main St", "PO Box 532", "+1 617-555-0100"),
        "G-2": ("Bo", None, "2 Main St", None, None),
    }


def test_a_generic_feed_without_the_optional_columns_still_reads(landing: Landing) -> None:
    row = "G-1,2026-09-17T10:00:00Z,standard,Ava,1 Main St,Boston,MA,02134,US,MUG-BLU,1"
    got = _addresses(landing, "generic", "orders.csv", f"{generic_header()}\n{row}\n")
    assert got == {"G-1": ("Ava", None, "1 Main St", None, None)}


def test_amazon_third_address_line_joins_the_second(landing: Landing) -> None:
    row = {
        "order-id": "112-0000001-0000001",
        "order-item-id": "52336476957402",
        "purchase-date": "2026-09-17T14:18:23-07:00",
        "payments-date": "2026-09-17T14:20:00-07:00",
        "buyer-phone-number": "+1 718-555-0100",
        "sku": "MUG-BLU",
        "quantity-purchased": "1",
        "quantity-to-ship": "1",
        "ship-service-level": "Standard",
        "recipient-name": "Liam Nguyen",
        "ship-address-1": "400 Oak Ave",
        "ship-address-2": "Apt 3E",
        "ship-address-3": "c/o Front Desk",
        "ship-city": "Brooklyn",
        "ship-state": "NY",
        "ship-postal-code": "11201",
        "ship-country": "US",
    }
    content = _csv(amazon.UNSHIPPED_COLUMNS, [row], delimiter="\t")
    got = _addresses(landing, "amazon", "unshipped.txt", content)
    assert got == {
        "112-0000001-0000001": (
            "Liam Nguyen", None, "400 Oak Ave", "Apt 3E, c/o Front Desk", "+1 718-555-0100"
        )
    }  # fmt: skip


def test_woocommerce_skyverge_address_2_is_kept(landing: Landing) -> None:
    fixture = FIXTURES / "woocommerce" / "orders-export-2026_09_17-23_00_00.csv"
    batch = landing.read([landing.put_fixture(fixture)])
    order = batch.orders.filter(pl.col("channel_order_id") == "2001").row(0, named=True)
    assert (order["ship_address1"], order["ship_address2"]) == ("12 Main St", "Apt 4")


def test_algolplus_joined_street_is_not_read_twice(landing: Landing) -> None:
    columns = (*woocommerce.ALGOLPLUS_COLUMNS, "Address 2 (Shipping)", "Company (Shipping)")
    row = {
        "Order Number": "3001",
        "Order Status": "Processing",
        "Order Date": "2026-09-17 10:00:00",
        "First Name (Shipping)": "Mary",
        "Last Name (Shipping)": "Smith",
        "Address 1&2 (Shipping)": "12 Main St, Apt 4",
        "Address 2 (Shipping)": "Apt 4",
        "Company (Shipping)": "Smith & Co",
        "City (Shipping)": "Springfield",
        "State Code (Shipping)": "IL",
        "Postcode (Shipping)": "62701",
        "Country Code (Shipping)": "US",
        "Phone (Billing)": "+1 217-555-0100",
        "SKU": "MUG-BLU",
        "Quantity": "1",
        "Quantity (- Refund)": "1",
    }
    got = _addresses(landing, "woocommerce", "orders-algolplus.csv", _csv(columns, [row]))
    assert got == {
        "3001": ("Mary Smith", "Smith & Co", "12 Main St, Apt 4", None, "+1 217-555-0100")
    }


GENERIC_HEADER = generic_header("ship_address2") + "\n"
ORDER = "G-1,2026-09-17T10:00:00Z,standard,Ava,1 Main St,Boston,MA,02134,US,MUG-BLU,1"


def test_an_address_2_edit_is_an_address_change(landing: Landing) -> None:
    book = OrderBook()
    book.apply(landing.read([landing.put("generic", "g.csv", f"{GENERIC_HEADER}{ORDER},Apt 1\n")]))
    later = NIGHT + timedelta(days=1)
    edited = landing.put("generic", "g.csv", f"{GENERIC_HEADER}{ORDER},Apt 2\n", later)
    result = book.apply(landing.read([edited], day=later))

    assert result.orders.select("version", "ship_address2").rows() == [(2, "Apt 2")]
    assert result.order_events.select("event_type", "detail").rows() == [
        ("address_changed", "ship_address2 'Apt 1' → 'Apt 2'")
    ]


def test_the_content_hash_adds_the_later_address_fields_only_when_set(landing: Landing) -> None:
    """An order without company, address 2 or phone hashes as it always did (docs/inputs.md);
    one with any of them appends all three, so the stored hash changes when address 2 does."""
    other = ORDER.replace("G-1", "G-2")
    file = landing.put("generic", "g.csv", f"{GENERIC_HEADER}{ORDER},Apt 1\n{other},\n")
    result = OrderBook().apply(landing.read([file]))
    fields = ["2026-09-17T10:00:00.000000", "standard", "Ava", "1 Main St", "Boston", "MA"]
    first = "\x1f".join([*fields, "02134", "US", "open", "true"])
    with_later = "\x1f".join([first, "\x00", "Apt 1", "\x00"])
    line = "\x1e" + "\x1f".join(["\x00", "MUG-BLU", "1"])
    hashes = dict(result.orders.select("channel_order_id", "content_hash").rows())
    assert hashes == {
        "G-1": hashlib.md5((with_later + line).encode()).hexdigest(),
        "G-2": hashlib.md5((first + line).encode()).hexdigest(),
    }
