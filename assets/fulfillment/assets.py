"""Fulfillment: shipments with rate-shopped carrier services, pick lists and carrier manifests."""

import dagster as dg
import polars as pl

from assets.fulfillment.customs import build_customs_declarations, checked_customs_catalogue
from assets.fulfillment.manifests import build_manifests
from assets.fulfillment.packing_slip_lines import build_packing_slip_lines
from assets.fulfillment.pick_lists import build_pick_lists
from assets.fulfillment.shipments import build_shipments
from assets.partitions import business_date_of
from assets.specs import oms_key, rows_per, table_asset, table_spec, table_step
from resources.landing import LandingZone
from resources.policies import FulfillmentSettings
from resources.storage import OBJECT_STORAGE_RETRY
from resources.warehouse import Warehouse, read_partition, replace_partitions, run_sql_file

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
        table_spec(
            t,
            group="fulfillment",
            description=d,
            deps=[oms_key("allocations"), oms_key("orders")],
        )
        for t, d in SHIPMENT_TABLES.items()
    ],
    retry_policy=OBJECT_STORAGE_RETRY,
)
def plan_shipments(context: dg.AssetExecutionContext, landing: LandingZone, warehouse: Warehouse):
    """Group tonight's allocations into shipments, rate-shop each, and pack to the service's
    weight limit."""
    business_date = business_date_of(context)
    with warehouse.connect() as con:
        allocations = read_partition(con, "allocations", business_date)
        orders = run_sql_file(
            con, "fulfillment/allocated_orders", params={"business_date": business_date}
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
        replace_partitions(con, business_date, frames, run_id=context.run_id)
    ready = plan.shipments.filter(pl.col("status") == "ready")
    yield dg.MaterializeResult(
        asset_key=oms_key("shipments"),
        metadata={
            "dagster/row_count": plan.shipments.height,
            "ready": ready.height,
            "held": plan.shipments.height - ready.height,
            "carrier_cost": float(ready["cost"].cast(pl.Float64).sum() or 0.0),
            "by_carrier": dg.MetadataValue.json(rows_per(ready, "carrier")),
        },
    )
    yield dg.MaterializeResult(
        asset_key=oms_key("shipment_packages"), metadata={"dagster/row_count": plan.packages.height}
    )
    yield dg.MaterializeResult(
        asset_key=oms_key("shipment_exceptions"),
        metadata={"dagster/row_count": plan.exceptions.height},
    )


@table_asset(
    "pick_list_lines",
    group="fulfillment",
    description=(
        "Batch pick lists by wave (carrier cutoff, then service level), lines in walking order."
    ),
    deps=[oms_key("shipments"), oms_key("allocations")],
    retry_policy=OBJECT_STORAGE_RETRY,
)
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
        replace_partitions(con, business_date, {"pick_list_lines": lines}, run_id=context.run_id)
    return dg.MaterializeResult(
        metadata={
            "dagster/row_count": lines.height,
            "pick_lists": lines["pick_list_id"].n_unique(),
            "units": int(lines["quantity"].sum() or 0),
            "unslotted_lines": int(lines["is_unslotted"].sum() or 0),
        }
    )


@table_asset(
    "manifest_lines",
    group="fulfillment",
    description="End-of-day carrier manifests: every package per warehouse, carrier and ship date.",
    deps=[oms_key("shipments"), oms_key("shipment_packages")],
)
def manifest_lines(context: dg.AssetExecutionContext, warehouse: Warehouse) -> dg.MaterializeResult:
    business_date = business_date_of(context)
    with warehouse.connect() as con:
        shipments = read_partition(con, "shipments", business_date)
        packages = read_partition(con, "shipment_packages", business_date)
        lines = build_manifests(shipments, packages)
        replace_partitions(con, business_date, {"manifest_lines": lines}, run_id=context.run_id)
    return dg.MaterializeResult(
        metadata={"dagster/row_count": lines.height, "manifests": lines["manifest_id"].n_unique()}
    )


CUSTOMS_TABLES = {
    "customs_declarations": (
        "CN22/CN23 customs declaration of every ready shipment leaving its warehouse's country: "
        "one row per shipment and ordered SKU, blanks flagged."
    ),
    "catalogue_warnings": "Catalogue rows whose HS code or origin cannot be declared, and why.",
}


@table_step(
    "declare_customs",
    [
        table_spec(
            t,
            group="fulfillment",
            description=d,
            deps=[oms_key("shipments"), oms_key("allocations"), oms_key("order_lines")],
        )
        for t, d in CUSTOMS_TABLES.items()
    ],
    retry_policy=OBJECT_STORAGE_RETRY,
)
def declare_customs(context: dg.AssetExecutionContext, landing: LandingZone, warehouse: Warehouse):
    """Declare the contents, value, HS code and origin of every international shipment."""
    business_date = business_date_of(context)
    catalogue = checked_customs_catalogue(landing.reference("skus"))
    with warehouse.connect() as con:
        lines = run_sql_file(
            con, "fulfillment/customs_lines", params={"business_date": business_date}
        )
        declarations = build_customs_declarations(
            lines, landing.reference("warehouses"), catalogue.skus, business_date
        )
        warnings = catalogue.warnings.with_columns(business_date=pl.lit(business_date))
        frames = {"customs_declarations": declarations, "catalogue_warnings": warnings}
        replace_partitions(con, business_date, frames, run_id=context.run_id)
    incomplete = declarations.filter(pl.col("missing").is_not_null())
    yield dg.MaterializeResult(
        asset_key=oms_key("customs_declarations"),
        metadata={
            "dagster/row_count": declarations.height,
            "shipments": declarations["shipment_id"].n_unique(),
            "cn23": declarations.filter(pl.col("form") == "CN23")["shipment_id"].n_unique(),
            "rows_with_blanks": incomplete.height,
        },
    )
    yield dg.MaterializeResult(
        asset_key=oms_key("catalogue_warnings"), metadata={"dagster/row_count": warnings.height}
    )


@table_asset(
    "packing_slip_lines",
    group="fulfillment",
    description=(
        "Every line of each shipment's order as its packing slip states it: packed here, "
        "shipped from another warehouse or backordered."
    ),
    deps=[oms_key("allocations"), oms_key("backorders"), oms_key("shipment_packages")],
    retry_policy=OBJECT_STORAGE_RETRY,
)
def packing_slip_lines(
    context: dg.AssetExecutionContext, landing: LandingZone, warehouse: Warehouse
) -> dg.MaterializeResult:
    business_date = business_date_of(context)
    with warehouse.connect() as con:
        lines = build_packing_slip_lines(
            read_partition(con, "allocations", business_date),
            read_partition(con, "backorders", business_date),
            read_partition(con, "shipment_packages", business_date),
            landing.reference("skus"),
        )
        replace_partitions(con, business_date, {"packing_slip_lines": lines}, run_id=context.run_id)
    return dg.MaterializeResult(
        metadata={
            "dagster/row_count": lines.height,
            "not_in_their_shipment": lines.filter(pl.col("packed_units") == 0).height,
        }
    )
