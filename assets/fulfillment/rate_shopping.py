"""Rate shopping: the cheapest carrier service that meets the promise and carries the packages.

For every eligible service (right zone, service level at least the order's), the shipment is packed
under that service's max_weight_g, and the service costs packages x price. The cheapest total wins;
ties go to fewer transit days, then carrier, then service name, so the choice never depends on row
order. A service whose limit is below the heaviest single unit cannot carry the shipment at all.
"""

import numpy as np
import polars as pl

from assets.fulfillment.packing import PackingItems, count_packages
from assets.fulfillment.service_levels import service_level_rank


def price_in_cents(column: str = "price") -> pl.Expr:
    """Price as integer cents, so costs add up and compare exactly whatever the input dtype."""
    return (pl.col(column).cast(pl.Float64) * 100).round().cast(pl.Int64)


def eligible_services(headers: pl.DataFrame, carrier_services: pl.DataFrame) -> pl.DataFrame:
    """Every (shipment, service) pair whose zone matches and whose level meets the order's.

    headers needs shipment_idx, zone and service_level; the result has one row per pair with
    carrier, service, max_weight_g, price_cents and transit_days.
    """
    services = carrier_services.select(
        pl.col("carrier").cast(pl.String),
        pl.col("service").cast(pl.String),
        pl.col("zone").cast(pl.String),
        service_level_rank("service_level").alias("service_rank"),
        pl.col("max_weight_g").cast(pl.Int64),
        price_in_cents().alias("price_cents"),
        pl.col("transit_days").cast(pl.Int32),
    ).filter(
        pl.col("service_rank").is_not_null()
        & pl.col("price_cents").is_not_null()
        & (pl.col("max_weight_g") > 0)
    )
    return (
        headers.select(
            "shipment_idx", "zone", service_level_rank("service_level").alias("order_rank")
        )
        .join(services, on="zone", how="inner")
        .filter(pl.col("service_rank") >= pl.col("order_rank"))
        .drop("zone", "order_rank", "service_rank")
    )


def cheapest_services(candidates: pl.DataFrame, items: PackingItems) -> pl.DataFrame:
    """The winning service per shipment among candidates that can carry it.

    Packing depends only on the shipment and the weight limit, so each distinct pair is packed
    once and shared by all services with that limit.
    """
    jobs = candidates.select("shipment_idx", "max_weight_g").unique().sort(pl.all())
    counts = count_packages(
        items.offsets,
        items.weights,
        items.quantities,
        jobs["shipment_idx"].to_numpy().astype(np.int64),
        jobs["max_weight_g"].to_numpy().astype(np.int64),
        items.scratch_size,
    )
    jobs = jobs.with_columns(packages=pl.Series(counts, dtype=pl.Int64))
    return (
        candidates.join(jobs, on=["shipment_idx", "max_weight_g"], how="inner")
        .filter(pl.col("packages") > 0)
        .with_columns(cost_cents=pl.col("packages") * pl.col("price_cents"))
        .sort(["shipment_idx", "cost_cents", "transit_days", "carrier", "service"])
        .unique(subset="shipment_idx", keep="first", maintain_order=True)
    )
