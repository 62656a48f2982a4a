"""What allocation needs from the warehouse: tonight's demand and stock."""

from __future__ import annotations

from datetime import date, timedelta

import duckdb
import polars as pl

from resources.sql_files import sql_text
from resources.warehouse import fetch, read_partition


class DatesOutOfOrder(RuntimeError):
    """Raised when a date is allocated before the date before it (backorders would be lost)."""


def check_previous_night(con: duckdb.DuckDBPyConnection, business_date: date) -> None:
    """Allocation of D carries D-1's backorders: refuse to run D when D-1 was skipped."""
    previous, earlier = con.sql(
        sql_text("allocation", "previous_run"), params={"business_date": business_date}
    ).fetchall()[0]
    if earlier and not previous:
        raise DatesOutOfOrder(
            f"{business_date} cannot be allocated before {business_date - timedelta(days=1)}: "
            "allocation carries the previous night's backorders and reservations. "
            "Run the missing date first "
            "(oms run --date ... --through ..., or a backfill of the range in the UI)."
        )


def read_demand(con: duckdb.DuckDBPyConnection, business_date: date) -> pl.DataFrame:
    """Tonight's demand lines with the order fields allocation ranks and routes by.

    See sql/allocation/demand.sql.
    """
    return fetch(con, sql_text("allocation", "demand"), business_date=business_date)


def read_order_exceptions(con: duckdb.DuckDBPyConnection, business_date: date) -> pl.DataFrame:
    """Tonight's order changes that no parcel can follow, for an operator.

    See sql/allocation/order_exceptions.sql.
    """
    return fetch(con, sql_text("allocation", "order_exceptions"), business_date=business_date)


def read_stock(con: duckdb.DuckDBPyConnection, business_date: date) -> pl.DataFrame:
    return read_partition(con, "inventory_positions", business_date).select(
        "warehouse_id", "sku", "available"
    )
