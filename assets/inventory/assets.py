"""Inventory: tonight's stock snapshot netted against open reservations and safety stock."""

import dagster as dg
import polars as pl

from assets.inventory.netting import net_positions
from assets.inventory.safety_stock import checked_safety_stock
from assets.inventory.snapshot import read_snapshot
from assets.partitions import business_date_of, business_day
from assets.specs import oms_key, table_spec
from resources.landing import LandingZone
from resources.storage import OBJECT_STORAGE_RETRY
from resources.warehouse import Warehouse, replace_partitions, run_sql_file


@dg.multi_asset(
    name="net_inventory",
    specs=[
        table_spec(
            "inventory_positions",
            group="inventory",
            description=(
                "available = max(0, on_hand + returned_units - reserved - safety_stock) per "
                "warehouse and SKU; returned_units: returns restocked the night before."
            ),
            # tonight's order book first: an order cancelled tonight releases its units tonight,
            # on the first run as on every re-run, and so does a line the shop fulfilled since
            deps=[
                oms_key("shipment_confirmations"),
                oms_key("orders"),
                oms_key("order_lines"),
            ],
        ),
        table_spec(
            "inventory_rejects",
            group="inventory",
            description=(
                "Snapshot and safety-stock rows not counted (negative, absurd, non-numeric, "
                "unknown warehouse, a copy of another snapshot file)."
            ),
        ),
    ],
    partitions_def=business_day,
    can_subset=False,
    retry_policy=OBJECT_STORAGE_RETRY,
)
def net_inventory(context: dg.AssetExecutionContext, landing: LandingZone, warehouse: Warehouse):
    """Sum tonight's snapshot files, add the returns restocked the night before, subtract stock
    promised on earlier nights and safety stock."""
    business_date = business_date_of(context)
    known_warehouses = landing.reference("warehouses")["warehouse_id"]
    snapshot = read_snapshot(
        landing.dated_files("inventory", business_date),
        known_warehouses,
        landing.refused_files("inventory", business_date),
    )
    safety_stock, safety_rejects = checked_safety_stock(landing.reference("safety_stock"))
    rejects = pl.concat([snapshot.rejects, safety_rejects])
    with warehouse.connect() as con:
        # units allocated on earlier nights, not shipped, whose order is still live
        reservations = run_sql_file(
            con, "inventory/open_reservations", params={"business_date": business_date}
        )
        # units restocked from returns the night before, not yet in the snapshot
        returned = run_sql_file(
            con, "inventory/returned_units", params={"business_date": business_date}
        )
        positions = net_positions(snapshot.stock, reservations, safety_stock, returned)
        frames = {"inventory_positions": positions, "inventory_rejects": rejects}
        replace_partitions(con, business_date, frames, run_id=context.run_id)
    yield dg.MaterializeResult(
        asset_key=oms_key("inventory_positions"),
        metadata={
            "dagster/row_count": positions.height,
            "units_on_hand": int(positions["on_hand"].sum()),
            "units_returned": int(positions["returned_units"].sum()),
            "units_reserved": int(positions["reserved"].sum()),
            "units_available": int(positions["available"].sum()),
        },
    )
    yield dg.MaterializeResult(
        asset_key=oms_key("inventory_rejects"),
        metadata={"dagster/row_count": rejects.height},
    )
