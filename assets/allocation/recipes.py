"""Kits as recipes over SKU codes: what one unit of each SKU takes from stock."""

import numpy as np
import polars as pl

from assets.allocation.arrays import codes_in, csr_offsets, csr_offsets_of_counts


def kit_recipes(kits: pl.DataFrame | None) -> pl.DataFrame:
    """kit_sku, component_sku, per_unit — one row per kit and component, sorted."""
    schema = {"kit_sku": pl.String, "component_sku": pl.String, "per_unit": pl.Int64}
    if kits is None or not kits.height:
        return pl.DataFrame(schema=schema)
    recipe = (
        kits.select(
            pl.col("kit_sku").cast(pl.String),
            pl.col("component_sku").cast(pl.String),
            pl.col("quantity").cast(pl.Int64).alias("per_unit"),
        )
        .group_by("kit_sku", "component_sku")
        .agg(pl.col("per_unit").sum())
        .sort("kit_sku", "component_sku")
    )
    if recipe.select((pl.col("per_unit") < 1).any()).item():
        raise ValueError("kit component quantities must be at least 1")
    return recipe


def recipes_by_sku(
    recipes: pl.DataFrame, skus: pl.Series
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """CSR components per SKU code: a plain SKU is one component of 1 unit, itself; a kit is its
    recipe (components in SKU order). Returns (recipe_offsets, recipe_sku codes, recipe_qty,
    is_kit per SKU code). Indexed by SKU, not by line, so it costs nothing per demand line."""
    kit_offsets = csr_offsets(codes_in(recipes["kit_sku"], skus), len(skus))
    kit_size = np.diff(kit_offsets)
    is_kit = kit_size > 0
    counts = np.where(is_kit, kit_size, 1)
    offsets = csr_offsets_of_counts(counts)
    recipe_sku = np.repeat(np.arange(len(skus), dtype=np.int64), counts)
    recipe_qty = np.ones(offsets[-1], dtype=np.int64)
    kit_rows = np.repeat(is_kit, counts)
    recipe_sku[kit_rows] = codes_in(recipes["component_sku"], skus)
    recipe_qty[kit_rows] = recipes["per_unit"].to_numpy()
    return offsets, recipe_sku, recipe_qty, is_kit


def sku_codes(sku: pl.Series, recipes: pl.DataFrame) -> tuple[pl.Series, np.ndarray]:
    """Every SKU of the night (ordered, kits, kit components) sorted, and the code of each
    line's SKU."""
    skus = pl.concat([sku, recipes["kit_sku"], recipes["component_sku"]]).unique().sort()
    return skus, codes_in(sku, skus)
