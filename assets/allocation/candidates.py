"""Which warehouses may ship an order, best first: zones from reference/zones.csv, optionally cost.

Ranking is a pure join-and-sort over the order book, done once for all orders with Polars.
"""

from typing import Literal

import polars as pl

from contracts.addresses import ADDRESS_KEY, ship_to
from contracts.vocabulary import SERVICE_LEVELS, service_level_rank

ORDER_KEY = ["channel", "channel_order_id"]
ANY_REGION = "*"


def service_speed(column: str) -> pl.Expr:
    """0 for the fastest service level; unknown levels rank after the slowest known one."""
    fastest = len(SERVICE_LEVELS) - 1
    return (fastest - service_level_rank(column)).fill_null(len(SERVICE_LEVELS)).cast(pl.Int8)


def zone_sort_key(zones: pl.Series) -> pl.Expr:
    """Zones sort as numbers when all zones in the table are integers ("2" < "10"), else as text."""
    as_numbers = zones.cast(pl.String).str.strip_chars().str.to_integer(strict=False)
    if as_numbers.null_count() == 0:
        return pl.col("zone").str.strip_chars().str.to_integer()
    return pl.col("zone")


def order_weights(
    lines: pl.DataFrame, skus: pl.DataFrame, kits: pl.DataFrame | None = None
) -> pl.DataFrame:
    """Total weight per order in grams, for cost ranking: kits weigh what their components weigh.

    lines: channel, channel_order_id, sku, quantity; skus: sku, weight_g; kits: kit_sku,
    component_sku, quantity. SKUs missing from skus.csv count as 0 g.
    """
    weights = skus.select(pl.col("sku").cast(pl.String), pl.col("weight_g").cast(pl.Float64))
    units = lines.select(*ORDER_KEY, pl.col("sku").cast(pl.String), pl.col("quantity"))
    if kits is not None and kits.height:
        components = kits.select(
            pl.col("kit_sku").cast(pl.String).alias("sku"),
            pl.col("component_sku").cast(pl.String),
            pl.col("quantity").alias("per_kit"),
        )
        units = (
            units.join(components, on="sku", how="left")
            .with_columns(
                pl.coalesce("component_sku", "sku").alias("sku"),
                (pl.col("quantity") * pl.col("per_kit").fill_null(1)).alias("quantity"),
            )
            .drop("component_sku", "per_kit")
        )
    return (
        units.join(weights, on="sku", how="left")
        .group_by(ORDER_KEY)
        .agg((pl.col("quantity") * pl.col("weight_g").fill_null(0)).sum().round().cast(pl.Int64))
        .rename({"quantity": "weight_g"})
        .sort(ORDER_KEY)
    )


def _address_candidates(addresses: pl.DataFrame, zones: pl.DataFrame) -> pl.DataFrame:
    """Warehouses serving each distinct ship-to address, ranked by zone then warehouse_id.

    Works on distinct (country, region) pairs, a few hundred rows, so the per-order work later
    is a single join. An exact region row beats the country-wide '*' row of the same warehouse.
    """
    table = zones.select(
        pl.col("warehouse_id").cast(pl.String),
        pl.col("dest_country").cast(pl.String).alias("ship_country"),
        pl.col("dest_region").cast(pl.String).fill_null(ANY_REGION).alias("ship_region"),
        pl.col("zone").cast(pl.String),
    ).with_columns(zone_sort_key(zones["zone"]).alias("zone_key"))
    exact = addresses.join(
        table.filter(pl.col("ship_region") != ANY_REGION),
        on=ADDRESS_KEY,
        how="inner",
    ).with_columns(pl.lit(0, pl.Int8).alias("specificity"))
    country_wide = addresses.join(
        table.filter(pl.col("ship_region") == ANY_REGION).drop("ship_region"),
        on="ship_country",
        how="inner",
    ).with_columns(pl.lit(1, pl.Int8).alias("specificity"))
    return (
        pl.concat([exact, country_wide], how="diagonal")
        .sort([*ADDRESS_KEY, "warehouse_id", "specificity", "zone_key", "zone"], nulls_last=True)
        .unique(subset=[*ADDRESS_KEY, "warehouse_id"], keep="first", maintain_order=True)
        .sort([*ADDRESS_KEY, "zone_key", "zone", "warehouse_id"], nulls_last=True)
        .with_columns(
            pl.int_range(pl.len(), dtype=pl.Int32).over(ADDRESS_KEY).add(1).alias("zone_rank")
        )
        .select(*ADDRESS_KEY, "warehouse_id", "zone", "zone_rank")
    )


