"""What a shipment costs the merchant, re-expressed from reference/carrier_services.csv for the
cheapest strategy (stages do not import each other, so fulfillment's rate shopper is not used).

A shipment (one order, one warehouse) goes by one service: the cheapest eligible service (right
zone, at least as fast as the order's service level) that carries every unit, costing packages x
price. Packages are counted by the packing rule fulfillment packs with (contracts.packing): a
service whose limit is below the heaviest unit cannot carry it.
Prices are integer cents so that costs add up and compare exactly.
"""

from dataclasses import dataclass

import numpy as np
import polars as pl
from numba import njit

from assets.allocation.candidates import price_column, service_speed
from contracts.packing import first_fit
from contracts.vocabulary import SERVICE_LEVELS

N_SPEEDS = len(SERVICE_LEVELS) + 1
"""Order speeds 0 (overnight) .. len(SERVICE_LEVELS) (unknown level: any service will do)."""

UNPRICED_CENTS = 10_000_000
"""Cost of a shipment no service can carry: such plans are avoided, never refused."""


@dataclass(frozen=True)
class RateClasses:
    """Per (zone code, order speed): the services worth considering, as (limit, price) pairs.

    Of the eligible services only the cheapest per weight limit is kept, and a limit is dropped
    when a higher limit costs no more (it can never win). Rows of pair ``zone * N_SPEEDS + speed``
    are ``limit[offsets[p]:offsets[p + 1]]``.
    """

    offsets: np.ndarray
    limit: np.ndarray
    price: np.ndarray


def rate_classes(carrier_services: pl.DataFrame, zones: pl.Series) -> RateClasses:
    """The rate classes of every zone of the night (zones: zone by code)."""
    services = carrier_services.select(
        pl.col("zone").cast(pl.String).str.strip_chars(),
        service_speed("service_level").alias("service_speed"),
        pl.col("max_weight_g").cast(pl.Int64).alias("limit"),
        (pl.col(price_column(carrier_services)).cast(pl.Float64) * 100)
        .round()
        .cast(pl.Int64)
        .alias("price"),
    ).filter(
        (pl.col("limit") > 0)
        & pl.col("price").is_not_null()
        & (pl.col("service_speed") < len(SERVICE_LEVELS))
    )
    pairs = pl.DataFrame(
        {
            "zone_code": np.repeat(np.arange(len(zones)), N_SPEEDS),
            "zone": zones.cast(pl.String).str.strip_chars().to_numpy().repeat(N_SPEEDS),
            "speed": np.tile(np.arange(N_SPEEDS), len(zones)),
        },
        schema={"zone_code": pl.Int64, "zone": pl.String, "speed": pl.Int64},
    )
    classes = (
        pairs.join(services, on="zone", how="inner")
        .filter(pl.col("service_speed") <= pl.col("speed"))
        .group_by("zone_code", "speed", "limit")
        .agg(pl.col("price").min())
        .sort("zone_code", "speed", pl.col("limit"), descending=[False, False, True])
        .with_columns(
            pl.col("price").cum_min().shift(1).over("zone_code", "speed").alias("cheapest_above")
        )
        .filter(pl.col("cheapest_above").is_null() | (pl.col("price") < pl.col("cheapest_above")))
        .sort("zone_code", "speed", "limit")
    )
    pair = (classes["zone_code"] * N_SPEEDS + classes["speed"]).to_numpy()
    counts = np.bincount(pair, minlength=len(zones) * N_SPEEDS)
    offsets = np.zeros(counts.shape[0] + 1, dtype=np.int64)
    np.cumsum(counts, out=offsets[1:])
    return RateClasses(
        offsets, classes["limit"].to_numpy().astype(np.int64), classes["price"].to_numpy()
    )


def sku_weights(skus: pl.DataFrame | None, codes: pl.Series) -> np.ndarray:
    """Unit weight in grams per SKU code; a SKU without a weight counts as 0 g."""
    if skus is None or not skus.height:
        return np.zeros(len(codes), dtype=np.int64)
    weights = skus.select(
        pl.col("sku").cast(pl.String), pl.col("weight_g").cast(pl.Float64).round().cast(pl.Int64)
    ).unique("sku", keep="first")
    return (
        pl.DataFrame({"sku": codes})
        .join(weights, on="sku", how="left", maintain_order="left")["weight_g"]
        .fill_null(0)
        .clip(lower_bound=0)
        .to_numpy()
        .astype(np.int64)
    )


@njit(cache=True)
def shipment_cost(
    weights, counts, n_items, pair, offsets, limits, prices, room
):  # pragma: no cover - compiled
    """(cost in cents, packages) of one shipment of items sorted heaviest first; the cheapest
    class wins, fewer packages on equal cost. UNPRICED_CENTS and 0 packages when none can."""
    best_cost = UNPRICED_CENTS
    best_packages = 0
    for j in range(offsets[pair], offsets[pair + 1]):
        count, _ = first_fit(weights, counts, 0, n_items, limits[j], room, room, room, room, False)
        if count < 0:
            continue
        cost = count * prices[j]
        if best_packages == 0 or cost < best_cost or (cost == best_cost and count < best_packages):
            best_cost = cost
            best_packages = count
    return best_cost, best_packages
