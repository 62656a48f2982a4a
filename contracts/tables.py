"""Every table's columns, read from its DDL file, so Python and SQL cannot drift.

`sql/<stage>/<table>.ddl.sql` is the contract of `oms.<table>`. `table_schema("orders")` is that
table's columns as Polars dtypes, in DDL order, worked out by DuckDB itself from the DDL (DuckDB's
own type mapping is the one every insert and read goes through, so it is the right one to mirror).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

import duckdb
import polars as pl

SQL_ROOT = Path(__file__).resolve().parent.parent / "sql"
STAGES: tuple[str, ...] = (
    "ingest",
    "inventory",
    "allocation",
    "stock_feeds",
    "fulfillment",
    "returns",
    "tracking",
    "lifecycle",
    "channel_feedback",
    "customers",
    "reporting",
    "runs",
)
"""The pipeline's stages in the order data flows through them, then `runs`: the ledger every
stage writes through (resources.warehouse.replace_partitions)."""
SCHEMA = "oms"


def table_ddl_files() -> list[Path]:
    """Every `*.ddl.sql` file, in stage order then name order."""
    return [path for stage in STAGES for path in sorted((SQL_ROOT / stage).glob("*.ddl.sql"))]


def view_files() -> list[Path]:
    """Every `*.view.sql` file: views over the tables, created after them."""
    return sorted(SQL_ROOT.glob("*/*.view.sql"))


@dataclass(frozen=True)
class Column:
    """A column as DuckDB reports it: the unit of a layout comparison."""

    name: str
    data_type: str
    is_nullable: bool


COLUMNS_SQL = """
select table_name, column_name, data_type, is_nullable
from duckdb_columns()
where schema_name = $schema
order by table_name, column_index
"""


def columns_of(con: duckdb.DuckDBPyConnection) -> dict[str, list[Column]]:
    """The columns of every table of schema `oms` in a database, in column order."""
    tables: dict[str, list[Column]] = {}
    for table, name, data_type, is_nullable in con.sql(
        COLUMNS_SQL, params={"schema": SCHEMA}
    ).fetchall():
        tables.setdefault(table, []).append(Column(name, data_type, is_nullable))
    return tables


@cache
def _contract() -> tuple[dict[str, list[Column]], dict[str, dict[str, pl.DataType]]]:
    with duckdb.connect() as con:
        con.execute(f"create schema {SCHEMA}")
        for path in table_ddl_files():
            con.execute(path.read_text(encoding="utf-8"))
        columns = columns_of(con)
        schemas = {
            # S608 is waived below: the names are our own DDL files', never input
            name: dict(con.sql(f"select * from {SCHEMA}.{name} limit 0").pl().schema)  # noqa: S608
            for name in sorted(columns)
        }
        return columns, schemas


def _schemas() -> dict[str, dict[str, pl.DataType]]:
    return _contract()[1]


def table_columns() -> dict[str, list[Column]]:
    """Every table's columns as its DDL declares them (name, DuckDB type, nullability)."""
    return _contract()[0]


def table_names() -> list[str]:
    """Every table of schema `oms`, by name."""
    return list(_schemas())


def table_schema(table: str, *, without: tuple[str, ...] = ()) -> dict[str, pl.DataType]:
    """`oms.<table>`'s columns and Polars dtypes in DDL order, less the columns in `without`."""
    return {name: dtype for name, dtype in _schemas()[table].items() if name not in without}
