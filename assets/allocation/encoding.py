"""Turn tonight's frames into the integer arrays the kernel consumes (and keep the maps back).

Orders get their serving rank here, lines and candidates are laid out CSR style by that rank,
SKUs and warehouses become dense integer codes, and stock becomes a warehouse x SKU matrix
holding only the SKUs someone asked for.
"""

from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import numpy as np
import polars as pl

from assets.allocation.candidates import ORDER_KEY, service_speed
from assets.allocation.kernel import group_permutation
from assets.allocation.keys import candidates_per_order, dense_codes, order_facts
from assets.allocation.policy import AllocationPolicy

VERSION_KEY = [*ORDER_KEY, "version"]
DEMAND_COLUMNS = [
    "channel",
    "channel_order_id",
    "version",
    "line_no",
    "sku",
    "quantity",
    "placed_at",
    "service_level",
    "is_paid",
    "first_backordered_date",
]
CHECK_SEED = 0x5EED
"""Seed of the second key hash that proves the first one did not collide."""
_TRUE_WORDS = ["true", "t", "yes", "y", "1"]
LINE_COLUMNS = [
    "channel",
    "channel_order_id",
    "version",
    "line_no",
    "sku",
    "sku_code",
    "quantity",
    "placed_at",
    "service_level",
    "first_backordered_date",
]
"""What the later steps read of a line; only these are laid out in serving order."""


@dataclass(frozen=True)
class EncodedNight:
    """Tonight's demand as kernel arrays plus the frames that name every integer code."""

    lines: pl.DataFrame  # demand lines in serving order; row i is line i
    orders: pl.DataFrame  # orders in serving order; row o is order o (order_rank = o + 1)
    warehouses: pl.Series  # warehouse_id by code
    skus: pl.Series  # SKU by code (ordered SKUs, kits and kit components)
    zones: pl.Series  # zone by code
    is_kit_sku: np.ndarray  # bool by SKU code
    line_offsets: np.ndarray
    line_qty: np.ndarray
    comp_offsets: np.ndarray
    comp_sku: np.ndarray
    comp_qty: np.ndarray
    cand_offsets: np.ndarray
    cand_wh: np.ndarray
    cand_zone: np.ndarray  # zone code per candidate row
    is_held: np.ndarray
    allow_split: np.ndarray
    stock: np.ndarray  # int64[warehouse, sku]


def channel_rules(channels: pl.DataFrame | None, policy: AllocationPolicy) -> pl.DataFrame:
    """Priority (null = unlisted, served after listed channels) and allow_split per channel."""
    rules = pl.DataFrame(
        schema={"channel": pl.String, "priority": pl.Int64, "allow_split": pl.Boolean}
    )
    if channels is not None and channels.height:
        allow = pl.lit(True)
        if "allow_split" in channels.columns:
            raw = pl.col("allow_split")
            if channels.schema["allow_split"] != pl.Boolean:
                raw = raw.cast(pl.String).str.strip_chars().str.to_lowercase().is_in(_TRUE_WORDS)
            allow = raw.fill_null(True)
        priority = (
            pl.col("priority").cast(pl.Int64)
            if "priority" in channels.columns
            else pl.lit(None, pl.Int64)
        )
        rules = channels.select(
            pl.col("channel").cast(pl.String),
            priority.alias("priority"),
            allow.alias("allow_split"),
        ).unique(subset="channel", keep="first", maintain_order=True)
    if policy.split_override:
        override = pl.DataFrame(
            {
                "channel": list(policy.split_override),
                "override": [bool(v) for v in policy.split_override.values()],
            },
            schema={"channel": pl.String, "override": pl.Boolean},
        )
        rules = (
            rules.join(override, on="channel", how="full", coalesce=True)
            .with_columns(pl.coalesce("override", "allow_split").alias("allow_split"))
            .drop("override")
        )
    return rules


def _hash_pair(frame: pl.DataFrame, key: pl.Expr) -> tuple[np.ndarray, np.ndarray]:
    """Two independently seeded 64-bit hashes of ``key`` per row, as int64 arrays."""
    hashes = frame.select(
        key.hash(seed=0).alias("first"), key.hash(seed=CHECK_SEED).alias("second")
    )
    return (
        hashes["first"].to_numpy().view(np.int64),
        hashes["second"].to_numpy().view(np.int64),
    )


