"""Fulfillment: shipments with rate-shopped carrier services, pick lists and carrier manifests."""

import dagster as dg
import polars as pl

from assets.fulfillment.manifests import build_manifests
from assets.fulfillment.pick_lists import build_pick_lists
from assets.fulfillment.shipments import build_shipments
from assets.partitions import business_date_of
from assets.specs import oms_key, table_spec, table_step
from resources.landing import LandingZone
from resources.policies import FulfillmentSettings
from resources.sql_files import sql_text
from resources.warehouse import Warehouse, fetch, read_partition, replace_partitions

SHIPMENT_TABLES = {
    "shipments": (
        "One shipment per order and warehouse, with the cheapest carrier service that meets "
        "the promise."
    ),
    "shipment_packages": "Package contents: shipments over a service's weight limit are split.",
    "shipment_exceptions": "Shipments held instead of shipped, with the reason (never dropped).",
}


@table_step(
    "plan_shipments",
    [
        table_spec(t, group="fulfillment", description=d, deps=[oms_key("allocations")])
        for t, d in SHIPMENT_TABLES.items()
    ],
)
def plan_shipments(context: dg.AssetExecutionContext, landing: LandingZone, warehouse: Warehouse):
    """Group tonight's allocations into shipments, rate-shop each, and pack to the service's
    weight limit."""
    business_date = business_date_of(context)
    with warehouse.connect() as con:
        allocations = read_partition(con, "allocations", business_date)
        orders = fetch(
            con, sql_text("fulfillment", "allocated_orders"), business_date=business_date
        )
        plan = build_shipments(
            allocations,
            orders,
            landing.reference("skus"),
            landing.reference("carrier_services"),
        )
        frames = {
            "shipments": plan.shipments,
            "shipment_packages": plan.packages,
            "shipment_exceptions": plan.exceptions,
        }
        replace_partitions(con, business_date, frames)
    ready = plan.shipments.filter(pl.col("status") == "ready")
    yield dg.MaterializeResult(
        asset_key=oms_key("shipments"),
        metadata={
            "dagster/row_count": plan.shipments.height,
            "ready": ready.height,
            "held": plan.shipments.height - ready.height,
            "carrier_cost": float(ready["cost"].cast(pl.Float64).sum() or 0.0),
            "by_carrier": dg.MetadataValue.json(
                dict(ready.group_by("carrier").len().sort("carrier").iter_rows())
            ),
        },
    )
    yield dg.MaterializeResult(
        asset_key=oms_key("shipment_packages"), metadata={"dagster/row_count": plan.packages.height}
    )
    yield dg.MaterializeResult(
        asset_key=oms_key("shipment_exceptions"),
        metadata={"dagster/row_count": plan.exceptions.height},
    )


ONE_TABLE_STEPS = {
    "pick_list_lines": (
        "Batch pick lists by wave (carrier cutoff, then service level), lines in walking order.",
        ["shipments", "allocations"],
    ),
    "manifest_lines": (
        "End-of-day carrier manifests: every package per warehouse, carrier and ship date.",
        ["shipments", "shipment_packages"],
    ),
}
"""The steps that write one table each: the table's description, and the tables the step reads."""


def _writes(table: str):
    """The asset of a step that writes `oms.<table>` alone, as ONE_TABLE_STEPS describes it."""
    description, reads = ONE_TABLE_STEPS[table]
    deps = [oms_key(read) for read in reads]
    # the step keeps the name it had as a one-asset step, which run logs and benchmarks show
    return table_step(
        f"oms__{table}",
        [table_spec(table, group="fulfillment", description=description, deps=deps)],
    )


@_writes("pick_list_lines")
def pick_list_lines(
    context: dg.AssetExecutionContext,
    landing: LandingZone,
    warehouse: Warehouse,
    fulfillment_settings: FulfillmentSettings,
) -> dg.MaterializeResult:
    business_date = business_date_of(context)
    with warehouse.connect() as con:
        allocations = read_partition(con, "allocations", business_date)
        shipments = read_partition(con, "shipments", business_date)
        lines = build_pick_lists(
            allocations,
            shipments,
            landing.reference("bins"),
            landing.reference("skus"),
            landing.reference("carrier_services"),
            orders_per_pick_list=fulfillment_settings.orders_per_pick_list,
        )
        replace_partitions(con, business_date, {"pick_list_lines": lines})
    return dg.MaterializeResult(
        metadata={
            "dagster/row_count": lines.height,
            "pick_lists": lines["pick_list_id"].n_unique(),
            "units": int(lines["quantity"].sum() or 0),
            "unslotted_lines": int(lines["is_unslotted"].sum() or 0),
        }
    )


@_writes("manifest_lines")
def manifest_lines(context: dg.AssetExecutionContext, warehouse: Warehouse) -> dg.MaterializeResult:
    business_date = business_date_of(context)
    with warehouse.connect() as con:
        shipments = read_partition(con, "shipments", business_date)
        packages = read_partition(con, "shipment_packages", business_date)
        lines = build_manifests(shipments, packages)
        replace_partitions(con, business_date, {"manifest_lines": lines})
    return dg.MaterializeResult(
        metadata={"dagster/row_count": lines.height, "manifests": lines["manifest_id"].n_unique()}
    )
