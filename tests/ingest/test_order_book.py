"""The versioned order book: re-exports are no-ops, changes are new versions with events."""

import hashlib
from datetime import date, timedelta

import polars as pl

from tests.ingest.conftest import (
    CHANNEL_FIXTURES,
    FIXTURES,
    NIGHT,
    Landing,
    OrderBook,
    assert_rows_accounted_for,
    generic_header,
)

NEXT_NIGHT = NIGHT + timedelta(days=1)
HEADER = generic_header("status") + "\n"


def _generic(*rows: str) -> str:
    return HEADER + "".join(row + "\n" for row in rows)


ORDER = "G-1,2026-09-17T10:00:00Z,standard,Ava,1 Main St,Boston,MA,02134,US"


def test_loading_the_same_files_twice_changes_nothing(landing: Landing) -> None:
    book = OrderBook()
    first = book.apply(landing.read([landing.put_fixture(f) for f in CHANNEL_FIXTURES]))
    again = [landing.put_fixture(f, day=NEXT_NIGHT) for f in CHANNEL_FIXTURES]
    second = book.apply(landing.read(again, day=NEXT_NIGHT))
    assert first.orders.height > 0
    assert second.orders.is_empty()
    assert second.order_lines.is_empty()
    assert second.order_events.is_empty()
    assert second.ingested_files["lines_accepted"].sum() == 0
    assert_rows_accounted_for(second.ingested_files)
    assert second.ingested_files["lines_unchanged"].sum() == (
        first.ingested_files["lines_accepted"].sum() + first.ingested_files["lines_unchanged"].sum()
    )


def test_yesterdays_cumulative_export_again_today_only_adds_new_orders(landing: Landing) -> None:
    book = OrderBook()
    yesterday = _generic(f"{ORDER},MUG-BLU,1,open")
    today = (
        yesterday
        + "G-2,2026-09-18T10:00:00Z,standard,Bo,2 Main St,Boston,MA,02134,US,CAP-01,1,open\n"
    )
    book.apply(landing.read([landing.put("generic", "export.csv", yesterday)]))
    result = book.apply(
        landing.read([landing.put("generic", "export.csv", today, NEXT_NIGHT)], day=NEXT_NIGHT)
    )
    assert result.orders["channel_order_id"].to_list() == ["G-2"]
    assert result.ingested_files.select("lines_accepted", "lines_unchanged").row(0) == (1, 1)


def test_a_changed_quantity_makes_version_two_with_a_lines_changed_event(landing: Landing) -> None:
    book = OrderBook()
    book.apply(landing.read([landing.put("generic", "a.csv", _generic(f"{ORDER},MUG-BLU,1,open"))]))
    changed = landing.put("generic", "a.csv", _generic(f"{ORDER},MUG-BLU,3,open"), NEXT_NIGHT)
    result = book.apply(landing.read([changed], day=NEXT_NIGHT))
    assert result.orders.select("version", "business_date").row(0) == (2, NEXT_NIGHT)
    assert result.order_lines["quantity"].to_list() == [3]
    events = result.order_events.select("version", "event_type", "detail").rows()
    assert events == [(2, "lines_changed", "lines 1 → 1, units 1 → 3")]


def test_cancellation_address_and_service_changes_are_events(landing: Landing) -> None:
    book = OrderBook()
    book.apply(landing.read([landing.put("generic", "a.csv", _generic(f"{ORDER},MUG-BLU,1,open"))]))
    moved = "G-1,2026-09-17T10:00:00Z,overnight,Ava,9 Elm St,Boston,MA,02135,US,MUG-BLU,1,cancelled"
    result = book.apply(
        landing.read([landing.put("generic", "a.csv", _generic(moved), NEXT_NIGHT)], day=NEXT_NIGHT)
    )
    events = dict(result.order_events.select("event_type", "detail").rows())
    assert set(events) == {"cancelled", "address_changed", "service_changed"}
    assert events["address_changed"] == (
        "ship_address1 '1 Main St' → '9 Elm St'; ship_postal_code '02134' → '02135'"
    )
    assert events["service_changed"] == "service level standard → overnight"


def test_new_orders_get_version_one_and_a_created_event(landing: Landing) -> None:
    result = OrderBook().apply(
        landing.read([landing.put("generic", "a.csv", _generic(f"{ORDER},MUG-BLU,2,open"))])
    )
    assert result.orders["version"].to_list() == [1]
    assert result.order_events.select("event_type", "detail").rows() == [
        ("created", "new order: 1 lines, 2 units, status open")
    ]


def test_within_a_night_the_last_file_wins_and_identical_earlier_copies_are_unchanged(
    landing: Landing,
) -> None:
    early = landing.put("generic", "1-early.csv", _generic(f"{ORDER},MUG-BLU,1,open"))
    same = landing.put("generic", "2-same.csv", _generic(f"{ORDER},MUG-BLU,1,open"))
    result = OrderBook().apply(landing.read([same, early]))
    files = dict(result.ingested_files.select("source_file", "lines_unchanged").rows())
    assert files == {early.relative_path: 1, same.relative_path: 0}
    assert result.orders["source_file"].to_list() == [same.relative_path]