def _ranked_orders(
    lines: pl.DataFrame,
    order_code: np.ndarray,
    first_line: np.ndarray,
    rules: pl.DataFrame,
    policy: AllocationPolicy,
) -> pl.DataFrame:
    """One row per order version in serving order: service level, age, channel priority, keys.

    Lines carry a dense code per order version (see keys.dense_codes); the per-order facts are
    folded in one compiled pass, so only the million-row sort is left to Polars.
    """
    fastest, earliest, paid = order_facts(
        order_code,
        first_line.shape[0],
        lines["service_speed"].to_numpy(),
        lines["placed_at"].to_physical().to_numpy(),
        lines["is_paid"].fill_null(True).to_numpy(),
    )
    return (
        lines.select(VERSION_KEY)[first_line]
        .with_columns(
            pl.Series("order_code", np.arange(first_line.shape[0], dtype=np.int64)),
            pl.Series("service_speed", fastest),
            pl.Series("placed_at", earliest),
            pl.Series("is_paid", paid),
        )
        .join(rules, on="channel", how="left", maintain_order="left")
        .sort(["service_speed", "placed_at", "priority", *VERSION_KEY], nulls_last=True)
        .with_columns(
            pl.col("allow_split").fill_null(True),
            (pl.lit(policy.hold_unpaid) & ~pl.col("is_paid")).alias("is_held"),
            pl.int_range(pl.len(), dtype=pl.Int64).alias("order_idx"),
        )
    )


def _order_of_lines(
    lines: pl.DataFrame, order_code: np.ndarray, orders: pl.DataFrame
) -> pl.DataFrame:
    """Lines in serving order (order rank, then line_no) with their order_idx and line_idx."""
    idx_of_code = np.empty(orders.height, dtype=np.int64)
    idx_of_code[orders["order_code"].to_numpy()] = np.arange(orders.height)
    order_idx = idx_of_code[order_code]
    line_no = lines["line_no"].to_numpy()
    serving = group_permutation(order_idx, line_no, orders.height)
    order_idx, line_no = order_idx[serving], line_no[serving]
    if np.any((order_idx[1:] == order_idx[:-1]) & (line_no[1:] == line_no[:-1])):
        raise ValueError("demand has the same (channel, channel_order_id, version, line_no) twice")
    return lines.select(LINE_COLUMNS)[serving].with_columns(
        pl.Series("order_idx", order_idx),
        pl.int_range(pl.len(), dtype=pl.Int64).alias("line_idx"),
    )


@dataclass(frozen=True)
class _RankedCandidates:
    order_idx: np.ndarray  # per ranked candidate row, in (order_idx, candidate_rank) order
    warehouse: np.ndarray  # warehouse code
    zone: np.ndarray  # zone code
    warehouses: pl.Series  # warehouse_id by code, sorted
    zones: pl.Series  # zone by code, sorted


def _candidates_of_orders(candidates: pl.DataFrame, orders: pl.DataFrame) -> _RankedCandidates:
    """Candidate rows in (order_idx, candidate_rank, warehouse_id) order, as integer codes.

    Matched on the pair of 64-bit hashes of (channel, channel_order_id), so a collision on one
    hash cannot attach a warehouse to the wrong order.
    """
    key = pl.struct(pl.col(ORDER_KEY).cast(pl.String))
    order_first, order_second = _hash_pair(orders, key)
    cand_first, cand_second = _hash_pair(candidates, key)
    order_key, keys, cand_key = dense_codes(order_first, order_second, cand_first, cand_second)
    pair_order, pair_row = candidates_per_order(order_key, cand_key, keys.shape[0])
    table = candidates.select(
        pl.col("warehouse_id").cast(pl.String),
        pl.col("zone").cast(pl.String),
        pl.col("candidate_rank").cast(pl.Int64),
    )
    warehouses = table["warehouse_id"].unique().sort()
    zones = table["zone"].unique().sort()
    warehouse = _codes(table["warehouse_id"], warehouses)[pair_row]
    # Equal ranks fall back to warehouse_id, as in the reference.
    within = table["candidate_rank"].to_numpy()[pair_row] * max(len(warehouses), 1) + warehouse
    serving = group_permutation(pair_order, within, orders.height)
    return _RankedCandidates(
        order_idx=pair_order[serving],
        warehouse=warehouse[serving],
        zone=_codes(table["zone"], zones)[pair_row[serving]],
        warehouses=warehouses,
        zones=zones,
    )


def _codes(values: pl.Series, names: pl.Series) -> np.ndarray:
    """Code of each value in ``names`` (which must hold every value)."""
    return values.cast(pl.Enum(names)).to_physical().cast(pl.Int64).to_numpy()


def _offsets(group_of_row: np.ndarray, n_groups: int) -> np.ndarray:
    """CSR offsets for rows already sorted by group."""
    offsets = np.zeros(n_groups + 1, dtype=np.int64)
    np.cumsum(np.bincount(group_of_row, minlength=n_groups), out=offsets[1:])
    return offsets


def _recipes(kits: pl.DataFrame | None) -> pl.DataFrame:
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


