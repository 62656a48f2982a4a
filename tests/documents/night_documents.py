"""A small fulfilled night, ready to be written as documents."""

from dataclasses import dataclass

import polars as pl

from assets.fulfillment.shipments import ShipmentPlan
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


def fulfilled_night(orders: int = 40, per_list: int = 12) -> FulfilledNight:
    """Shipments, pick lines and manifests for a generated night; one ship-to name in Polish."""
    night = synthetic_night(orders, seed=11)
    night["orders"] = night["orders"].with_columns(
        ship_name=pl.when(pl.int_range(pl.len()) == 0)
        .then(pl.lit("Łucja Wąsowska (ул. Ленина)"))
        .otherwise("ship_name")
    )
    plan, lines, manifests = fulfil(night, per_list)
    return FulfilledNight(plan, lines, manifests)


def write_night(folder, night: FulfilledNight, **overrides):
    """write_warehouse_documents for WH1 of the night, with keyword overrides."""
    from assets.documents.files import write_warehouse_documents

    arguments = {
        "business_date": BUSINESS_DATE,
        "warehouse": WAREHOUSE,
        "pick_list_lines": night.pick_list_lines,
        "shipments": night.plan.shipments,
        "packages": night.plan.packages,
        "manifest_lines": night.manifest_lines,
    } | overrides
    return write_warehouse_documents(folder, **arguments)