def test_within_a_night_an_earlier_different_copy_is_superseded(landing: Landing) -> None:
    early = landing.put("generic", "1-early.csv", _generic(f"{ORDER},MUG-BLU,1,open"))
    late = landing.put("generic", "2-late.csv", _generic(f"{ORDER},MUG-BLU,5,open"))
    result = OrderBook().apply(landing.read([early, late]))
    assert result.order_lines["quantity"].to_list() == [5]
    reject = result.order_rejects.to_dicts()[0]
    assert (reject["source_file"], reject["rule"]) == (early.relative_path, "superseded")
    assert late.relative_path in reject["reason"]
    assert_rows_accounted_for(result.ingested_files)


def test_a_held_change_leaves_the_prior_version_in_place(landing: Landing) -> None:
    book = OrderBook()
    book.apply(landing.read([landing.put("generic", "a.csv", _generic(f"{ORDER},MUG-BLU,1,open"))]))
    broken = landing.put("generic", "a.csv", _generic(f"{ORDER},NOPE,1,open"), NEXT_NIGHT)
    result = book.apply(landing.read([broken], day=NEXT_NIGHT))
    assert result.orders.is_empty()
    assert result.order_rejects["rule"].to_list() == ["unknown_sku"]
    assert book.orders["version"].to_list() == [1]


def test_shopify_cumulative_export_reappearing_is_unchanged(landing: Landing) -> None:
    export = FIXTURES / "shopify" / "orders_export_1.csv"
    book = OrderBook()
    book.apply(landing.read([landing.put_fixture(export)]))
    result = book.apply(landing.read([landing.put_fixture(export, day=NEXT_NIGHT)], day=NEXT_NIGHT))
    assert result.orders.is_empty()
    stats = result.ingested_files.to_dicts()[0]
    assert stats["lines_unchanged"] == stats["rows_read"] == 8


def test_prior_versions_older_than_the_latest_are_ignored(landing: Landing) -> None:
    book = OrderBook()
    for day, quantity in ((NIGHT, 1), (NEXT_NIGHT, 2)):
        file = landing.put("generic", "a.csv", _generic(f"{ORDER},MUG-BLU,{quantity},open"), day)
        book.apply(landing.read([file], day=day))
    third = NEXT_NIGHT + timedelta(days=1)
    file = landing.put("generic", "a.csv", _generic(f"{ORDER},MUG-BLU,1,open"), third)
    result = book.apply(landing.read([file], day=third))
    assert result.orders["version"].to_list() == [3]
    assert isinstance(result.orders["business_date"][0], date)
    assert book.orders.height == 3
    assert pl.Series(book.events["event_type"]).to_list() == [
        "created",
        "lines_changed",
        "lines_changed",
    ]


def test_a_night_without_files_writes_nothing(landing: Landing) -> None:
    result = OrderBook().apply(landing.read([]))
    assert all(
        getattr(result, table).is_empty()
        for table in ("orders", "order_lines", "order_events", "order_rejects", "ingested_files")
    )


def test_a_night_of_only_unreadable_files_records_each_file_once(landing: Landing) -> None:
    files = [landing.put("shopify", "a.csv", b""), landing.put("amazon", "b.txt", b"\x00\x01")]
    result = OrderBook().apply(landing.read(files))
    assert result.order_rejects.select("rule", "source_row").rows() == [
        ("binary_file", None),
        ("empty_file", None),
    ]
    assert result.ingested_files["file_rejected_reason"].null_count() == 0
    # the binary file never became rows; the empty one holds none
    assert result.ingested_files.sort("source_file")["rows_read"].to_list() == [None, 0]


def test_the_stored_content_hash_is_md5_of_the_documented_encoding(landing: Landing) -> None:
    """Anyone can recompute the stored hash, with any tool and any library version: MD5 of the
    order fields, then each line's id, SKU and quantity, in line order (docs/inputs.md)."""
    file = landing.put(
        "generic", "g.csv", _generic(ORDER + ",MUG-BLU,2,open", ORDER + ",MUG-RED,1,open")
    )
    result = OrderBook().apply(landing.read([file]))
    fields = [
        "2026-09-17T10:00:00.000000",
        "standard",
        "Ava",
        "1 Main St",
        "Boston",
        "MA",
        "02134",
        "US",
    ]
    order_text = "\x1f".join([*fields, "open", "true"])
    lines = result.order_lines.sort("line_no")
    line_texts = [
        "\x1f".join([line_id or "\x00", sku, str(quantity)])
        for line_id, sku, quantity in lines.select("channel_line_id", "sku", "quantity").rows()
    ]
    text = order_text + "\x1e" + "\x1e".join(line_texts)
    assert result.orders["content_hash"].to_list() == [hashlib.md5(text.encode()).hexdigest()]
