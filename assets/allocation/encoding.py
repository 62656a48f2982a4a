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


@dataclass(frozen=True)
class EncodedNight:
    """Tonight's demand as kernel arrays plus the frames that name every integer code."""

    lines: pl.DataFrame  # demand lines in serving order; row i is line i
    orders: pl.DataFrame  # orders in serving order; row o is order o (order_rank = o + 1)
    candidates: pl.DataFrame  # candidate rows in (order, rank) order: warehouse_id, zone
    warehouses: pl.Series  # warehouse_id by code
    skus: pl.Series  # SKU by code
    line_offsets: np.ndarray
    line_qty: np.ndarray
    comp_offsets: np.ndarray
    comp_sku: np.ndarray
    comp_qty: np.ndarray
    cand_offsets: np.ndarray
    cand_wh: np.ndarray
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


def _ranked_orders(
    lines: pl.DataFrame, rules: pl.DataFrame, policy: AllocationPolicy
) -> pl.DataFrame:
    """One row per order version in serving order: service level, age, channel priority, keys.

    Lines are grouped by a 64-bit hash of the order key (integer group-bys are several times
    faster than string ones at millions of lines). A second, independently seeded hash must be
    constant within every group, which proves no two orders shared the first one.
    """
    orders = (
        lines.with_row_index("row")
        .group_by("order_hash")
        .agg(
            pl.col("row").first(),
            pl.col("check_hash").min().alias("check_min"),
            pl.col("check_hash").max().alias("check_max"),
            pl.col("service_speed").min(),
            pl.col("placed_at").min(),
            pl.col("is_paid").all(),
        )
    )
    if orders.select((pl.col("check_min") != pl.col("check_max")).any()).item():
        raise ValueError("two orders share a 64-bit key hash; cannot rank them apart")
    keys = lines.select(VERSION_KEY)[orders["row"]]
    return (
        pl.concat([orders.drop("row", "check_min", "check_max"), keys], how="horizontal")
        .join(rules, on="channel", how="left")
        .sort(["service_speed", "placed_at", "priority", *VERSION_KEY], nulls_last=True)
        .with_columns(
            pl.col("allow_split").fill_null(True),
            (pl.lit(policy.hold_unpaid) & ~pl.col("is_paid").fill_null(False)).alias("is_held"),
            pl.int_range(pl.len(), dtype=pl.Int64).alias("order_idx"),
        )
    )


def _order_of_lines(lines: pl.DataFrame, orders: pl.DataFrame) -> pl.DataFrame:
    """Lines in serving order (order rank, then line_no) with their order_idx and line_idx."""
    order_idx = lines.join(
        orders.select("order_hash", "order_idx"), on="order_hash", how="left", maintain_order="left"
    )["order_idx"]
    serving = group_permutation(order_idx.to_numpy(), lines["line_no"].to_numpy(), orders.height)
    lines = lines.with_columns(order_idx)[serving]
    repeated = lines.select(
        ((pl.col("order_idx").diff() == 0) & (pl.col("line_no").diff() == 0)).any()
    ).item()
    if repeated:
        raise ValueError("demand has the same (channel, channel_order_id, version, line_no) twice")
    return lines.with_columns(pl.int_range(pl.len(), dtype=pl.Int64).alias("line_idx"))


