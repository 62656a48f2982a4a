"""Candidate warehouses as flat lists the kernel walks: order o tries its list, best first.

Candidates come per order (rank_candidates) or per ship-to address (candidates_by_address); both
become the same CandidateLists once the orders are ranked.
"""

from dataclasses import dataclass

import numpy as np
import polars as pl

from assets.allocation.arrays import codes_in, csr_offsets
from assets.allocation.candidates import ORDER_KEY
from assets.allocation.kernel import group_permutation
from assets.allocation.keys import candidates_per_order, dense_codes, hash_pair
from contracts.addresses import ADDRESS_KEY


@dataclass(frozen=True)
class CandidateLists:
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

    def in_serving_order(self, idx_of_code: np.ndarray) -> CandidateLists:
        """Pairs in (order_idx, candidate_rank, warehouse_id) order, one list per order."""
        order_idx = idx_of_code[self.order_code]
        serving = group_permutation(order_idx, self.within, idx_of_code.shape[0])
        offsets = csr_offsets(order_idx[serving], idx_of_code.shape[0])
        return CandidateLists(
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

    def in_serving_order(self, idx_of_code: np.ndarray) -> CandidateLists:
        start, end = np.empty_like(self.start), np.empty_like(self.end)
        start[idx_of_code], end[idx_of_code] = self.start, self.end
        return CandidateLists(start, end, self.warehouse, self.zone, self.warehouses, self.zones)


def _candidate_table(candidates: pl.DataFrame, key: list[str]) -> pl.DataFrame:
    return candidates.select(
        pl.col(key).cast(pl.String),
        pl.col("warehouse_id").cast(pl.String),
        pl.col("zone").cast(pl.String),
        pl.col("candidate_rank").cast(pl.Int64),
    )


def match_order_candidates(candidates: pl.DataFrame, order_keys: pl.DataFrame) -> _OrderCandidates:
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
    order_first, order_second = hash_pair(order_keys, key)
    run_first, run_second = hash_pair(table.filter(is_run_start), key)
    order_key, keys, run_key = dense_codes(order_first, order_second, run_first, run_second)
    if keys.shape[0] == order_keys.height:  # one version per order: a row's order is its run's
        order_of_row = np.where(run_key >= 0, keys[run_key], -1)[run_of_row]
        pair_row = np.flatnonzero(order_of_row >= 0)
        pair_order = order_of_row[pair_row]
    else:
        pair_order, pair_row = candidates_per_order(order_key, run_key[run_of_row], keys.shape[0])
    warehouses = table["warehouse_id"].unique().sort()
    zones = table["zone"].unique().sort()
    warehouse = codes_in(table["warehouse_id"], warehouses)[pair_row]
    return _OrderCandidates(
        order_code=pair_order,
        warehouse=warehouse,
        zone=codes_in(table["zone"], zones)[pair_row],
        # Equal ranks fall back to warehouse_id, as in the reference.
        within=table["candidate_rank"].to_numpy()[pair_row] * max(len(warehouses), 1) + warehouse,
        warehouses=warehouses,
        zones=zones,
    )


def match_address_candidates(
    candidates: pl.DataFrame, order_addresses: pl.DataFrame
) -> _AddressCandidates:
    """Each order version's list is its address's: one join of the orders to a few hundred
    addresses, and no per-order candidate rows at all."""
    table = _candidate_table(candidates, ADDRESS_KEY).sort(
        [*ADDRESS_KEY, "candidate_rank", "warehouse_id"]
    )
    lists = table.select(ADDRESS_KEY).unique(maintain_order=True).with_row_index("list")
    offsets = csr_offsets(
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
        warehouse=codes_in(table["warehouse_id"], warehouses),
        zone=codes_in(table["zone"], zones),
        warehouses=warehouses,
        zones=zones,
    )
