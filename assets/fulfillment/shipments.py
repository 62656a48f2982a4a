"""Shipments: one per order and warehouse, weighed, rate-shopped and packed into packages.

A shipment that no carrier service can take (no zone, no eligible service, a unit heavier than
every eligible service allows, a SKU without a weight) is kept with status 'held' and a reason in
shipment_exceptions: its units stay allocated, but it gets no packages, pick lines or manifest rows.
"""

from dataclasses import dataclass

import polars as pl

from assets.fulfillment.hold_reasons import hold_reason
from assets.fulfillment.packing import PackingItems
from assets.fulfillment.rate_shopping import RateShopping, choose_services
from assets.fulfillment.shipment_contents import keyed_allocations, shipment_items
from assets.fulfillment.shipment_headers import shipment_headers
from contracts.ids import package_id
from contracts.tables import table_schema
from contracts.vocabulary import ADDRESS_FIELDS

SHIPMENT_SCHEMA = table_schema("shipments")
PACKAGE_SCHEMA = table_schema("shipment_packages")
EXCEPTION_SCHEMA = table_schema("shipment_exceptions")


@dataclass(frozen=True)
class ShipmentPlan:
    """The night's shipments (oms.shipments), package contents and held-shipment reasons."""

    shipments: pl.DataFrame
    packages: pl.DataFrame
    exceptions: pl.DataFrame


def build_shipments(
    allocations: pl.DataFrame,
    orders: pl.DataFrame,
    skus: pl.DataFrame,
    carrier_services: pl.DataFrame,
) -> ShipmentPlan:
    """Weigh, rate-shop and pack every shipment of the night's allocations.

    Each shipment travels in the zone its allocation rows carry (the zone allocation ranked the
    warehouse by); a shipment whose rows have no zone is held.

    Deterministic: shipments come out sorted by shipment_id and packages by package number, and
    the same inputs choose the same service and the same packages on every run.
    """
    shipment_ids, sku_codes, keyed = keyed_allocations(allocations, skus)
    items = shipment_items(keyed, sku_codes)
    del keyed
    headers = shipment_headers(shipment_ids, sku_codes, items, orders)
    packing = PackingItems.from_frame(items, headers.height)

    shopped = choose_services(
        headers.select(
            "shipment_idx",
            pl.when(pl.col("missing_weight_sku").is_null()).then("zone").alias("zone"),
            "service_level",
        ),
        carrier_services,
        packing,
    )
    decided = headers.join(
        shopped.choices, on="shipment_idx", how="left", maintain_order="left"
    ).with_columns(hold_reason=hold_reason())
    return ShipmentPlan(
        shipments=_shipments_frame(decided),
        packages=_packages_frame(decided, items, shopped),
        exceptions=decided.filter(pl.col("hold_reason").is_not_null())
        .select(
            "business_date", "shipment_id", "warehouse_id", pl.col("hold_reason").alias("reason")
        )
        .cast(EXCEPTION_SCHEMA),
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
        *ADDRESS_FIELDS,
    ).cast(SHIPMENT_SCHEMA)


def _packages_frame(
    decided: pl.DataFrame, items: pl.DataFrame, shopped: RateShopping
) -> pl.DataFrame:
    """oms.shipment_packages rows: each ready shipment as rate shopping packed it for the chosen
    service's limit (held shipments have no packages)."""
    item_idx, package_no, units = shopped.item_idx, shopped.package_no, shopped.units
    # one row per item and package it lands in: items are unique per shipment and SKU, so no
    # (package, SKU) pair repeats and the rows only need putting in package, then SKU, order
    placed = (
        pl.DataFrame(
            {"item_idx": item_idx, "package_no": package_no, "quantity": units},
            schema={"item_idx": pl.Int64, "package_no": pl.Int64, "quantity": pl.Int64},
        )
        .with_columns(items["shipment_idx"].gather(item_idx), items["sku_order"].gather(item_idx))
        .sort("shipment_idx", "package_no", "sku_order")
    )
    # a shipment held after rate shopping (its address cannot be delivered) has no packages
    placed = placed.filter(decided["hold_reason"].gather(placed["shipment_idx"]).is_null())
    placed = placed.with_columns(
        items.select("business_date", "sku", "unit_weight_g")[placed["item_idx"]].get_columns()
    )
    # decided holds shipment s in row s
    return (
        placed.with_columns(decided["shipment_id"].gather(placed["shipment_idx"]))
        .select(
            "business_date",
            "shipment_id",
            package_id("shipment_id", pl.col("package_no")).alias("package_id"),
            "package_no",
            "sku",
            "quantity",
            (pl.col("quantity") * pl.col("unit_weight_g")).alias("weight_g"),
        )
        .cast(PACKAGE_SCHEMA)
    )
