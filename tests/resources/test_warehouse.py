"""Writing a date: all of a table's columns or nothing."""

from datetime import date

import duckdb
import polars as pl
import pytest

from resources.warehouse import ensure_schema, replace_partitions

NIGHT = date(2026, 11, 20)


def _stock_reject(**columns: list) -> pl.DataFrame:
    row = {
        "source_file": ["inventory/2026-11-20/stock.csv"],
        "source_row": [7],
        "warehouse_id": ["WH1"],
        "sku": ["SKU-1"],
        "reason": ["on_hand is negative"],
    }
    return pl.DataFrame({**row, **columns})


@pytest.fixture
def con(tmp_path):
    with duckdb.connect(str(tmp_path / "w.duckdb")) as con:
        ensure_schema(con)
        yield con


def test_a_frame_with_every_column_is_written_for_the_date(con):
    replace_partitions(con, NIGHT, {"inventory_rejects": _stock_reject()})
    assert con.sql("select business_date, sku from oms.inventory_rejects").fetchall() == [
        (NIGHT, "SKU-1")
    ]


def test_a_forgotten_column_is_refused_instead_of_stored_as_null(con):
    # sku is nullable in the DDL, so `insert … by name` alone would store NULL without a word
    forgot_sku = _stock_reject().drop("sku")
    with pytest.raises(ValueError, match=r"missing \['sku'\]"):
        replace_partitions(con, NIGHT, {"inventory_rejects": forgot_sku})
    assert con.sql("select count(*) from oms.inventory_rejects").fetchall() == [(0,)]


def test_a_column_the_table_does_not_have_is_refused(con):
    with pytest.raises(ValueError, match=r"unknown \['carrier'\]"):
        replace_partitions(con, NIGHT, {"inventory_rejects": _stock_reject(carrier=["UPS"])})
