"""Rate shopping: the cheapest carrier service that meets the promise and carries the packages.

For every eligible service (right zone, service level at least the order's), the shipment is packed
under that service's max_weight_g, and the service costs packages x price. The cheapest total wins;
ties go to fewer transit days, then carrier, then service name, so the choice never depends on row
order. A service whose limit is below the heaviest single unit cannot carry the shipment at all.
"""

from dataclasses import dataclass

import numba
import numpy as np
import polars as pl

from assets.fulfillment.packing import PackingItems
from contracts.packing import first_fit
from contracts.vocabulary import service_level_rank

CHOICE_SCHEMA: dict[str, pl.DataType] = {
    "shipment_idx": pl.Int64(),
    "carrier": pl.String(),
    "service": pl.String(),
    "max_weight_g": pl.Int64(),
    "transit_days": pl.Int32(),
    "packages": pl.Int64(),
    "cost_cents": pl.Int64(),
    "best_limit_g": pl.Int64(),
}


@dataclass(frozen=True)
class RateShopping:
    """The service chosen per shipment and the packages that priced it.

    contents: item index, package number (1-based) and units per item and package it lands in,
    shipments in order; only shipments with a chosen service have rows.
    """

    choices: pl.DataFrame  # CHOICE_SCHEMA, one row per shipment
    item_idx: np.ndarray
    package_no: np.ndarray
    units: np.ndarray


def price_in_cents(column: str = "price") -> pl.Expr:
    """Price as integer cents, so costs add up and compare exactly whatever the input dtype."""
    return (pl.col(column).cast(pl.Float64) * 100).round().cast(pl.Int64)


def usable_services(carrier_services: pl.DataFrame) -> pl.DataFrame:
    """Services with a known level, a price and a positive weight limit, in tie-break order.

    Tie-break order is fewer transit days, then carrier, then service: of two services with the
    same total cost, the one listed first wins.
    """
    return (
        carrier_services.select(
            pl.col("carrier").cast(pl.String),
            pl.col("service").cast(pl.String),
            pl.col("zone").cast(pl.String),
            service_level_rank("service_level").alias("service_rank"),
            pl.col("max_weight_g").cast(pl.Int64),
            price_in_cents().alias("price_cents"),
            pl.col("transit_days").cast(pl.Int32),
        )
        .filter(
            pl.col("service_rank").is_not_null()
            & pl.col("price_cents").is_not_null()
            & (pl.col("max_weight_g") > 0)
        )
        .sort(["transit_days", "carrier", "service"], maintain_order=True)
    )


def choose_services(
    headers: pl.DataFrame, carrier_services: pl.DataFrame, items: PackingItems
) -> RateShopping:
    """The winning service per shipment, the highest weight limit among its eligible ones, and
    the packages the winner carries (packed while pricing, so never packed a second time).

    headers: shipment_idx (0..n-1 in row order), zone and service_level; a null zone means the
    shipment is not rate-shopped. Shipments share eligible services by (zone, service level), so
    the eligible lists are built once per pair and the kernel walks them per shipment, packing
    once per distinct weight limit. Choices in CHOICE_SCHEMA; nulls where nothing can carry it.
    """
    services = usable_services(carrier_services).with_row_index("service_idx")
    wanted = headers.select(
        "shipment_idx", "zone", service_level_rank("service_level").alias("order_rank")
    )
    pairs = (
        wanted.filter(pl.col("zone").is_not_null() & pl.col("order_rank").is_not_null())
        .select("zone", "order_rank")
        .unique()
        .sort("zone", "order_rank")
        .with_row_index("pair_idx")
    )
    eligible = (
        pairs.join(services, on="zone", how="inner")
        .filter(pl.col("service_rank") >= pl.col("order_rank"))
        .sort("pair_idx", "service_idx")
    )
    pair_counts = np.bincount(
        eligible["pair_idx"].to_numpy().astype(np.int64), minlength=pairs.height
    )
    pair_offsets = np.zeros(pairs.height + 1, dtype=np.int64)
    np.cumsum(pair_counts, out=pair_offsets[1:])
    shipment_pair = (
        wanted.join(pairs, on=["zone", "order_rank"], how="left", maintain_order="left")
        .select(pl.col("pair_idx").cast(pl.Int64).fill_null(-1))
        .to_series()
        .to_numpy()
    )
    chosen, packages, cost, best_limit, contents = cheapest_service_kernel(
        items.offsets,
        items.weights,
        items.quantities,
        shipment_pair,
        pair_offsets,
        eligible["max_weight_g"].to_numpy().astype(np.int64),
        eligible["price_cents"].to_numpy().astype(np.int64),
        items.scratch_size,
        items.rows_size,
    )
    per_choice = {"eligible_row": chosen, "packages": packages, "cost_cents": cost}
    choices = (
        pl.DataFrame(
            {"shipment_idx": wanted["shipment_idx"], **per_choice, "best_limit_g": best_limit}
        )
        .with_columns(
            # the kernel marks 'none' with -1 (no choice, no eligible service)
            pl.when(pl.col("eligible_row") >= 0).then(pl.col(*per_choice)),
            pl.when(pl.col("best_limit_g") >= 0).then("best_limit_g").alias("best_limit_g"),
        )
        .join(
            eligible.select(
                pl.int_range(pl.len(), dtype=pl.Int64).alias("eligible_row"),
                "carrier",
                "service",
                "max_weight_g",
                "transit_days",
            ),
            on="eligible_row",
            how="left",
            maintain_order="left",
        )
        .select(CHOICE_SCHEMA.keys())
        .cast(CHOICE_SCHEMA)
    )
    return RateShopping(choices, item_idx=contents[0], package_no=contents[1], units=contents[2])


