"""Inventory netting: what each warehouse can promise tonight."""

from __future__ import annotations

from datetime import date

import duckdb
import polars as pl

from resources.sql_files import sql_text
from resources.warehouse import fetch


def open_reservations(con: duckdb.DuckDBPyConnection, business_date: date) -> pl.DataFrame:
    """Units allocated on earlier nights, not shipped, whose order is still live
    (warehouse_id, sku, reserved)."""
    return fetch(con, sql_text("inventory", "open_reservations"), business_date=business_date)


def net_positions(
    snapshot: pl.DataFrame, reservations: pl.DataFrame, safety_stock: pl.DataFrame
) -> pl.DataFrame:
    """available = max(0, on_hand - reserved - safety_stock) per warehouse x SKU
    (docs/allocation.md)."""
    con = duckdb.connect()
    try:
        con.register("snapshot", snapshot.to_arrow())
        con.register("open_reservations", reservations.to_arrow())
        con.register("safety_stock", safety_stock.to_arrow())
        return fetch(con, sql_text("inventory", "inventory_positions"))
    finally:
        con.close()
