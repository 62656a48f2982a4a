"""Shipments: one per order and warehouse, weighed, rate-shopped and packed into packages.

A shipment that no carrier service can take (no zone, no eligible service, a unit heavier than
every eligible service allows, a SKU without a weight) is kept with status 'held' and a reason in
shipment_exceptions: its units stay allocated, but it gets no packages, pick lines or manifest rows.
"""

from dataclasses import dataclass

import numpy as np
import polars as pl

from assets.fulfillment.packing import PackingItems, pack_contents
from assets.fulfillment.rate_shopping import cheapest_services, eligible_services

SHIPMENT_SCHEMA: dict[str, pl.DataType] = {
    "business_date": pl.Date(),
    "shipment_id": pl.String(),
    "channel": pl.String(),
    "channel_order_id": pl.String(),
    "warehouse_id": pl.String(),
    "service_level": pl.String(),
    "zone": pl.String(),
    "carrier": pl.String(),
    "service": pl.String(),
    "packages": pl.Int32(),
    "units": pl.Int32(),
    "weight_g": pl.Int64(),
    "cost": pl.Decimal(12, 2),
    "transit_days": pl.Int32(),
    "status": pl.String(),
    "ship_name": pl.String(),
    "ship_address1": pl.String(),
    "ship_city": pl.String(),
    "ship_region": pl.String(),
    "ship_postal_code": pl.String(),
    "ship_country": pl.String(),
}
PACKAGE_SCHEMA: dict[str, pl.DataType] = {
    "business_date": pl.Date(),
    "shipment_id": pl.String(),
    "package_id": pl.String(),
    "package_no": pl.Int32(),
    "sku": pl.String(),
    "quantity": pl.Int32(),
    "weight_g": pl.Int64(),
}
EXCEPTION_SCHEMA: dict[str, pl.DataType] = {
    "business_date": pl.Date(),
    "shipment_id": pl.String(),
    "warehouse_id": pl.String(),
    "reason": pl.String(),
}
ADDRESS_COLUMNS = [
    "ship_name",
    "ship_address1",
    "ship_city",
    "ship_region",
    "ship_postal_code",
    "ship_country",
]


@dataclass(frozen=True)
class ShipmentPlan:
    """The night's shipments (oms.shipments), package contents and held-shipment reasons."""

    shipments: pl.DataFrame
    packages: pl.DataFrame
    exceptions: pl.DataFrame


def package_id(shipment_id: str | pl.Expr, package_no: int | pl.Expr) -> pl.Expr:
    """Package id: the shipment id and the package number, e.g. 'S-123-P2'."""
    shipment = pl.col(shipment_id) if isinstance(shipment_id, str) else shipment_id
    number = pl.lit(package_no) if isinstance(package_no, int) else package_no
    return pl.format("{}-P{}", shipment, number)


def build_shipments(
    allocations: pl.DataFrame,
    orders: pl.DataFrame,
    order_zones: pl.DataFrame,
    skus: pl.DataFrame,
    carrier_services: pl.DataFrame,
) -> ShipmentPlan:
    """Weigh, rate-shop and pack every shipment of the night's allocations.

    Deterministic: shipments come out sorted by shipment_id and packages by package number, and
    the same inputs choose the same service and the same packages on every run.
    """
    items = _shipment_items(allocations, skus)
    headers = _shipment_headers(items, orders, order_zones)
    packing = PackingItems.from_frame(items, headers.height)

    candidates = eligible_services(
        headers.filter(pl.col("zone").is_not_null() & pl.col("missing_weight_sku").is_null()),
        carrier_services,
    )
    chosen = cheapest_services(candidates, packing)
    limits = candidates.group_by("shipment_idx").agg(
        pl.col("max_weight_g").max().alias("best_limit_g")
    )
    decided = (
        headers.join(chosen, on="shipment_idx", how="left")
        .join(limits, on="shipment_idx", how="left")
        .with_columns(hold_reason=_hold_reason())
        .sort("shipment_idx")
    )
    return ShipmentPlan(
        shipments=_shipments_frame(decided),
        packages=_packages_frame(decided, items, packing),
        exceptions=decided.filter(pl.col("hold_reason").is_not_null())
        .select(
            "business_date", "shipment_id", "warehouse_id", pl.col("hold_reason").alias("reason")
        )
        .cast(EXCEPTION_SCHEMA),
    )


def _shipment_items(allocations: pl.DataFrame, skus: pl.DataFrame) -> pl.DataFrame:
    """Units per shipment and SKU with their unit weight, in packing order.

    shipment_idx numbers the shipments in shipment_id order; within a shipment items run heaviest
    first, SKU ascending on ties (the 'decreasing' of first-fit decreasing).
    """
    weights = (
        skus.select(
            pl.col("sku").cast(pl.String), pl.col("weight_g").cast(pl.Int64).alias("unit_weight_g")
        )
        .filter(pl.col("unit_weight_g") >= 0)
        .unique(subset="sku", keep="first", maintain_order=True)
    )
    return (
        allocations.filter(pl.col("quantity") > 0)
        .group_by("shipment_id", "sku")
        .agg(
            pl.col("business_date").min(),
            pl.col("channel").first(),
            pl.col("channel_order_id").first(),
            pl.col("warehouse_id").first(),
            pl.col("quantity").sum().cast(pl.Int64),
        )
        .join(weights, on="sku", how="left")
        .with_columns(shipment_idx=pl.col("shipment_id").rank("dense").cast(pl.Int64) - 1)
        .sort(
            ["shipment_idx", "unit_weight_g", "sku"],
            descending=[False, True, False],
            nulls_last=True,
        )
    )


