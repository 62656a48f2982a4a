"""Allocation: which warehouse ships which order line tonight, and which lines wait.

The policy is documented, exactly as built, in docs/allocation.md.
"""

import json
from dataclasses import asdict

import dagster as dg
import polars as pl

from assets.allocation.candidates import candidates_by_address, order_weights, rank_candidates
from assets.allocation.engine import allocate
from assets.allocation.inputs import DatesOutOfOrder, check_previous_night
from assets.partitions import business_date_of
from assets.specs import oms_key, table_spec, table_step
from resources.landing import LandingZone
from resources.policies import AllocationSettings
from resources.storage import OBJECT_STORAGE_RETRY
from resources.warehouse import Warehouse, read_partition, replace_partitions, run_sql_file

# Tonight's allocation depends on last night's (backorders, reservations). Declaring it lets Dagster
# run a backfill's dates in order and mark later dates stale when an earlier one is re-run.
PREVIOUS_NIGHT = dg.AssetDep(
    oms_key("allocations"),
    partition_mapping=dg.TimeWindowPartitionMapping(start_offset=-1, end_offset=-1),
)

ALLOCATION_TABLES = {
    "allocations": (
        "Units promised tonight: which warehouse ships which order line (kits as components)."
    ),
    "backorders": (
        "Units still owed after tonight; they lead tomorrow's queue with their original placed_at."
    ),
    "allocation_decisions": (
        "Every demand line's outcome and the rule that decided it: the answer to 'why?'."
    ),
    "allocation_runs": "The night's queue size and the policy it ran with.",
    "order_exceptions": (
        "Changes that came after units were allocated and that no parcel can follow (a quantity "
        "lowered below it, an address edited): nothing more is sent, an operator decides."
    ),
}


@table_step(
    "allocate_orders",
    [
        table_spec(
            table,
            group="allocation",
            description=description,
            deps=[
                oms_key("orders"),
                oms_key("order_lines"),
                oms_key("inventory_positions"),
                oms_key("shipment_confirmations"),
            ]
            + ([PREVIOUS_NIGHT] if table == "allocations" else []),
        )
        for table, description in ALLOCATION_TABLES.items()
    ],
    retry_policy=OBJECT_STORAGE_RETRY,
)
def allocate_orders(
    context: dg.AssetExecutionContext,
    landing: LandingZone,
    warehouse: Warehouse,
    allocation_settings: AllocationSettings,
):
    """Serve tonight's demand in rank order against available stock, by the configured policy."""
    business_date = business_date_of(context)
    policy = allocation_settings.policy()
    skus, kits = landing.reference("skus"), landing.reference("kits")
    with warehouse.connect() as con:
        tonight = {"business_date": business_date}
        try:
            check_previous_night(
                business_date, run_sql_file(con, "allocation/previous_run", params=tonight)
            )
        except DatesOutOfOrder as refused:  # the same on every attempt: do not retry
            raise dg.Failure(str(refused), allow_retries=False) from refused
        demand = run_sql_file(con, "allocation/demand", params=tonight)  # see its header
        exceptions = run_sql_file(con, "allocation/order_exceptions", params=tonight)
        stock = read_partition(con, "inventory_positions", business_date).select(
            "warehouse_id", "sku", "available"
        )
        zones = landing.reference("zones")
        if policy.strategy != "cost":  # ranked by address alone: one list per ship-to address
            candidates = candidates_by_address(demand, zones)
        else:
            candidates = rank_candidates(
                demand.select(
                    "channel", "channel_order_id", "ship_country", "ship_region", "service_level"
                ).unique(["channel", "channel_order_id"]),
                zones,
                strategy=policy.strategy,
                order_weights=order_weights(demand, skus, kits),
                carrier_services=landing.reference("carrier_services"),
            )
        result = allocate(
            demand,
            stock,
            candidates,
            business_date=business_date,
            channels=landing.reference("channels"),
            kits=kits,
            policy=policy,
            skus=skus,
            carrier_services=landing.reference("carrier_services")
            if policy.strategy == "cheapest"
            else None,
        )
        search = result.plan_search
        if search is not None:
            context.log.info(
                f"cheapest plans: {search.orders_searched} of {search.orders} orders searched in "
                f"{search.seconds:.1f} s (budget {policy.plan_budget_seconds:g} s), "
                f"{search.orders_replanned} re-planned, shipping "
                f"{search.zone_cost_cents / 100:.2f} -> {search.plan_cost_cents / 100:.2f}"
            )
        demand_units = int(demand["quantity"].sum() or 0)
        allocated_units = int(result.decisions["allocated"].sum() or 0)
        backordered_units = int(result.backorders["quantity"].sum() or 0)
        run = pl.DataFrame(
            {
                "demand_lines": [demand.height],
                "demand_units": [demand_units],
                "allocated_units": [allocated_units],
                "backordered_units": [backordered_units],
                "policy": [json.dumps(asdict(policy), sort_keys=True, default=dict)],
                "plan_search": [None if search is None else json.dumps(asdict(search))],
            },
            schema_overrides={"plan_search": pl.String},
        )
        frames = {
            "allocations": result.allocations,
            "backorders": result.backorders,
            "allocation_decisions": result.decisions,
            "allocation_runs": run,
            "order_exceptions": exceptions,
        }
        replace_partitions(con, business_date, frames, run_id=context.run_id)

    fill_rate = allocated_units / demand_units if demand_units else 1.0
    for table, frame in frames.items():
        metadata: dict[str, object] = {"dagster/row_count": frame.height}
        if table == "allocations":
            metadata |= {
                "demand_units": demand_units,
                "allocated_units": allocated_units,
                "backordered_units": backordered_units,
                "fill_rate": round(fill_rate, 4),
            }
        yield dg.MaterializeResult(asset_key=oms_key(table), metadata=metadata)
