"""Turn tonight's frames into the integer arrays the kernel consumes (and keep the maps back).

Orders get their serving rank here, lines and candidates are laid out CSR style by that rank,
SKUs and warehouses become dense integer codes, and stock becomes a warehouse x SKU matrix
holding only the SKUs someone asked for.
"""

from dataclasses import dataclass
from functools import cached_property, partial

import numpy as np
import polars as pl

from assets.allocation.candidates import ORDER_KEY, service_speed
from assets.allocation.kernel import group_permutation
from assets.allocation.keys import candidates_per_order, dense_codes, order_facts
from assets.concurrency import side_by_side
from contracts.addresses import ADDRESS_KEY, ship_to
from contracts.policy import AllocationPolicy

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
    "quantity",
    "placed_at",
    "service_level",
    "first_backordered_date",
]
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
    order_keys: pl.DataFrame,
    lines: pl.DataFrame,
    order_code: np.ndarray,
    rules: pl.DataFrame,
    policy: AllocationPolicy,
) -> pl.DataFrame:
    """One row per order version in serving order: service level, age, channel priority, keys.

    Lines carry a dense code per order version (see keys.dense_codes; `order_keys` holds each
    code's keys); the per-order facts are folded in one compiled pass, so only the million-row
    sort is left to Polars.
    """
    fastest, earliest, paid = order_facts(
        order_code,
        order_keys.height,
        lines["service_speed"].to_numpy(),
        lines["placed_at"].to_physical().to_numpy(),
        lines["is_paid"].fill_null(True).to_numpy(),
    )
    return (
        order_keys.with_columns(
            pl.Series("order_code", np.arange(order_keys.height, dtype=np.int64)),
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


def _serving_order(
    line_no: np.ndarray, order_code: np.ndarray, idx_of_code: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """The permutation that puts lines in serving order (order rank, then line_no), and the
    order_idx of each line in that order."""
    order_idx = idx_of_code[order_code]
    serving = group_permutation(order_idx, line_no, idx_of_code.shape[0])
    order_idx, line_no = order_idx[serving], line_no[serving]
    if np.any((order_idx[1:] == order_idx[:-1]) & (line_no[1:] == line_no[:-1])):
        raise ValueError("demand has the same (channel, channel_order_id, version, line_no) twice")
    return serving, order_idx


@dataclass(frozen=True)
class _Candidates:
    """Candidate warehouses as flat lists: order o (serving order) tries
    warehouse[start[o]:end[o]], best first. Orders that share an address may share a list."""

    start: np.ndarray
    end: np.ndarray
    warehouse: np.ndarray  # warehouse code
    zone: np.ndarray  # zone code
    warehouses: pl.Series  # warehouse_id by code, sorted
    zones: pl.Series  # zone by code, sorted


@dataclass(frozen=True)
class _OrderCandidates:
    """Candidate rows matched to order versions, before the orders are ranked."""

    order_code: np.ndarray  # per (order version, candidate row) pair: the order's dense code
    warehouse: np.ndarray  # warehouse code
    zone: np.ndarray  # zone code
    within: np.ndarray  # sorts an order's candidates: candidate_rank, then warehouse_id
    warehouses: pl.Series
    zones: pl.Series

    def in_serving_order(self, idx_of_code: np.ndarray) -> _Candidates:
        """Pairs in (order_idx, candidate_rank, warehouse_id) order, one list per order."""
        order_idx = idx_of_code[self.order_code]
        serving = group_permutation(order_idx, self.within, idx_of_code.shape[0])
        offsets = _offsets(order_idx[serving], idx_of_code.shape[0])
        return _Candidates(
            start=offsets[:-1],
            end=offsets[1:],
            warehouse=self.warehouse[serving],
            zone=self.zone[serving],
            warehouses=self.warehouses,
            zones=self.zones,
        )


@dataclass(frozen=True)
class _AddressCandidates:
    """One ranked list per ship-to address, and the list of each order version."""

    start: np.ndarray  # by order code
    end: np.ndarray
    warehouse: np.ndarray
    zone: np.ndarray
    warehouses: pl.Series
    zones: pl.Series

    def in_serving_order(self, idx_of_code: np.ndarray) -> _Candidates:
        start, end = np.empty_like(self.start), np.empty_like(self.end)
        start[idx_of_code], end[idx_of_code] = self.start, self.end
        return _Candidates(start, end, self.warehouse, self.zone, self.warehouses, self.zones)


def _candidate_table(candidates: pl.DataFrame, key: list[str]) -> pl.DataFrame:
    return candidates.select(
        pl.col(key).cast(pl.String),
        pl.col("warehouse_id").cast(pl.String),
        pl.col("zone").cast(pl.String),
        pl.col("candidate_rank").cast(pl.Int64),
    )


def _match_order_candidates(candidates: pl.DataFrame, order_keys: pl.DataFrame) -> _OrderCandidates:
    """Every (order version, candidate row) pair, as integer codes; needs no ranking, so it runs
    while the orders are sorted.

    Matched on the pair of 64-bit hashes of (channel, channel_order_id), so a collision on one
    hash cannot attach a warehouse to the wrong order. Candidates come in runs of one order's
    rows (rank_candidates writes them so), so only the first row of each run is hashed and
    looked up; rows in any other order still match, just with more runs.
    """
    table = _candidate_table(candidates, ORDER_KEY)
    is_run_start = table.select(
        pl.any_horizontal(pl.col(c).ne_missing(pl.col(c).shift()) for c in ORDER_KEY)
        .fill_null(True)
        .alias("start")
    ).to_series()
    run_of_row = (is_run_start.cum_sum().cast(pl.Int64) - 1).to_numpy()
    key = pl.struct(ORDER_KEY)
    order_first, order_second = _hash_pair(order_keys, key)
    run_first, run_second = _hash_pair(table.filter(is_run_start), key)
    order_key, keys, run_key = dense_codes(order_first, order_second, run_first, run_second)
    if keys.shape[0] == order_keys.height:  # one version per order: a row's order is its run's
        order_of_row = np.where(run_key >= 0, keys[run_key], -1)[run_of_row]
        pair_row = np.flatnonzero(order_of_row >= 0)
        pair_order = order_of_row[pair_row]
    else:
        pair_order, pair_row = candidates_per_order(order_key, run_key[run_of_row], keys.shape[0])
    warehouses = table["warehouse_id"].unique().sort()
    zones = table["zone"].unique().sort()
    warehouse = _codes(table["warehouse_id"], warehouses)[pair_row]
    return _OrderCandidates(
        order_code=pair_order,
        warehouse=warehouse,
        zone=_codes(table["zone"], zones)[pair_row],
        # Equal ranks fall back to warehouse_id, as in the reference.
        within=table["candidate_rank"].to_numpy()[pair_row] * max(len(warehouses), 1) + warehouse,
        warehouses=warehouses,
        zones=zones,
    )


def _match_address_candidates(
    candidates: pl.DataFrame, order_addresses: pl.DataFrame
) -> _AddressCandidates:
    """Each order version's list is its address's: one join of the orders to a few hundred
    addresses, and no per-order candidate rows at all."""
    table = _candidate_table(candidates, ADDRESS_KEY).sort(
        [*ADDRESS_KEY, "candidate_rank", "warehouse_id"]
    )
    lists = table.select(ADDRESS_KEY).unique(maintain_order=True).with_row_index("list")
    offsets = _offsets(
        table.join(lists, on=ADDRESS_KEY, maintain_order="left")["list"].to_numpy(), lists.height
    )
    list_of_order = (
        order_addresses.join(lists, on=ADDRESS_KEY, how="left", maintain_order="left")["list"]
        .cast(pl.Int64)
        .fill_null(lists.height)  # an address nobody serves: the empty list after the last
        .to_numpy()
    )
    offsets = np.append(offsets, offsets[-1])
    warehouses = table["warehouse_id"].unique().sort()
    zones = table["zone"].unique().sort()
    return _AddressCandidates(
        start=offsets[list_of_order],
        end=offsets[list_of_order + 1],
        warehouse=_codes(table["warehouse_id"], warehouses),
        zone=_codes(table["zone"], zones),
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


def _recipes_by_sku(
    recipes: pl.DataFrame, skus: pl.Series
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """CSR components per SKU code: a plain SKU is one component of 1 unit, itself; a kit is its
    recipe (components in SKU order). Returns (recipe_offsets, recipe_sku codes, recipe_qty,
    is_kit per SKU code). Indexed by SKU, not by line, so it costs nothing per demand line."""
    kit_offsets = _offsets(_codes(recipes["kit_sku"], skus), len(skus))
    kit_size = np.diff(kit_offsets)
    is_kit = kit_size > 0
    counts = np.where(is_kit, kit_size, 1)
    offsets = np.zeros(len(skus) + 1, dtype=np.int64)
    np.cumsum(counts, out=offsets[1:])
    recipe_sku = np.repeat(np.arange(len(skus), dtype=np.int64), counts)
    recipe_qty = np.ones(offsets[-1], dtype=np.int64)
    kit_rows = np.repeat(is_kit, counts)
    recipe_sku[kit_rows] = _codes(recipes["component_sku"], skus)
    recipe_qty[kit_rows] = recipes["per_unit"].to_numpy()
    return offsets, recipe_sku, recipe_qty, is_kit


def _sku_codes(sku: pl.Series, recipes: pl.DataFrame) -> tuple[pl.Series, np.ndarray]:
    """Every SKU of the night (ordered, kits, kit components) sorted, and the code of each
    line's SKU."""
    skus = pl.concat([sku, recipes["kit_sku"], recipes["component_sku"]]).unique().sort()
    return skus, _codes(sku, skus)


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


def _validated(demand: pl.DataFrame, *, with_address: bool) -> pl.DataFrame:
    required = DEMAND_COLUMNS + (ADDRESS_KEY if with_address else [])
    missing = [c for c in required if c not in demand.columns]
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
        *(ship_to() if with_address else []),
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
    return lines.with_columns(_service_speeds(lines["service_level"])).rechunk()


def _service_speeds(levels: pl.Series) -> pl.Series:
    """service_speed of every line, looked up once per distinct spelling: a night has millions
    of lines but a handful of spellings, and lower-casing every line cost more than the rest of
    the validation."""
    distinct = levels.unique(maintain_order=True)
    speeds = distinct.to_frame().select(service_speed(levels.name)).to_series()
    if levels.is_empty():  # replace_strict ignores return_dtype when there is nothing to map
        return speeds.alias("service_speed")
    return levels.replace_strict(distinct, speeds, return_dtype=pl.Int8).alias("service_speed")


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
    recipes = _recipes(kits)
    lines = _validated(demand, with_address=by_address)
    no_query = np.empty(0, dtype=np.int64)
    order_code, first_line, _ = dense_codes(
        *_hash_pair(lines, pl.struct(VERSION_KEY)), no_query, no_query
    )
    order_keys = lines.select(VERSION_KEY)[first_line]
    rules = channel_rules(channels, policy)
    if by_address:
        order_addresses = lines.select(ADDRESS_KEY)[first_line]
        match = partial(_match_address_candidates, candidates, order_addresses)
    else:
        match = partial(_match_order_candidates, candidates, order_keys)

    def rank() -> tuple[pl.DataFrame, np.ndarray, np.ndarray, np.ndarray]:
        orders = _ranked_orders(order_keys, lines, order_code, rules, policy)
        idx_of_code = np.empty(orders.height, dtype=np.int64)
        idx_of_code[orders["order_code"].to_numpy()] = np.arange(orders.height)
        serving, line_order = _serving_order(lines["line_no"].to_numpy(), order_code, idx_of_code)
        return orders, idx_of_code, serving, line_order

    # Coding SKUs and matching candidates to orders do not depend on the ranking, so they run
    # side by side with it (Polars and the compiled helpers release the GIL).
    (orders, idx_of_code, serving, line_order), (skus, sku_code), matched = side_by_side(
        rank, partial(_sku_codes, lines["sku"], recipes), match
    )
    ranked = matched.in_serving_order(idx_of_code)
    recipe_offsets, recipe_sku, recipe_qty, is_kit = _recipes_by_sku(recipes, skus)
    warehouses = ranked.warehouses
    return EncodedNight(
        demand_lines=lines,
        serving=serving,
        line_order=line_order,
        orders=orders,
        warehouses=warehouses,
        skus=skus,
        zones=ranked.zones,
        is_kit_sku=is_kit,
        line_offsets=_offsets(line_order, orders.height),
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
        stock=_stock_matrix(stock, warehouses, skus),
    )
