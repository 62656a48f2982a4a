"""The table contract is the DDL: the schemas Python uses are read from it, never written twice."""

import duckdb
import polars as pl

from contracts.tables import table_ddl_files, table_names, table_schema
from resources.warehouse import ensure_schema


def test_every_ddl_file_defines_the_table_it_is_named_after():
    names = {path.name.removesuffix(".ddl.sql") for path in table_ddl_files()}
    assert names == set(table_names())


def test_a_table_schema_is_what_the_database_reads_back(tmp_path):
    with duckdb.connect(str(tmp_path / "w.duckdb")) as con:
        ensure_schema(con)
        for table in table_names():
            read_back = con.sql(f"select * from oms.{table} limit 0").pl().schema
            assert table_schema(table) == dict(read_back), table


def test_columns_can_be_left_out_by_name():
    lines = table_schema("order_lines", without=("business_date", "version"))
    assert "business_date" not in lines and "version" not in lines
    assert list(lines)[:2] == ["channel", "channel_order_id"]


def test_types_follow_the_ddl():
    shipments = table_schema("shipments")
    assert shipments["business_date"] == pl.Date()
    assert shipments["cost"] == pl.Decimal(12, 2)
    assert shipments["packages"] == pl.Int32()
