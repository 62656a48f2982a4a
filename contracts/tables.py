"""Every table's columns, read from its DDL file, so Python and SQL cannot drift.

`sql/<stage>/<table>.ddl.sql` is the contract of `oms.<table>`. `table_schema("orders")` is that
table's columns as Polars dtypes, in DDL order, worked out by DuckDB itself from the DDL (DuckDB's
own type mapping is the one every insert and read goes through, so it is the right one to mirror).
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import duckdb
import polars as pl

SQL_ROOT = Path(__file__).resolve().parent.parent / "sql"
STAGES: tuple[str, ...] = ("ingest", "inventory", "allocation", "fulfillment", "reporting")
"""The pipeline's stages in the order data flows through them."""
SCHEMA = "oms"


def table_ddl_files() -> list[Path]:
    """Every `*.ddl.sql` file, in stage order then name order."""
    return [path for stage in STAGES for path in sorted((SQL_ROOT / stage).glob("*.ddl.sql"))]


def view_files() -> list[Path]:
    """Every `*.view.sql` file: views over the tables, created after them."""
    return sorted(SQL_ROOT.glob("*/*.view.sql"))


@cache
def _schemas() -> dict[str, dict[str, pl.DataType]]:
    with duckdb.connect() as con:
        con.execute(f"create schema {SCHEMA}")
        for path in table_ddl_files():
            con.execute(path.read_text(encoding="utf-8"))
        tables = con.sql(
            "select table_name from duckdb_tables() where schema_name = $schema order by all",
            params={"schema": SCHEMA},
        ).fetchall()
        return {
            name: dict(con.sql(f"select * from {SCHEMA}.{name} limit 0").pl().schema)
            for (name,) in tables
        }


def table_names() -> list[str]:
    """Every table of schema `oms`, by name."""
    return list(_schemas())


def table_schema(table: str, *, without: tuple[str, ...] = ()) -> dict[str, pl.DataType]:
    """`oms.<table>`'s columns and Polars dtypes in DDL order, less the columns in `without`."""
    return {name: dtype for name, dtype in _schemas()[table].items() if name not in without}