@numba.njit(cache=True)
def _cheapest_row_per_limit(pair_offsets, limits, prices):
    """Per (zone, service level) pair: its distinct weight limits, each with the cheapest row of
    that limit (the earliest on equal prices), and the highest limit. Packing depends on the
    limit alone, so a shipment is packed once per distinct limit, never per row.

    Returns (row_offsets, rows, best_limit): pair p's candidates are rows[row_offsets[p]:...].
    """
    n_pairs = pair_offsets.shape[0] - 1
    row_offsets = np.zeros(n_pairs + 1, dtype=np.int64)
    rows = np.empty(max(1, pair_offsets[-1]), dtype=np.int64)
    best_limit = np.full(n_pairs, -1, dtype=np.int64)
    n = 0
    for p in range(n_pairs):
        first = n
        for j in range(pair_offsets[p], pair_offsets[p + 1]):
            best_limit[p] = max(best_limit[p], limits[j])
            known = -1
            for k in range(first, n):
                if limits[rows[k]] == limits[j]:
                    known = k
                    break
            if known < 0:
                rows[n] = j
                n += 1
            elif prices[j] < prices[rows[known]]:
                rows[known] = j
        row_offsets[p + 1] = n
    return row_offsets, rows, best_limit


@numba.njit(cache=True)
def cheapest_service_kernel(
    offsets,
    weights,
    quantities,
    shipment_pair,
    pair_offsets,
    limits,
    prices,
    scratch_size,
    rows_size,
):
    """Per shipment: the eligible row with the lowest packages x price (earliest row on ties),
    its packages and cost, the highest limit among the eligible rows, and the contents of the
    packages under the chosen row's limit.

    Shipment s may use rows pair_offsets[p]:pair_offsets[p + 1] with p = shipment_pair[s]
    (p < 0: none). chosen is -1 and best_limit -1 where there is no choice / no eligible row.
    The contents are parallel arrays (item index, package number 1-based, units), one row per
    item and package it lands in, shipments in order: the packing that priced the winner, kept
    rather than packed again.
    """
    n = shipment_pair.shape[0]
    chosen = np.full(n, -1, dtype=np.int64)
    packages = np.zeros(n, dtype=np.int64)
    cost = np.zeros(n, dtype=np.int64)
    best_limit = np.full(n, -1, dtype=np.int64)
    row_offsets, rows, pair_limit = _cheapest_row_per_limit(pair_offsets, limits, prices)
    room = np.empty(scratch_size, dtype=np.int64)
    trial = np.empty((3, rows_size), dtype=np.int64)
    best = np.empty((3, rows_size), dtype=np.int64)
    contents = np.empty((3, max(16, offsets[-1] * 2)), dtype=np.int64)
    written = 0
    for s in range(n):
        p = shipment_pair[s]
        if p < 0:
            continue
        best_limit[s] = pair_limit[p]
        best_rows = 0
        for k in range(row_offsets[p], row_offsets[p + 1]):
            j = rows[k]
            count, used = first_fit(
                weights,
                quantities,
                offsets[s],
                offsets[s + 1],
                limits[j],
                room,
                trial[0],
                trial[1],
                trial[2],
                True,
            )
            if count > 0:
                total = count * prices[j]
                if chosen[s] < 0 or total < cost[s] or (total == cost[s] and j < chosen[s]):
                    chosen[s] = j
                    packages[s] = count
                    cost[s] = total
                    trial, best = best, trial
                    best_rows = used
        if chosen[s] >= 0:
            if written + best_rows > contents.shape[1]:
                grown = np.empty((3, 2 * (written + best_rows)), dtype=np.int64)
                grown[:, :written] = contents[:, :written]
                contents = grown
            contents[:, written : written + best_rows] = best[:, :best_rows]
            written += best_rows
    return chosen, packages, cost, best_limit, contents[:, :written]
