"""Shopify "Export orders" quirks (docs: CHANNEL-FORMATS §1)."""

from datetime import datetime

import polars as pl

from tests.ingest.conftest import FIXTURES, Landing

EXPORT = FIXTURES / "shopify" / "orders_export_1.csv"


def _orders(landing: Landing, content: bytes | str, name: str = "orders_export_1.csv"):
    return landing.read([landing.put("shopify", name, content)])


def _order(batch, name: str) -> dict:
    return batch.orders.filter(pl.col("channel_order_id") == name).to_dicts()[0]


def test_order_fields_on_the_first_row_reach_every_line(landing: Landing) -> None:
    batch = _orders(landing, EXPORT.read_bytes())
    lines = batch.lines.filter(pl.col("channel_order_id") == "#1001")
    assert lines["sku"].to_list() == ["MUG-BLU", "TEE-M", "SHRIMP-1"]
    assert lines["line_no"].to_list() == [1, 2, 3]
    assert lines["source_row"].to_list() == [1, 2, 3]
    assert _order(batch, "#1001")["ship_city"] == "Boston"


def test_leading_apostrophe_is_stripped_from_zip(landing: Landing) -> None:
    assert _order(_orders(landing, EXPORT.read_bytes()), "#1001")["ship_postal_code"] == "02134"


def test_created_at_offset_is_converted_to_utc(landing: Landing) -> None:
    batch = _orders(landing, EXPORT.read_bytes())
    assert _order(batch, "#1001")["placed_at"] == datetime(2026, 9, 17, 13, 55, 16)
    assert _order(batch, "#1002")["placed_at"] == datetime(2026, 9, 17, 17, 6, 21)


def test_multi_line_quoted_notes_do_not_split_rows(landing: Landing) -> None:
    batch = _orders(landing, EXPORT.read_bytes())
    assert batch.file_stats["rows_read"][0] == 8
    assert batch.rejects.is_empty()


def test_crlf_line_endings_read_like_lf(landing: Landing) -> None:
    crlf = EXPORT.read_bytes().replace(b"\n", b"\r\n")
    lf = _orders(landing, EXPORT.read_bytes())
    other = Landing(landing.root.parent / "crlf")
    assert (
        other.read([other.put("shopify", "orders_export_1.csv", crlf)])
        .orders.drop("source_file")
        .equals(lf.orders.drop("source_file"))
    )


def test_cancelled_at_makes_the_order_cancelled_and_refunded_counts_as_paid(
    landing: Landing,
) -> None:
    order = _order(_orders(landing, EXPORT.read_bytes()), "#1003")
    assert (order["status"], order["is_paid"]) == ("cancelled", True)


def test_fulfilled_order_is_recorded_as_fulfilled_by_channel(landing: Landing) -> None:
    assert _order(_orders(landing, EXPORT.read_bytes()), "#1004")["status"] == (
        "fulfilled_by_channel"
    )


def test_pending_order_is_unpaid_and_placeholder_zip_is_empty(landing: Landing) -> None:
    order = _order(_orders(landing, EXPORT.read_bytes()), "#1005")
    assert order["is_paid"] is False
    assert order["ship_postal_code"] is None  # '-' placeholder, lenient for BD
    assert order["service_level"] == "overnight"


def test_quoted_empty_shipping_name_is_null_and_canadian_postcode_keeps_its_space(
    landing: Landing,
) -> None:
    order = _order(_orders(landing, EXPORT.read_bytes()), "#1002")
    assert order["ship_name"] is None
    assert order["ship_postal_code"] == "K2P 2L8"
    assert order["service_level"] == "expedited"


def test_older_layout_with_fewer_trailing_columns_is_read_by_name(landing: Landing) -> None:
    fixture = FIXTURES / "shopify" / "orders_export_legacy_layout.csv"
    batch = _orders(landing, fixture.read_bytes(), name="orders_export_legacy.csv")
    assert batch.file_stats["file_format"][0] == "shopify_orders_export"
    assert batch.lines.height == 3
    assert batch.rejects.is_empty()


def test_columns_in_another_order_are_mapped_by_name(landing: Landing) -> None:
    frame = pl.read_csv(EXPORT, infer_schema=False)
    shuffled = frame.select(list(reversed(frame.columns)))
    batch = _orders(landing, shuffled.write_csv())
    assert batch.lines.height == 8
    assert batch.rejects.is_empty()