def _shipment_headers(
    items: pl.DataFrame, orders: pl.DataFrame, order_zones: pl.DataFrame
) -> pl.DataFrame:
    """One row per shipment with totals, the order's promise and address, and the zone."""
    order_keys = ["channel", "channel_order_id"]
    duplicated = orders.filter(pl.struct(order_keys).is_duplicated())
    if duplicated.height:
        raise ValueError(f"orders must hold one row per order; duplicated: {duplicated.head(5)}")
    headers = (
        items.group_by("shipment_idx")
        .agg(
            pl.col("shipment_id").first(),
            pl.col("business_date").min(),
            pl.col("channel").first(),
            pl.col("channel_order_id").first(),
            pl.col("warehouse_id").first(),
            pl.col("quantity").sum().alias("units"),
            (pl.col("quantity") * pl.col("unit_weight_g")).sum().alias("weight_g"),
            pl.col("sku")
            .filter(pl.col("unit_weight_g").is_null())
            .min()
            .alias("missing_weight_sku"),
            pl.col("sku").first().alias("heaviest_sku"),
            pl.col("unit_weight_g").first().alias("heaviest_unit_g"),
        )
        .sort("shipment_idx")
        .join(
            orders.select(*order_keys, "service_level", *ADDRESS_COLUMNS),
            on=order_keys,
            how="left",
        )
        .join(
            order_zones.select(*order_keys, "warehouse_id", pl.col("zone").cast(pl.String)).unique(
                subset=[*order_keys, "warehouse_id"], keep="first", maintain_order=True
            ),
            on=[*order_keys, "warehouse_id"],
            how="left",
        )
    )
    unknown = headers.filter(pl.col("service_level").is_null())
    if unknown.height:
        raise ValueError(
            "allocations reference orders missing from orders: "
            f"{unknown.select(order_keys).head(5).rows()}"
        )
    return headers


def _hold_reason() -> pl.Expr:
    """Why a shipment cannot ship tonight, in words; null when a service was chosen."""
    return (
        pl.when(pl.col("missing_weight_sku").is_not_null())
        .then(pl.format("SKU {} has no valid weight in the SKU reference", "missing_weight_sku"))
        .when(pl.col("zone").is_null())
        .then(
            pl.format(
                "no carrier zone from warehouse {} to {} {}",
                "warehouse_id",
                "ship_country",
                pl.col("ship_postal_code").fill_null(""),
            )
        )
        .when(pl.col("best_limit_g").is_null())
        .then(
            pl.format(
                "no carrier service for zone {} at service level {} or faster",
                "zone",
                "service_level",
            )
        )
        .when(pl.col("carrier").is_null())
        .then(
            pl.format(
                "a unit of SKU {} weighs {} g, more than the {} g limit of every eligible service",
                "heaviest_sku",
                "heaviest_unit_g",
                "best_limit_g",
            )
        )
        .otherwise(None)
    )


def _shipments_frame(decided: pl.DataFrame) -> pl.DataFrame:
    """oms.shipments rows: chosen service and cost for ready shipments, nulls for held ones."""
    is_ready = pl.col("hold_reason").is_null()
    return decided.select(
        "business_date",
        "shipment_id",
        "channel",
        "channel_order_id",
        "warehouse_id",
        "service_level",
        "zone",
        pl.when(is_ready).then("carrier"),
        pl.when(is_ready).then("service"),
        pl.when(is_ready).then("packages").otherwise(0).alias("packages"),
        "units",
        pl.col("weight_g").fill_null(0),
        pl.when(is_ready)
        .then(pl.col("cost_cents").cast(pl.Decimal(18, 2)) / 100)
        .cast(pl.Decimal(12, 2))
        .alias("cost"),
        pl.when(is_ready).then("transit_days"),
        pl.when(is_ready).then(pl.lit("ready")).otherwise(pl.lit("held")).alias("status"),
        *ADDRESS_COLUMNS,
    ).cast(SHIPMENT_SCHEMA)


def _packages_frame(
    decided: pl.DataFrame, items: pl.DataFrame, packing: PackingItems
) -> pl.DataFrame:
    """oms.shipment_packages rows: each ready shipment packed under its chosen service's limit."""
    capacities = (
        decided.select(pl.when(pl.col("hold_reason").is_null()).then("max_weight_g").otherwise(-1))
        .to_series()
        .to_numpy()
        .astype(np.int64)
    )
    max_rows = int(items.height + decided["packages"].fill_null(0).sum())
    item_idx, package_no, units = pack_contents(
        packing.offsets,
        packing.weights,
        packing.quantities,
        capacities,
        max_rows,
        packing.scratch_size,
    )
    placed = pl.DataFrame(
        {"item_idx": item_idx, "package_no": package_no, "quantity": units},
        schema={"item_idx": pl.Int64, "package_no": pl.Int64, "quantity": pl.Int64},
    )
    contents = items.select("business_date", "shipment_id", "sku", "unit_weight_g").with_row_index(
        "item_idx"
    )
    return (
        placed.join(contents.cast({"item_idx": pl.Int64}), on="item_idx", how="left")
        .group_by("business_date", "shipment_id", "package_no", "sku")
        .agg(pl.col("quantity").sum(), pl.col("unit_weight_g").first())
        .select(
            "business_date",
            "shipment_id",
            package_id("shipment_id", pl.col("package_no")).alias("package_id"),
            "package_no",
            "sku",
            "quantity",
            (pl.col("quantity") * pl.col("unit_weight_g")).alias("weight_g"),
        )
        .sort("shipment_id", "package_no", "sku")
        .cast(PACKAGE_SCHEMA)
    )
