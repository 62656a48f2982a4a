"""Inventory netting: what each warehouse can promise tonight."""

from __future__ import annotations

import polars as pl

from resources.warehouse import run_sql_file_on_frames


def net_positions(
    snapshot: pl.DataFrame, reservations: pl.DataFrame, safety_stock: pl.DataFrame
) -> pl.DataFrame:
    """available = max(0, on_hand - reserved - safety_stock) per warehouse x SKU
    (docs/allocation.md)."""
    return run_sql_file_on_frames(
        "inventory/inventory_positions",
        frames={
            "snapshot": snapshot,
            "open_reservations": reservations,
            "safety_stock": safety_stock,
        },
    )
