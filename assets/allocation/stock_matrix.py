"""Tonight's available stock as a warehouse x SKU matrix over the night's codes."""

import numpy as np
import polars as pl


def stock_matrix(stock: pl.DataFrame, warehouses: pl.Series, skus: pl.Series) -> np.ndarray:
    """Available units per (warehouse code, SKU code); negatives count as nothing available."""
    matrix = np.zeros((len(warehouses), len(skus)), dtype=np.int64)
    wh_enum, sku_enum = pl.Enum(warehouses), pl.Enum(skus)
    held = (
        stock.select(
            pl.col("warehouse_id").cast(pl.String),
            pl.col("sku").cast(pl.String),
            pl.col("available").cast(pl.Int64).fill_null(0),
        )
        .filter(
            pl.col("warehouse_id").is_in(warehouses.implode()) & pl.col("sku").is_in(skus.implode())
        )
        .group_by("warehouse_id", "sku")
        .agg(pl.col("available").sum())
        .select(
            pl.col("warehouse_id").cast(wh_enum).to_physical(),
            pl.col("sku").cast(sku_enum).to_physical(),
            pl.col("available").clip(lower_bound=0),
        )
    )
    matrix[held["warehouse_id"].to_numpy(), held["sku"].to_numpy()] = held["available"].to_numpy()
    return matrix