def candidates_by_address(orders: pl.DataFrame, zones: pl.DataFrame) -> pl.DataFrame:
    """Candidate warehouses per distinct ship-to address of ``orders``, ``candidate_rank`` 1 =
    tried first: ship_country, ship_region (null as NO_REGION), warehouse_id, zone, candidate_rank.

    The zone strategy ranks by address alone, so allocate() takes this instead of one row per
    order and candidate: a night of a million orders has a few hundred rows here, not millions.
    """
    addresses = orders.select(ship_to()).unique()
    return _address_candidates(addresses, zones).select(
        *ADDRESS_KEY, "warehouse_id", "zone", pl.col("zone_rank").alias("candidate_rank")
    )


def price_column(carrier_services: pl.DataFrame) -> str:
    """carrier_services.csv calls the rate ``price``; ``cost`` is accepted too."""
    for name in ("price", "cost"):
        if name in carrier_services.columns:
            return name
    raise ValueError("carrier_services needs a price (or cost) column")


def _cheapest_service(
    pairs: pl.DataFrame, order_weights: pl.DataFrame, carrier_services: pl.DataFrame
) -> pl.DataFrame:
    """Adds ``cost``: the cheapest service at least as fast as promised, in the zone, able to
    carry the order's weight; null when no service qualifies (such warehouses rank last)."""
    services = carrier_services.select(
        pl.col("zone").cast(pl.String).str.strip_chars(),
        service_speed("service_level").alias("service_speed"),
        pl.col("max_weight_g").cast(pl.Float64),
        pl.col(price_column(carrier_services)).cast(pl.Float64).alias("cost"),
    )
    weights = order_weights.select(*ORDER_KEY, pl.col("weight_g").cast(pl.Float64))
    priced = (
        pairs.select("order_row", *ORDER_KEY, "warehouse_id", "zone", "order_speed")
        .join(weights, on=ORDER_KEY, how="left")
        .with_columns(pl.col("zone").str.strip_chars())
        .join(services, on="zone", how="inner")
        .filter(
            (pl.col("service_speed") <= pl.col("order_speed"))
            & (pl.col("max_weight_g") >= pl.col("weight_g"))
        )
        .group_by("order_row", "warehouse_id")
        .agg(pl.col("cost").min())
    )
    return pairs.join(priced, on=["order_row", "warehouse_id"], how="left")


def rank_candidates(
    orders: pl.DataFrame,
    zones: pl.DataFrame,
    *,
    strategy: Literal["zone", "cost"] = "zone",
    order_weights: pl.DataFrame | None = None,
    carrier_services: pl.DataFrame | None = None,
) -> pl.DataFrame:
    """Candidate warehouses per order, ``candidate_rank`` 1 = tried first.

    orders: channel, channel_order_id, ship_country, ship_region, service_level (one row per
    order). "zone" ranks by zone then warehouse_id; "cost" by the cheapest qualifying carrier
    service (order_weights: channel, channel_order_id, weight_g; carrier_services: service_level,
    zone, max_weight_g, price), ties and unpriced warehouses by zone then warehouse_id.
    Orders without any zone row get no candidates (allocation says no_candidate_warehouse).
    Rows come grouped by order in the order of ``orders``, best candidate first.
    """
    if strategy not in ("zone", "cost"):
        raise ValueError(f"unknown strategy {strategy!r}: expected 'zone' or 'cost'")
    if strategy == "cost" and (order_weights is None or carrier_services is None):
        raise ValueError("the cost strategy needs order_weights and carrier_services")
    book = (
        orders.select(
            pl.col("channel").cast(pl.String),
            pl.col("channel_order_id").cast(pl.String),
            *ship_to(),
            service_speed("service_level").alias("order_speed"),
        )
        .unique(maintain_order=True)
        .with_row_index("order_row")
    )
    if book.select(pl.struct(ORDER_KEY).is_duplicated().any()).item():
        raise ValueError("orders must hold one ship-to address and service level per order")
    addresses = book.select(ADDRESS_KEY).unique()
    pairs = book.join(
        _address_candidates(addresses, zones),
        on=ADDRESS_KEY,
        how="inner",
        maintain_order="left_right",
    )
    if strategy == "zone":
        ranked = pairs.rename({"zone_rank": "candidate_rank"})
    else:
        ranked = (
            _cheapest_service(pairs, order_weights, carrier_services)
            .sort("order_row", "cost", "zone_rank", nulls_last=True)
            .with_row_index("row")
            .with_columns(
                (
                    pl.col("row")
                    - pl.when(pl.col("order_row") != pl.col("order_row").shift())
                    .then(pl.col("row"))
                    .otherwise(None)
                    .fill_null(0)
                    .cum_max()
                    + 1
                ).alias("candidate_rank")
            )
        )
    return ranked.select(
        *ORDER_KEY, "warehouse_id", "zone", pl.col("candidate_rank").cast(pl.Int32)
    )
