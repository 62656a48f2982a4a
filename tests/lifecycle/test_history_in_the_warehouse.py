"""The step writes a night's status changes inside DuckDB: the same rows, ranks and order as the
query's result handed through a frame, and untouched orders' history is not rewritten."""

from __future__ import annotations

import polars as pl

from assets.lifecycle.history import book_statuses
from resources.warehouse import replace_partition_with_sql_file
from tests.lifecycle.book import NIGHT_1, NIGHT_2, Book


def _write_in_the_warehouse(book: Book, night) -> int:
    return replace_partition_with_sql_file(
        book.con,
        "lifecycle/status_changes",
        into="order_status_history",
        business_date=night,
        frames={"book_statuses": book_statuses()},
        params={"business_date": night},
        run_id="test-run",
    )


def _two_nights() -> Book:
    book = Book()
    book.allocated_and_picked(NIGHT_1, "#2001")
    book.order(NIGHT_1, "#2002", lines=2)
    book.decide(NIGHT_1, "#2002", 1, allocated=0, rule="out_of_stock")
    book.reject(NIGHT_1, "#2003", "unknown_sku", "order_held")
    book.order(NIGHT_1, "#2004")
    book.run(NIGHT_1)
    book.confirm(NIGHT_2, "#2001", allocated_on=NIGHT_1)
    book.order(NIGHT_2, "#2002", lines=1, version=2)
    book.decide(NIGHT_2, "#2002", 1)
    book.order(NIGHT_2, "#2003", lines=2)
    book.run(NIGHT_2)
    return book


def test_a_night_written_in_the_warehouse_has_the_rows_ranks_and_order_of_the_frame():
    book = _two_nights()
    history = book.history()
    tonight = book.history(night=NIGHT_2)

    assert _write_in_the_warehouse(book, NIGHT_2) == tonight.height
    assert book.history().equals(history)
    as_stored = book.con.sql(
        "select * from oms.order_status_history where business_date = $night",
        params={"night": NIGHT_2},
    ).pl()
    assert as_stored.equals(tonight)


def test_an_order_the_night_does_not_touch_gets_no_row_and_keeps_its_status():
    book = _two_nights()
    untouched = book.history().filter(pl.col("channel_order_id") == "#2004")

    _write_in_the_warehouse(book, NIGHT_2)

    assert book.history(night=NIGHT_2).filter(pl.col("channel_order_id") == "#2004").is_empty()
    assert book.history().filter(pl.col("channel_order_id") == "#2004").equals(untouched)
    assert book.now("#2004")["status"].to_list() == ["received"]
