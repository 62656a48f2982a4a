"""The cheapest strategy (docs/allocation.md, "Cheapest plans"): each order's cheapest plan of
shipments, never fewer units than the zone rules give, and the priority rule kept."""

from collections import defaultdict
from datetime import datetime, timedelta

import polars as pl
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assets.allocation.candidates import candidates_by_address
from assets.allocation.engine import allocate
from contracts.policy import AllocationPolicy

from .builders import BUSINESS_DATE, Order, decision, demand_of, kits_of, shipped, stock_of
from .reference import reference_allocate

CHEAPEST = AllocationPolicy(strategy="cheapest")
THREE_WAREHOUSES = pl.DataFrame(
    {
        "warehouse_id": ["WH-EAST", "WH-CENTRAL", "WH-WEST"],
        "dest_country": ["US"] * 3,
        "dest_region": ["*"] * 3,
        "zone": ["2", "3", "5"],
    }
)


def carrier_services(zones: range) -> pl.DataFrame:
    """A light cheap service and a heavy dearer one per zone, plus faster levels."""
    rows = []
    for zone in zones:
        rows += [
            ("standard", str(zone), 1_000, 4.00 + 0.50 * zone),
            ("standard", str(zone), 30_000, 9.00 + 0.70 * zone),
            ("expedited", str(zone), 2_000, 8.00 + 1.00 * zone),
            ("overnight", str(zone), 30_000, 30.00 + 2.00 * zone),
        ]
    return pl.DataFrame(
        rows, schema=["service_level", "zone", "max_weight_g", "price"], orient="row"
    )


def cheapest_and_zone(orders, stock, zones, *, skus, channels=None, kits=None, policy=CHEAPEST):
    """The engine's cheapest result and the plain reference's zone result of the same night."""
    demand = demand_of(orders)
    candidates = candidates_by_address(demand, zones)
    common = {
        "business_date": BUSINESS_DATE,
        "channels": channels,
        "kits": kits_of(kits) if kits else None,
    }
    cheapest = allocate(
        demand,
        stock_of(stock),
        candidates,
        policy=policy,
        skus=skus,
        carrier_services=carrier_services(range(1, 10)),
        **common,
    )
    zone_policy = AllocationPolicy(
        hold_unpaid=policy.hold_unpaid, split_override=policy.split_override
    )
    zone = reference_allocate(demand, stock_of(stock), candidates, policy=zone_policy, **common)
    return cheapest, zone


def test_cheapest_plan_consolidates_an_order_the_zone_strategy_splits_three_ways():
    # Nobody holds all three lines, so zone splits line by line in zone order: A from WH-EAST,
    # B from WH-CENTRAL, C from WH-WEST. WH-CENTRAL holds A and B together: two parcels do.
    orders = [Order("1", [("SKU-A", 1), ("SKU-B", 1), ("SKU-C", 1)])]
    stock = {
        ("WH-EAST", "SKU-A"): 1,
        ("WH-CENTRAL", "SKU-A"): 1,
        ("WH-CENTRAL", "SKU-B"): 1,
        ("WH-WEST", "SKU-B"): 1,
        ("WH-WEST", "SKU-C"): 1,
    }
    skus = pl.DataFrame({"sku": ["SKU-A", "SKU-B", "SKU-C"], "weight_g": [300, 300, 300]})
    result, zone = cheapest_and_zone(orders, stock, THREE_WAREHOUSES, skus=skus)
    assert zone["allocations"]["warehouse_id"].n_unique() == 3
    assert result.allocations["shipment_id"].n_unique() == 2
    assert shipped(result, "1") in (
        {("WH-CENTRAL", "SKU-A"): 1, ("WH-CENTRAL", "SKU-B"): 1, ("WH-WEST", "SKU-C"): 1},
        {("WH-EAST", "SKU-A"): 1, ("WH-WEST", "SKU-B"): 1, ("WH-WEST", "SKU-C"): 1},
    )
    line = decision(result, "1")
    assert line["rule"] == "cheapest_plan"
    assert "cheapest plan for order ranked 1, 2 parcels at" in line["explanation"]
    assert "instead of 3 parcels at" in line["explanation"]
    assert result.plan_search.orders_replanned == 1


def test_an_order_already_at_its_cheapest_keeps_its_zone_decision():
    orders = [Order("1", [("SKU-A", 1)])]
    skus = pl.DataFrame({"sku": ["SKU-A"], "weight_g": [300]})
    result, _ = cheapest_and_zone(
        orders, {("WH-EAST", "SKU-A"): 1, ("WH-WEST", "SKU-A"): 1}, THREE_WAREHOUSES, skus=skus
    )
    assert decision(result, "1")["rule"] == "ship_complete"
    assert result.plan_search.orders_replanned == 0


def test_without_any_budget_every_order_keeps_its_zone_plan():
    orders = [Order("1", [("SKU-A", 1), ("SKU-B", 1), ("SKU-C", 1)])]
    stock = {("WH-CENTRAL", "SKU-A"): 1, ("WH-CENTRAL", "SKU-B"): 1, ("WH-EAST", "SKU-A"): 1}
    stock |= {("WH-WEST", "SKU-C"): 1}
    skus = pl.DataFrame({"sku": ["SKU-A", "SKU-B", "SKU-C"], "weight_g": [300, 300, 300]})
    result, zone = cheapest_and_zone(
        orders,
        stock,
        THREE_WAREHOUSES,
        skus=skus,
        policy=AllocationPolicy(strategy="cheapest", plan_budget_seconds=0),
    )
    assert result.plan_search.orders_searched == 0
    assert sorted(result.allocations["warehouse_id"]) == sorted(zone["allocations"]["warehouse_id"])


