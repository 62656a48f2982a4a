"""Turn tonight's frames into the integer arrays the kernel consumes (and keep the maps back).

Orders get their serving rank here, lines and candidates are laid out CSR style by that rank,
SKUs and warehouses become dense integer codes, and stock becomes a warehouse x SKU matrix
holding only the SKUs someone asked for.
"""

from dataclasses import dataclass
from functools import cached_property, partial

import numpy as np
import polars as pl

from assets.allocation.arrays import csr_offsets
from assets.allocation.candidate_lists import match_address_candidates, match_order_candidates
from assets.allocation.demand_lines import DEMAND_COLUMNS, validated_demand
from assets.allocation.keys import dense_codes, hash_pair
from assets.allocation.recipes import kit_recipes, recipes_by_sku, sku_codes
from assets.allocation.serving_order import (
    VERSION_KEY,
    channel_rules,
    ranked_orders,
    serving_order,
)
from assets.allocation.stock_matrix import stock_matrix
from assets.concurrency import side_by_side
from contracts.addresses import ADDRESS_KEY
from contracts.policy import AllocationPolicy

LINE_COLUMNS = [column for column in DEMAND_COLUMNS if column != "is_paid"]
"""What the later steps read of a line; only these are laid out in serving order."""


@dataclass(frozen=True)
class EncodedNight:
    """Tonight's demand as kernel arrays plus the frames that name every integer code."""

    demand_lines: pl.DataFrame  # validated demand lines in input order
    serving: np.ndarray  # demand_lines row of each line in serving order
    line_order: np.ndarray  # order_idx of each line in serving order
    orders: pl.DataFrame  # orders in serving order; row o is order o (order_rank = o + 1)
    warehouses: pl.Series  # warehouse_id by code
    skus: pl.Series  # SKU by code (ordered SKUs, kits and kit components)
    zones: pl.Series  # zone by code
    is_kit_sku: np.ndarray  # bool by SKU code
    line_offsets: np.ndarray
    line_qty: np.ndarray
    line_sku: np.ndarray  # SKU code per line
    recipe_offsets: np.ndarray  # components per SKU code (see kernel.py)
    recipe_sku: np.ndarray
    recipe_qty: np.ndarray
    cand_start: np.ndarray  # order o tries cand_wh[cand_start[o]:cand_end[o]], best first
    cand_end: np.ndarray
    cand_wh: np.ndarray  # warehouse code per candidate row
    cand_zone: np.ndarray  # zone code per candidate row
    is_held: np.ndarray
    allow_split: np.ndarray
    stock: np.ndarray  # int64[warehouse, sku]

    @cached_property
    def lines(self) -> pl.DataFrame:
        """Demand lines in serving order (row i is line i) with order_idx and line_idx.

        Only the later steps read the text columns, so the engine builds this on a worker
        thread while the kernel runs (the kernel needs just the arrays above).
        """
        return self.demand_lines.select(LINE_COLUMNS)[self.serving].with_columns(
            pl.Series("order_idx", self.line_order),
            pl.int_range(pl.len(), dtype=pl.Int64).alias("line_idx"),
        )


def encode(
    demand: pl.DataFrame,
    stock: pl.DataFrame,
    candidates: pl.DataFrame,
    *,
    channels: pl.DataFrame | None,
    kits: pl.DataFrame | None,
    policy: AllocationPolicy,
) -> EncodedNight:
    """Rank orders and lay demand, candidates and stock out as kernel arrays.

    candidates: per order (channel, channel_order_id, ...: rank_candidates) or per ship-to
    address (ship_country, ship_region, ...: candidates_by_address; demand then carries
    ship_country and ship_region).
    """
    by_address = "channel_order_id" not in candidates.columns
    recipes = kit_recipes(kits)
    lines = validated_demand(demand, with_address=by_address)
    no_query = np.empty(0, dtype=np.int64)
    order_code, first_line, _ = dense_codes(
        *hash_pair(lines, pl.struct(VERSION_KEY)), no_query, no_query
    )
    order_keys = lines.select(VERSION_KEY)[first_line]
    rules = channel_rules(channels, policy)
    if by_address:
        order_addresses = lines.select(ADDRESS_KEY)[first_line]
        match = partial(match_address_candidates, candidates, order_addresses)
    else:
        match = partial(match_order_candidates, candidates, order_keys)

    def rank() -> tuple[pl.DataFrame, np.ndarray, np.ndarray, np.ndarray]:
        orders = ranked_orders(order_keys, lines, order_code, rules, policy)
        idx_of_code = np.empty(orders.height, dtype=np.int64)
        idx_of_code[orders["order_code"].to_numpy()] = np.arange(orders.height)
        serving, line_order = serving_order(lines["line_no"].to_numpy(), order_code, idx_of_code)
        return orders, idx_of_code, serving, line_order

    # Coding SKUs and matching candidates to orders do not depend on the ranking, so they run
    # side by side with it (Polars and the compiled helpers release the GIL).
    (orders, idx_of_code, serving, line_order), (skus, sku_code), matched = side_by_side(
        rank, partial(sku_codes, lines["sku"], recipes), match
    )
    ranked = matched.in_serving_order(idx_of_code)
    recipe_offsets, recipe_sku, recipe_qty, is_kit = recipes_by_sku(recipes, skus)
    return EncodedNight(
        demand_lines=lines,
        serving=serving,
        line_order=line_order,
        orders=orders,
        warehouses=ranked.warehouses,
        skus=skus,
        zones=ranked.zones,
        is_kit_sku=is_kit,
        line_offsets=csr_offsets(line_order, orders.height),
        line_qty=lines["quantity"].to_numpy()[serving],
        line_sku=sku_code[serving],
        recipe_offsets=recipe_offsets,
        recipe_sku=recipe_sku,
        recipe_qty=recipe_qty,
        cand_start=ranked.start,
        cand_end=ranked.end,
        cand_wh=ranked.warehouse,
        cand_zone=ranked.zone,
        is_held=orders["is_held"].to_numpy(),
        allow_split=orders["allow_split"].to_numpy(),
        stock=stock_matrix(stock, ranked.warehouses, skus),
    )
