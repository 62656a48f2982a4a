"""Inventory netting: what each warehouse can promise tonight."""

from __future__ import annotations

import polars as pl

from resources.warehouse import run_sql_file_on_frames

NO_RETURNS = pl.DataFrame(
    schema={"warehouse_id": pl.String, "sku": pl.String, "returned_units": pl.Int64}
)


def net_positions(
    snapshot: pl.DataFrame,
    reservations: pl.DataFrame,
    safety_stock: pl.DataFrame,
    returned_units: pl.DataFrame = NO_RETURNS,
) -> pl.DataFrame:
    """available = max(0, on_hand + returned_units - reserved - safety_stock) per warehouse x
    SKU (docs/allocation.md): returned_units are the units restocked from returns the night
    before, which the snapshot does not count yet."""
    return run_sql_file_on_frames(
        "inventory/inventory_positions",
        frames={
            "snapshot": snapshot,
            "open_reservations": reservations,
            "safety_stock": safety_stock,
            "returned_units": returned_units,
        },
    )
