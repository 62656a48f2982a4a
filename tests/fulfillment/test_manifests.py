"""Carrier manifests: every package of every ready shipment, once, per warehouse and carrier."""

import polars as pl

from assets.fulfillment.manifests import build_manifests
from assets.fulfillment.shipments import build_shipments
from tests.fulfillment import frames

SERVICES = frames.services(
    ("USPS", "Ground Advantage", "standard", "2", 5_000, 5.0, 5),
    ("UPS", "Next Day Air", "overnight", "2", 30_000, 20.0, 1),
)


def test_one_manifest_per_warehouse_carrier_and_day_with_every_package():
    allocations = pl.concat(
        [
            frames.allocations(("1", "A", 4), ("2", "A", 1), ("3", "A", 1)),
            frames.allocations(("4", "A", 1), warehouse_id="WH2"),
        ]
    )
    levels = {"1": "standard", "2": "overnight", "3": "overnight", "4": "standard"}
    plan = build_shipments(allocations, frames.orders(levels), frames.skus({"A": 2_000}), SERVICES)
    lines = build_manifests(plan.shipments, plan.packages)

    assert lines["manifest_id"].unique().sort().to_list() == [
        "MF-20261120-WH1-UPS",
        "MF-20261120-WH1-USPS",
        "MF-20261120-WH2-USPS",
    ]
    assert lines.filter(pl.col("shipment_id") == "SH-1-WH1")["package_id"].to_list() == [
        "SH-1-WH1-P1",
        "SH-1-WH1-P2",
    ]
    assert lines["package_id"].is_unique().all()
    assert lines["package_id"].n_unique() == plan.packages["package_id"].n_unique()
    assert lines["weight_g"].sum() == plan.packages["weight_g"].sum() == 14_000
    assert lines["ship_postal_code"].unique().to_list() == ["07001"]


def test_held_shipments_are_never_manifested():
    allocations = frames.allocations(("1", "A", 1), ("2", "ANVIL", 1))
    plan = build_shipments(
        allocations,
        frames.orders({"1": "standard", "2": "standard"}),
        frames.skus({"A": 100, "ANVIL": 90_000}),
        SERVICES,
    )
    lines = build_manifests(plan.shipments, plan.packages)

    assert lines["shipment_id"].to_list() == ["SH-1-WH1"]
    assert plan.exceptions["shipment_id"].to_list() == ["SH-2-WH1"]