def _components(
    sku_code: np.ndarray, recipes: pl.DataFrame, skus: pl.Series
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """CSR components per line: a plain SKU is one component of 1 unit, a kit its recipe
    (components in SKU order). Returns (comp_offsets, comp_sku codes, comp_qty, is_kit per SKU
    code)."""
    recipe_offsets = _offsets(_codes(recipes["kit_sku"], skus), len(skus))
    recipe_sku = _codes(recipes["component_sku"], skus)
    recipe_qty = recipes["per_unit"].to_numpy()
    recipe_size = np.diff(recipe_offsets)
    is_kit = recipe_size > 0
    counts = np.where(is_kit[sku_code], recipe_size[sku_code], 1)
    offsets = np.zeros(sku_code.shape[0] + 1, dtype=np.int64)
    np.cumsum(counts, out=offsets[1:])
    line_of = np.repeat(np.arange(sku_code.shape[0]), counts)
    comp_sku = sku_code[line_of]
    comp_qty = np.ones(offsets[-1], dtype=np.int64)
    kit_part = np.flatnonzero(is_kit[comp_sku])
    recipe_row = recipe_offsets[comp_sku[kit_part]] + kit_part - offsets[line_of[kit_part]]
    comp_sku[kit_part] = recipe_sku[recipe_row]
    comp_qty[kit_part] = recipe_qty[recipe_row]
    return offsets, comp_sku, comp_qty, is_kit


def _stock_matrix(stock: pl.DataFrame, warehouses: pl.Series, skus: pl.Series) -> np.ndarray:
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


def _validated(demand: pl.DataFrame) -> pl.DataFrame:
    missing = [c for c in DEMAND_COLUMNS if c not in demand.columns]
    if missing:
        raise ValueError(f"demand is missing columns {missing}")
    lines = demand.select(
        pl.col("channel").cast(pl.String),
        pl.col("channel_order_id").cast(pl.String),
        pl.col("version").cast(pl.Int64),
        pl.col("line_no").cast(pl.Int64),
        pl.col("sku").cast(pl.String),
        pl.col("quantity").cast(pl.Int64),
        pl.col("placed_at"),
        pl.col("service_level").cast(pl.String),
        pl.col("is_paid").cast(pl.Boolean),
        pl.col("first_backordered_date").cast(pl.Date),
    )
    keys = ["channel", "channel_order_id", "version", "line_no", "sku", "quantity", "placed_at"]
    problems = lines.select(
        pl.any_horizontal(pl.col(keys).is_null()).any().alias("has_nulls"),
        (pl.col("quantity") < 1).any().alias("has_bad_quantity"),
    ).row(0, named=True)
    if problems["has_nulls"]:
        raise ValueError(f"demand has nulls in {keys}")
    if problems["has_bad_quantity"]:
        raise ValueError("demand quantities must be at least 1")
    # One chunk: the serving-order gather of millions of rows is several times slower over chunks.
    return lines.with_columns(service_speed("service_level").alias("service_speed")).rechunk()


def encode(
    demand: pl.DataFrame,
    stock: pl.DataFrame,
    candidates: pl.DataFrame,
    *,
    channels: pl.DataFrame | None,
    kits: pl.DataFrame | None,
    policy: AllocationPolicy,
) -> EncodedNight:
    """Rank orders and lay demand, candidates and stock out as kernel arrays."""
    recipes = _recipes(kits)
    lines = _validated(demand)
    skus = pl.concat([lines["sku"], recipes["kit_sku"], recipes["component_sku"]]).unique().sort()
    lines = lines.with_columns(pl.Series("sku_code", _codes(lines["sku"], skus)))
    no_query = np.empty(0, dtype=np.int64)
    order_code, first_line, _ = dense_codes(
        *_hash_pair(lines, pl.struct(VERSION_KEY)), no_query, no_query
    )
    orders = _ranked_orders(lines, order_code, first_line, channel_rules(channels, policy), policy)
    with ThreadPoolExecutor(max_workers=2) as pool:  # independent; Polars releases the GIL
        ranked = pool.submit(_candidates_of_orders, candidates, orders)
        lines = _order_of_lines(lines, order_code, orders)
        ranked_candidates = ranked.result()
    sku_code = lines["sku_code"].to_numpy()
    comp_offsets, comp_sku, comp_qty, is_kit = _components(sku_code, recipes, skus)
    warehouses = ranked_candidates.warehouses
    return EncodedNight(
        lines=lines,
        orders=orders,
        warehouses=warehouses,
        skus=skus,
        zones=ranked_candidates.zones,
        is_kit_sku=is_kit,
        line_offsets=_offsets(lines["order_idx"].to_numpy(), orders.height),
        line_qty=lines["quantity"].to_numpy(),
        comp_offsets=comp_offsets,
        comp_sku=comp_sku,
        comp_qty=comp_qty,
        cand_offsets=_offsets(ranked_candidates.order_idx, orders.height),
        cand_wh=ranked_candidates.warehouse,
        cand_zone=ranked_candidates.zone,
        is_held=orders["is_held"].to_numpy(),
        allow_split=orders["allow_split"].to_numpy(),
        stock=_stock_matrix(stock, warehouses, skus),
    )
