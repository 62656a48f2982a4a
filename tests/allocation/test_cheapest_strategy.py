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

from .builders import (
    BUSINESS_DATE,
    Order,
    assert_agrees_with_reference,
    decision,
    demand_of,
    kits_of,
    shipped,
    stock_of,
)
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


def carrier_services(base: dict[int, float] | None = None) -> pl.DataFrame:
    """A light cheap service and a heavy dearer one per zone, plus faster levels; the base
    price of a zone rises with the zone unless ``base`` says otherwise."""
    rows = []
    for zone in range(1, 10):
        price = (base or {}).get(zone, 4.00 + 0.50 * zone)
        rows += [
            ("standard", str(zone), 1_000, price),
            ("standard", str(zone), 30_000, 2 * price + 1.00),
            ("expedited", str(zone), 2_000, 2 * price),
            ("overnight", str(zone), 30_000, 6 * price),
        ]
    return pl.DataFrame(
        rows, schema=["service_level", "zone", "max_weight_g", "price"], orient="row"
    )


def cheapest_and_zone(
    orders, stock, zones, *, skus, channels=None, kits=None, policy=CHEAPEST, rates=None
):
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
        carrier_services=carrier_services(rates),
        **common,
    )
    zone_policy = AllocationPolicy(
        hold_unpaid=policy.hold_unpaid, split_override=policy.split_override
    )
    zone = reference_allocate(demand, stock_of(stock), candidates, policy=zone_policy, **common)
    return cheapest, zone


def test_cheapest_plan_consolidates_an_order_the_zone_strategy_splits_three_ways():
    # Nobody holds all three lines, so zone splits line by line in zone order: A from WH-EAST,
    # B from WH-CENTRAL, C from WH-WEST, three light parcels. WH-WEST holds B and C together.
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
    assert zone["allocations"]["warehouse_id"].to_list() == ["WH-EAST", "WH-CENTRAL", "WH-WEST"]
    assert shipped(result, "1") == {
        ("WH-EAST", "SKU-A"): 1,
        ("WH-WEST", "SKU-B"): 1,
        ("WH-WEST", "SKU-C"): 1,
    }
    assert result.allocations["shipment_id"].n_unique() == 2
    line = decision(result, "1", 2)
    assert (line["rule"], line["explanation"]) == (
        "cheapest_plan",
        "allocated 1 of 1 from WH-WEST: cheapest plan for order ranked 1, 2 parcels at 11.50 "
        "instead of 3 parcels at 17.00 by nearest zone",
    )
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
    stock = {(w, s): draw(st.integers(0, 5)) for w in WAREHOUSES for s in SKUS}
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
    rates = {zone: draw(st.integers(300, 1500)) / 100 for zone in range(1, 10)}
    return orders, stock, zones, channels, KITS if draw(st.booleans()) else None, skus, rates


SETTINGS = settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(nights())
def test_the_cheapest_strategy_never_ships_fewer_units_than_the_zone_rules(night):
    orders, stock, zones, channels, kits, skus, rates = night
    result, zone = cheapest_and_zone(
        orders, stock, zones, skus=skus, channels=channels, kits=kits, rates=rates
    )
    assert result.decisions["allocated"].sum() >= zone["decisions"]["allocated"].sum()
    assert (result.decisions["allocated"] + result.decisions["backordered"]).to_list() == (
        result.decisions["ordered"].to_list()
    )
    left = defaultdict(int, stock)
    for row in result.allocations.to_dicts():
        left[(row["warehouse_id"], row["sku"])] -= row["quantity"]
    assert min(left.values(), default=0) >= 0
    assert result.plan_search.plan_cost_cents <= result.plan_search.zone_cost_cents


@SETTINGS
@given(nights())
def test_the_cheapest_strategy_keeps_the_priority_rule(night):
    """A line left short (partial, out_of_stock) leaves none of its candidate warehouses able
    to supply a unit of it, and no lower-ranked order takes its SKU from them."""
    orders, stock, zones, channels, kits, skus, rates = night
    result, _ = cheapest_and_zone(
        orders, stock, zones, skus=skus, channels=channels, kits=kits, rates=rates
    )
    recipes = kits or {}
    candidates = candidates_by_address(demand_of(orders), zones)
    serving = defaultdict(set)
    for row in candidates.to_dicts():
        serving[(row["ship_country"], row["ship_region"])].add(row["warehouse_id"])
    region_of = {o.channel_order_id: o.ship_region for o in orders}
    rank_of = dict(result.decisions.select("channel_order_id", "order_rank").unique().rows())
    left = defaultdict(int, stock)
    for row in result.allocations.to_dicts():
        left[(row["warehouse_id"], row["sku"])] -= row["quantity"]
    short = result.decisions.filter(pl.col("rule").is_in(["partial", "out_of_stock"]))
    for line in short.to_dicts():
        parts = recipes.get(line["sku"], {line["sku"]: 1})
        warehouses = serving[("US", region_of[line["channel_order_id"]])]
        for warehouse in warehouses:
            assert min(left[(warehouse, s)] // n for s, n in parts.items()) == 0
        if line["sku"] in recipes:
            continue
        taken_later = result.allocations.filter(
            (pl.col("sku") == line["sku"])
            & pl.col("warehouse_id").is_in(list(warehouses))
            & pl.col("channel_order_id").replace_strict(rank_of).gt(line["order_rank"])
        )
        assert taken_later.is_empty(), taken_later


@SETTINGS
@given(nights())
def test_beyond_its_time_budget_the_cheapest_strategy_serves_by_the_zone_rules(night):
    orders, stock, zones, channels, kits, skus, rates = night
    no_time = AllocationPolicy(strategy="cheapest", plan_budget_seconds=0)
    result, zone = cheapest_and_zone(
        orders, stock, zones, skus=skus, channels=channels, kits=kits, policy=no_time, rates=rates
    )
    assert result.plan_search.orders_searched == 0
    assert_agrees_with_reference(result, zone)
