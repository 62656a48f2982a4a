"""Safety stock: units a warehouse keeps back from promising, per SKU
(`reference/safety_stock.csv`).

A negative safety stock would make stock available that is not on the shelf, so it is rejected
like any row that cannot be a count; the rejects go to oms.inventory_rejects with the file named.
"""

from __future__ import annotations

import polars as pl

from assets.inventory.snapshot import MAX_UNITS, REJECT_SCHEMA

SOURCE_FILE = "reference/safety_stock.csv"


def checked_safety_stock(safety_stock: pl.DataFrame) -> tuple[pl.DataFrame, pl.DataFrame]:
    """The rows that are counts (warehouse_id, sku, units), and the others as rejects."""
    units = pl.col("units")
    reason = (
        pl.when(units.is_null())
        .then(pl.lit("safety stock units is not a whole number"))
        .when(units < 0)
        .then(pl.format("negative safety stock {} (it would make stock available)", units))
        .when(units > MAX_UNITS)
        .then(pl.format("safety stock {} is more than {} units", units, pl.lit(f"{MAX_UNITS:,}")))
    )
    rows = safety_stock.with_row_index("source_row", offset=1).with_columns(reason=reason)
    rejects = rows.filter(pl.col("reason").is_not_null()).select(
        pl.lit(SOURCE_FILE).alias("source_file"),
        pl.col("source_row").cast(pl.Int64),
        "warehouse_id",
        "sku",
        "reason",
    )
    kept = rows.filter(pl.col("reason").is_null()).select("warehouse_id", "sku", "units")
    return kept, rejects.cast(REJECT_SCHEMA)
