"""Per warehouse and date: units picked = units allocated = units manifested for ready shipments."""

import polars as pl
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.fulfillment.synthetic_night import fulfil, synthetic_night


def units_by_warehouse(frame: pl.DataFrame, units: str = "quantity") -> dict[str, int]:
    return dict(frame.group_by("warehouse_id").agg(pl.col(units).sum()).sort("warehouse_id").rows())


@settings(max_examples=12, deadline=None)
@given(
    orders=st.integers(1, 120),
    seed=st.integers(0, 10_000),
    per_list=st.integers(1, 15),
    slotted=st.floats(0.0, 1.0),
)
def test_every_ready_unit_is_picked_packed_and_manifested_exactly_once(
    orders, seed, per_list, slotted
):
    night = synthetic_night(orders, seed=seed, slotted_share=slotted)
    plan, lines, manifest = fulfil(night, per_list)
    ready = plan.shipments.filter(pl.col("status") == "ready")
    held = plan.shipments.filter(pl.col("status") == "held")
    allocated = night["allocations"].join(ready.select("shipment_id"), on="shipment_id")
    packed = plan.packages.join(ready.select("shipment_id", "warehouse_id"), on="shipment_id")
    manifested = (
        manifest.join(packed.select("package_id", "quantity"), on="package_id")
        .group_by("warehouse_id")
        .agg(pl.col("quantity").sum())
    )

    assert (
        plan.shipments["shipment_id"].n_unique() == night["allocations"]["shipment_id"].n_unique()
    )
    assert units_by_warehouse(lines) == units_by_warehouse(allocated)
    assert units_by_warehouse(packed) == units_by_warehouse(allocated)
    assert dict(manifested.sort("warehouse_id").rows()) == units_by_warehouse(allocated)
    assert manifest["package_id"].is_unique().all()
    assert set(manifest["package_id"]) == set(packed["package_id"])
    assert lines.select("pick_list_id", "tote").unique().height == ready.height
    assert held.height == plan.exceptions.height
    assert not set(lines["shipment_id"]) & set(held["shipment_id"])
    assert per_shipment_units(lines) == per_shipment_units(allocated)


def per_shipment_units(frame: pl.DataFrame) -> dict[tuple[str, str], int]:
    return dict(
        frame.group_by("shipment_id", "sku")
        .agg(pl.col("quantity").sum())
        .select(pl.concat_list("shipment_id", "sku").list.join("|"), "quantity")
        .rows()
    )


def test_packages_respect_the_chosen_services_weight_limit():
    night = synthetic_night(300, seed=3)
    plan, _, _ = fulfil(night)
    limits = night["carrier_services"].select("carrier", "service", "zone", "max_weight_g")
    heaviest = (
        plan.packages.group_by("shipment_id", "package_no")
        .agg(pl.col("weight_g").sum())
        .join(plan.shipments.select("shipment_id", "carrier", "service", "zone"), on="shipment_id")
        .join(limits, on=["carrier", "service", "zone"])
    )

    assert heaviest.height == plan.packages.select("package_id").n_unique()
    assert (heaviest["weight_g"] <= heaviest["max_weight_g"]).all()
    counted = heaviest.group_by("shipment_id").len()
    packages = plan.shipments.filter(pl.col("status") == "ready").select("shipment_id", "packages")
    assert (
        counted.join(packages, on="shipment_id").filter(pl.col("len") != pl.col("packages")).height
        == 0
    )