def _candidates_of_orders(candidates: pl.DataFrame, orders: pl.DataFrame) -> pl.DataFrame:
    """Candidate rows in (order_idx, candidate_rank) order.

    Matched on a 64-bit hash of (channel, channel_order_id); a second, independently seeded hash
    must agree too, so a collision on the first cannot attach a warehouse to the wrong order.
    """

    key = pl.struct(pl.col(ORDER_KEY).cast(pl.String))
    hashed = [key.hash(seed=0).alias("key_hash"), key.hash(seed=CHECK_SEED).alias("check")]
    order_keys = orders.select(*hashed, "order_idx").rename({"check": "order_check"})
    matched = (
        candidates.select(
            *hashed,
            pl.col("warehouse_id").cast(pl.String),
            pl.col("zone").cast(pl.String),
            pl.col("candidate_rank").cast(pl.Int64),
        )
        .join(order_keys, on="key_hash", how="inner")
        .filter(pl.col("check") == pl.col("order_check"))
        .select("order_idx", "candidate_rank", "warehouse_id", "zone")
    )
    serving = group_permutation(
        matched["order_idx"].to_numpy(), matched["candidate_rank"].to_numpy(), orders.height
    )
    return matched[serving].drop("candidate_rank")


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
    lines: pl.DataFrame, recipes: pl.DataFrame, skus: pl.Series
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """CSR components per line: a plain SKU is one component of 1 unit, a kit its recipe
    (components in SKU order). Returns (comp_offsets, comp_sku codes, comp_qty)."""
    sku_enum = pl.Enum(skus)
    counts = np.ones(lines.height, dtype=np.int64)
    kit_parts = (
        lines.filter("is_kit")
        .select("line_idx", "sku")
        .join(recipes, left_on="sku", right_on="kit_sku", how="inner")
        .sort("line_idx", "component_sku")
        .select(
            "line_idx",
            pl.col("component_sku").cast(sku_enum).to_physical().cast(pl.Int64),
            "per_unit",
        )
    )
    kit_lines = kit_parts["line_idx"].to_numpy()
    counts[lines["is_kit"].to_numpy()] = 0
    np.add.at(counts, kit_lines, 1)
    offsets = np.zeros(lines.height + 1, dtype=np.int64)
    np.cumsum(counts, out=offsets[1:])
    comp_sku = np.empty(offsets[-1], dtype=np.int64)
    comp_qty = np.ones(offsets[-1], dtype=np.int64)
    plain = lines.select(
        pl.col("line_idx"),
        pl.when(~pl.col("is_kit")).then(pl.col("sku")).cast(sku_enum).to_physical(),
    ).filter(pl.col("sku").is_not_null())
    comp_sku[offsets[plain["line_idx"].to_numpy()]] = plain["sku"].to_numpy()
    if kit_lines.shape[0]:
        first = np.r_[True, kit_lines[1:] != kit_lines[:-1]]
        run_start = np.maximum.accumulate(np.where(first, np.arange(kit_lines.shape[0]), 0))
        position = offsets[kit_lines] + np.arange(kit_lines.shape[0]) - run_start
        comp_sku[position] = kit_parts["component_sku"].to_numpy()
        comp_qty[position] = kit_parts["per_unit"].to_numpy()
    return offsets, comp_sku, comp_qty


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
    return lines.with_columns(service_speed("service_level").alias("service_speed"))


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
    lines = _validated(demand).with_columns(
        pl.struct(VERSION_KEY).hash(seed=0).alias("order_hash"),
        pl.struct(VERSION_KEY).hash(seed=CHECK_SEED).alias("check_hash"),
        pl.col("sku").is_in(recipes["kit_sku"].unique().implode()).alias("is_kit"),
    )
    orders = _ranked_orders(lines, channel_rules(channels, policy), policy)
    with ThreadPoolExecutor(max_workers=2) as pool:  # independent; Polars releases the GIL
        ranked = pool.submit(_candidates_of_orders, candidates, orders)
        lines = _order_of_lines(lines, orders)
        ranked_candidates = ranked.result()
    warehouses = ranked_candidates["warehouse_id"].unique().sort()
    skus = (
        pl.concat([lines.filter(~pl.col("is_kit"))["sku"].unique(), recipes["component_sku"]])
        .unique()
        .sort()
    )
    comp_offsets, comp_sku, comp_qty = _components(lines, recipes, skus)
    return EncodedNight(
        lines=lines,
        orders=orders,
        candidates=ranked_candidates,
        warehouses=warehouses,
        skus=skus,
        line_offsets=_offsets(lines["order_idx"].to_numpy(), orders.height),
        line_qty=lines["quantity"].to_numpy(),
        comp_offsets=comp_offsets,
        comp_sku=comp_sku,
        comp_qty=comp_qty,
        cand_offsets=_offsets(ranked_candidates["order_idx"].to_numpy(), orders.height),
        cand_wh=ranked_candidates["warehouse_id"]
        .cast(pl.Enum(warehouses))
        .to_physical()
        .to_numpy()
        .astype(np.int64),
        is_held=orders["is_held"].to_numpy(),
        allow_split=orders["allow_split"].to_numpy(),
        stock=_stock_matrix(stock, warehouses, skus),
    )
