"""Rate shopping: the cheapest carrier service that meets the promise and carries the packages.

For every eligible service (right zone, service level at least the order's), the shipment is packed
under that service's max_weight_g, and the service costs packages x price. The cheapest total wins;
ties go to fewer transit days, then carrier, then service name, so the choice never depends on row
order. A service whose limit is below the heaviest single unit cannot carry the shipment at all.
"""

import numba
import numpy as np
import polars as pl

from assets.fulfillment.packing import PackingItems, packages_needed
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
) -> pl.DataFrame:
    """The winning service per shipment, and the highest weight limit among its eligible ones.

    headers: shipment_idx (0..n-1 in row order), zone and service_level; a null zone means the
    shipment is not rate-shopped. Shipments share eligible services by (zone, service level), so
    the eligible lists are built once per pair and the kernel walks them per shipment, packing
    once per distinct weight limit. Columns of CHOICE_SCHEMA; nulls where nothing can carry it.
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
    chosen, packages, cost, best_limit = cheapest_service_kernel(
        items.offsets,
        items.weights,
        items.quantities,
        shipment_pair,
        pair_offsets,
        eligible["max_weight_g"].to_numpy().astype(np.int64),
        eligible["price_cents"].to_numpy().astype(np.int64),
        items.scratch_size,
    )
    per_choice = {"eligible_row": chosen, "packages": packages, "cost_cents": cost}
    return (
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


@numba.njit(cache=True)
def cheapest_service_kernel(
    offsets, weights, quantities, shipment_pair, pair_offsets, limits, prices, scratch_size
):
    """Per shipment: the eligible row with the lowest packages x price (earliest row on ties),
    its packages and cost, and the highest limit among the eligible rows.

    Shipment s may use rows pair_offsets[p]:pair_offsets[p + 1] with p = shipment_pair[s]
    (p < 0: none). chosen is -1 and best_limit -1 where there is no choice / no eligible row.
    """
    n = shipment_pair.shape[0]
    chosen = np.full(n, -1, dtype=np.int64)
    packages = np.zeros(n, dtype=np.int64)
    cost = np.zeros(n, dtype=np.int64)
    best_limit = np.full(n, -1, dtype=np.int64)
    widest = 1
    for p in range(pair_offsets.shape[0] - 1):
        widest = max(widest, pair_offsets[p + 1] - pair_offsets[p])
    seen_limits = np.empty(widest, dtype=np.int64)
    seen_counts = np.empty(widest, dtype=np.int64)
    room = np.empty(scratch_size, dtype=np.int64)
    for s in range(n):
        p = shipment_pair[s]
        if p < 0:
            continue
        seen = 0
        for j in range(pair_offsets[p], pair_offsets[p + 1]):
            limit = limits[j]
            best_limit[s] = max(best_limit[s], limit)
            count = -2
            for k in range(seen):
                if seen_limits[k] == limit:
                    count = seen_counts[k]
                    break
            if count == -2:
                count = packages_needed(
                    weights, quantities, offsets[s], offsets[s + 1], limit, room
                )
                seen_limits[seen] = limit
                seen_counts[seen] = count
                seen += 1
            if count > 0:
                total = count * prices[j]
                if chosen[s] < 0 or total < cost[s]:
                    chosen[s] = j
                    packages[s] = count
                    cost[s] = total
    return chosen, packages, cost, best_limit
