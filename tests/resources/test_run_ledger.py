"""Every write of a date is in the run ledger, so an analyst can ask what a re-run changed."""

from datetime import date

import polars as pl

from resources.warehouse import replace_partitions

NIGHT = date(2026, 11, 29)


def _stock_rejects(*skus: str) -> pl.DataFrame:
    return pl.DataFrame(
        {
            "source_file": ["inventory/2026-11-29/stock.csv"] * len(skus),
            "source_row": list(range(1, len(skus) + 1)),
            "warehouse_id": ["WH1"] * len(skus),
            "sku": list(skus),
            "reason": ["on_hand is negative"] * len(skus),
        },
        schema_overrides={"sku": pl.String},
    )


def _write(con, run_id: str, *skus: str) -> None:
    replace_partitions(con, NIGHT, {"inventory_rejects": _stock_rejects(*skus)}, run_id=run_id)


def _changes(con) -> list[tuple]:
    return con.sql(
        "select table_name, previous_run_id, run_id, previous_rows, rows, changed "
        "from oms.rerun_changes"
    ).fetchall()


def test_each_write_of_a_date_records_its_run_and_the_rows_before_and_after(con):
    _write(con, "run-1", "SKU-1", "SKU-2")
    _write(con, "run-2", "SKU-1")
    ledger = con.sql(
        "select table_name, business_date, run_id, rows_replaced, rows_written "
        "from oms.partition_writes order by written_at, run_id"
    ).fetchall()
    assert ledger == [
        ("inventory_rejects", NIGHT, "run-1", 0, 2),
        ("inventory_rejects", NIGHT, "run-2", 2, 1),
    ]


def test_a_rerun_that_wrote_the_same_rows_says_nothing_changed(con):
    rows = _stock_rejects("SKU-1", "SKU-2")
    replace_partitions(con, NIGHT, {"inventory_rejects": rows}, run_id="run-1")
    replace_partitions(con, NIGHT, {"inventory_rejects": rows.reverse()}, run_id="run-2")
    assert _changes(con) == [("inventory_rejects", "run-1", "run-2", 2, 2, False)]


def test_a_rerun_that_changed_a_value_says_so_even_with_as_many_rows(con):
    _write(con, "run-1", "SKU-1", "SKU-2")
    _write(con, "run-2", "SKU-1", "SKU-3")
    _write(con, "run-3", "SKU-1", "SKU-3")
    assert _changes(con) == [("inventory_rejects", "run-2", "run-3", 2, 2, False)]
    con.execute("delete from oms.partition_writes where run_id = 'run-3'")
    assert _changes(con) == [("inventory_rejects", "run-1", "run-2", 2, 2, True)]


def test_a_date_written_empty_is_recorded_with_no_rows(con):
    _write(con, "run-1")
    assert con.sql("select rows_written from oms.partition_writes").fetchall() == [(0,)]
    assert _changes(con) == []  # written once: nothing to compare
