"""Amazon order report quirks (docs: CHANNEL-FORMATS §2)."""

from datetime import date, datetime, timedelta

import polars as pl

from tests.ingest.conftest import FIXTURES, NIGHT, Landing, OrderBook

NEXT_NIGHT = NIGHT + timedelta(days=1)


def _read(landing: Landing, fixture_name: str, day: date = NIGHT):
    """The report read on `day`: a report is read on a night its order dates are plausible for."""
    return landing.read([landing.put_fixture(FIXTURES / "amazon" / fixture_name, day)], day=day)


def _order(batch, order_id: str) -> dict:
    return batch.orders.filter(pl.col("channel_order_id") == order_id).to_dicts()[0]


def test_order_item_id_stays_text_with_leading_zeros(landing: Landing) -> None:
    batch = _read(landing, "unshipped_orders.txt")
    ids = batch.lines["channel_line_id"].to_list()
    assert "00336476957404" in ids
    assert all(len(i) == 14 for i in ids)


def test_rows_of_one_order_group_by_order_id(landing: Landing) -> None:
    batch = _read(landing, "unshipped_orders.txt")
    lines = batch.lines.filter(pl.col("channel_order_id") == "112-4870009-9733125")
    assert lines["sku"].to_list() == ["MUG-BLU", "TEE-M"]


def test_pacific_offset_dates_become_utc(landing: Landing) -> None:
    order = _order(_read(landing, "unshipped_orders.txt"), "112-4870009-9733125")
    assert order["placed_at"] == datetime(2026, 9, 17, 21, 18, 23)


def test_service_levels_map_from_amazon_names(landing: Landing) -> None:
    batch = _read(landing, "unshipped_orders.txt")
    levels = dict(batch.orders.select("channel_order_id", "service_level").iter_rows())
    assert levels == {
        "112-4870009-9733125": "standard",
        "113-0000001-0000002": "expedited",
        "114-0000001-0000003": "overnight",
    }


def test_missing_payments_date_means_unpaid_and_zip_plus_four_is_kept(landing: Landing) -> None:
    batch = _read(landing, "unshipped_orders.txt")
    assert _order(batch, "113-0000001-0000002")["is_paid"] is False
    assert _order(batch, "112-4870009-9733125")["ship_postal_code"] == "11201-3221"


def test_marketplace_extra_columns_are_tolerated(landing: Landing) -> None:
    batch = _read(landing, "unshipped_orders_in.txt", day=date(2025, 7, 30))
    order = _order(batch, "408-4870009-9733125")
    assert (order["ship_country"], order["service_level"]) == ("IN", "overnight")


def test_fba_orders_are_fulfilled_by_channel(landing: Landing) -> None:
    order = _order(_read(landing, "all_orders.txt"), "171-0000001-0000001")
    assert order["status"] == "fulfilled_by_channel"


def test_cancelled_order_is_kept_as_cancelled_even_with_zero_units(landing: Landing) -> None:
    batch = _read(landing, "all_orders.txt")
    assert _order(batch, "171-0000001-0000002")["status"] == "cancelled"
    assert batch.rejects.is_empty()


def test_a_cancelled_item_of_a_live_order_is_a_structural_row(landing: Landing) -> None:
    batch = _read(landing, "all_orders.txt")
    lines = batch.lines.filter(pl.col("channel_order_id") == "171-0000001-0000003")
    assert lines["sku"].to_list() == ["CAP-01"]
    assert batch.file_stats["rows_structural"][0] == 1


def test_all_orders_report_pending_means_unpaid(landing: Landing) -> None:
    assert _order(_read(landing, "all_orders.txt"), "171-0000001-0000004")["is_paid"] is False


def test_windows_1252_legacy_report_with_crlf_is_decoded(landing: Landing) -> None:
    report = _read(landing, "new_orders_2009_cp1252.txt", day=date(2009, 1, 1))
    order = _order(report, "058-1233752-8214740")
    assert order["ship_name"] == "Jürgen Müller"
    assert order["ship_address1"] == "1 Straße"
    assert order["placed_at"] == datetime(2009, 1, 1, 18, 50, 49)


def test_comma_separated_file_in_the_amazon_folder_is_rejected_as_wrong_delimiter(
    landing: Landing,
) -> None:
    text = (FIXTURES / "amazon" / "unshipped_orders.txt").read_text().replace("\t", ",")
    batch = landing.read([landing.put("amazon", "orders.csv", text)])
    assert batch.rejects["rule"].to_list() == ["wrong_delimiter"]
    assert batch.rejects["source_row"].to_list() == [None]


def test_a_cancellation_through_the_all_orders_report_keeps_the_recipient(
    landing: Landing,
) -> None:
    # The All Orders report has no name or street: the cancelled version keeps the book's, and
    # the change reads as a cancellation, not as an address change to nobody.
    book = OrderBook()
    book.apply(landing.read([landing.put_fixture(FIXTURES / "amazon" / "unshipped_orders.txt")]))
    header = (FIXTURES / "amazon" / "all_orders.txt").read_text().splitlines()[0]
    item = (
        "112-4870009-9733125\t\t2026-09-17T21:18:23+00:00\t2026-09-18T22:07:59+00:00\tCancelled"
        "\tMerchant\tAmazon.com\t\t\tStandard\t\t{sku}\t\tCancelled\t0\tUSD\t12.00\t\t\t\t\t\t\t"
        "\tBrooklyn\tNY\t11201-3221\tUS\t\tfalse\t\t"
    )
    report = "\n".join([header, item.format(sku="MUG-BLU"), item.format(sku="TEE-M")]) + "\n"
    cancelled = landing.put("amazon", "all_orders.txt", report, day=NEXT_NIGHT)
    result = book.apply(landing.read([cancelled], day=NEXT_NIGHT))

    order = result.orders.filter(pl.col("channel_order_id") == "112-4870009-9733125").to_dicts()
    assert [(o["status"], o["ship_name"], o["ship_address1"]) for o in order] == [
        ("cancelled", "Liam Nguyen", "400 Oak Ave")
    ]
    events = result.order_events.filter(pl.col("channel_order_id") == "112-4870009-9733125")
    assert "cancelled" in events["event_type"].to_list()
    assert "address_changed" not in events["event_type"].to_list()