WAREHOUSES = ["WH-A", "WH-B", "WH-C"]
SKUS = ["S1", "S2", "S3", "S4"]
KITS = {"K1": {"S1": 1, "S2": 2}, "K2": {"S3": 1, "S4": 1, "S1": 1}}
CHANNELS = ["shop", "amazon", "ebay"]


@st.composite
def nights(draw):
    """A small random night with SKU weights: orders, stock, zones, channel rules and kits."""
    orders = [
        Order(
            f"#{number}",
            draw(
                st.lists(
                    st.tuples(st.sampled_from([*SKUS, *KITS]), st.integers(1, 4)),
                    min_size=1,
                    max_size=4,
                    unique_by=lambda line: line[0],
                )
            ),
            channel=draw(st.sampled_from(CHANNELS)),
            placed_at=datetime(2026, 11, 19) + timedelta(hours=draw(st.integers(0, 2))),
            service_level=draw(st.sampled_from(["standard", "expedited", "overnight"])),
            ship_region=draw(st.sampled_from(["CA", "NY"])),
        )
        for number in range(draw(st.integers(1, 10)))
    ]
    stock = {(w, s): draw(st.integers(0, 6)) for w in WAREHOUSES for s in SKUS}
    zones = pl.DataFrame(
        [(w, "US", "*", str(draw(st.integers(1, 9)))) for w in WAREHOUSES]
        + [
            (w, "US", "NY", str(draw(st.integers(1, 9)))) for w in WAREHOUSES if draw(st.booleans())
        ],
        schema=["warehouse_id", "dest_country", "dest_region", "zone"],
        orient="row",
    )
    channels = pl.DataFrame(
        {
            "channel": CHANNELS,
            "priority": [draw(st.sampled_from([1, 2])) for _ in CHANNELS],
            "allow_split": [draw(st.booleans()) for _ in CHANNELS],
        }
    )
    skus = pl.DataFrame({"sku": SKUS, "weight_g": [draw(st.integers(50, 2_500)) for _ in SKUS]})
    return orders, stock, zones, channels, KITS if draw(st.booleans()) else None, skus


LINE = ["channel", "channel_order_id", "version", "line_no"]
SETTINGS = settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(nights())
def test_the_cheapest_strategy_gives_every_line_the_units_the_zone_rules_give_it(night):
    orders, stock, zones, channels, kits, skus = night
    result, zone = cheapest_and_zone(orders, stock, zones, skus=skus, channels=channels, kits=kits)
    got = result.decisions.select(*LINE, "allocated").sort(LINE)
    assert got.rows() == zone["decisions"].select(*LINE, "allocated").sort(LINE).rows()
    assert result.plan_search.plan_cost_cents <= result.plan_search.zone_cost_cents


@SETTINGS
@given(nights())
def test_the_cheapest_strategy_keeps_the_priority_rule(night):
    """Where a line is left short, its candidate warehouses hold what the zone rules left them
    holding for every order: no lower-ranked order takes a unit the short line could use."""
    orders, stock, zones, channels, kits, skus = night
    result, zone = cheapest_and_zone(orders, stock, zones, skus=skus, channels=channels, kits=kits)
    recipes = kits or {}
    candidates = candidates_by_address(demand_of(orders), zones)
    by_address = defaultdict(set)
    for row in candidates.to_dicts():
        by_address[(row["ship_country"], row["ship_region"])].add(row["warehouse_id"])
    region_of = {o.channel_order_id: o.ship_region for o in orders}
    wanted = set()
    for row in (
        zone["decisions"]
        .filter(pl.col("rule").is_in(["partial", "out_of_stock", "no_split_wait"]))
        .to_dicts()
    ):
        for warehouse in by_address[("US", region_of[row["channel_order_id"]])]:
            wanted |= {(warehouse, part) for part in recipes.get(row["sku"], {row["sku"]: 1})}

    def held_at_wanted(allocations: pl.DataFrame) -> list[tuple]:
        return sorted(
            allocations.filter(
                pl.struct("warehouse_id", "sku").map_elements(
                    lambda place: (place["warehouse_id"], place["sku"]) in wanted,
                    return_dtype=pl.Boolean,
                )
            )
            .group_by(*LINE, "warehouse_id", "sku")
            .agg(pl.col("quantity").sum())
            .rows()
        )

    assert held_at_wanted(result.allocations) == held_at_wanted(zone["allocations"])
    left = defaultdict(int, stock)
    for row in result.allocations.to_dicts():
        left[(row["warehouse_id"], row["sku"])] -= row["quantity"]
    assert min(left.values(), default=0) >= 0
    for row in result.decisions.filter(
        pl.col("rule").is_in(["partial", "out_of_stock"])
    ).to_dicts():
        parts = recipes.get(row["sku"], {row["sku"]: 1})
        for warehouse in by_address[("US", region_of[row["channel_order_id"]])]:
            assert min(left[(warehouse, s)] // n for s, n in parts.items()) == 0
