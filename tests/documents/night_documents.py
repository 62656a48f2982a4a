"""A small fulfilled night, ready to be written as documents."""

import datetime as dt
from dataclasses import dataclass

import polars as pl

from assets.fulfillment.packing_slip_lines import build_packing_slip_lines
from assets.fulfillment.shipments import ShipmentPlan
from contracts.tables import table_schema
from tests.fulfillment.synthetic_night import BUSINESS_DATE, fulfil, synthetic_night

WAREHOUSE = {
    "warehouse_id": "WH1",
    "name": "Avenel Distribution Center",
    "country": "US",
    "region": "NJ",
    "postal_code": "07001",
    "address1": "1100 Randolph Ave",
    "address2": "Door 12",
    "city": "Avenel",
    "phone": "+1 732-555-0188",
}


@dataclass(frozen=True)
class FulfilledNight:
    plan: ShipmentPlan
    pick_list_lines: pl.DataFrame
    manifest_lines: pl.DataFrame
    allocations: pl.DataFrame
    backorders: pl.DataFrame
    slip_lines: pl.DataFrame
    split_order: str


def fulfilled_night(orders: int = 40, per_list: int = 12) -> FulfilledNight:
    """Shipments, pick lines, manifests and slip lines for a generated night; one ship-to name
    in Polish; and one order split over both warehouses with a unit of a line and a whole line
    of it backordered."""
    night = synthetic_night(orders, seed=11)
    night["orders"] = night["orders"].with_columns(
        ship_name=pl.when(pl.int_range(pl.len()) == 0)
        .then(pl.lit("Łucja Wąsowska (ул. Ленина)"))
        .otherwise("ship_name")
    )
    plan, lines, manifests = fulfil(night, per_list)
    allocations = night["allocations"]
    split = (
        allocations.group_by("channel_order_id")
        .agg(pl.col("warehouse_id").n_unique().alias("warehouses"))
        .filter(pl.col("warehouses") > 1)["channel_order_id"]
        .sort()[0]
    )
    first = allocations.filter(pl.col("channel_order_id") == split).row(0, named=True)
    backorders = pl.DataFrame(
        {
            "business_date": [BUSINESS_DATE] * 2,
            "channel": [first["channel"]] * 2,
            "channel_order_id": [split] * 2,
            "version": [first["version"]] * 2,
            "line_no": [first["line_no"], 9],
            "sku": [first["ordered_sku"], "SKU-0005"],
            "quantity": [1, 2],
            "placed_at": [dt.datetime(2026, 11, 19, 12)] * 2,
            "service_level": ["standard"] * 2,
            "first_backordered_date": [BUSINESS_DATE] * 2,
        },
        schema=table_schema("backorders"),
    )
    slip_lines = build_packing_slip_lines(allocations, backorders, plan.packages, night["skus"])
    return FulfilledNight(plan, lines, manifests, allocations, backorders, slip_lines, split)


def write_night(folder, night: FulfilledNight, **overrides):
    """write_warehouse_documents for WH1 of the night, with keyword overrides."""
    from assets.documents.files import write_warehouse_documents

    arguments = {
        "business_date": BUSINESS_DATE,
        "warehouse": WAREHOUSE,
        "pick_list_lines": night.pick_list_lines,
        "shipments": night.plan.shipments,
        "slip_lines": night.slip_lines,
        "manifest_lines": night.manifest_lines,
    } | overrides
    return write_warehouse_documents(folder, **arguments)
