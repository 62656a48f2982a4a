"""The allocation policy, one behaviour per test (docs/allocation.md states the same rules)."""

from datetime import date, datetime

import polars as pl
import pytest

from assets.allocation.engine import allocate
from contracts.policy import AllocationPolicy

from .builders import (
    BUSINESS_DATE,
    MORNING,
    Order,
    decision,
    demand_of,
    run,
    shipped,
    stock_of,
)

CHANNELS = pl.DataFrame(
    {"channel": ["shop", "amazon"], "priority": [2, 1], "allow_split": [True, False]}
)


def test_overnight_orders_are_served_before_older_standard_orders():
    result = run(
        [
            Order("OLD-STANDARD", [("SKU-A", 1)], placed_at=datetime(2026, 11, 1)),
            Order("NEW-OVERNIGHT", [("SKU-A", 1)], service_level="overnight"),
        ],
        {("WH-EAST", "SKU-A"): 1},
    )
    assert decision(result, "NEW-OVERNIGHT")["allocated"] == 1
    assert decision(result, "NEW-OVERNIGHT")["order_rank"] == 1
    assert decision(result, "OLD-STANDARD")["rule"] == "out_of_stock"


def test_oldest_order_is_served_first_so_carried_backorders_lead_the_queue():
    result = run(
        [
            Order("TONIGHT", [("SKU-A", 1)], placed_at=datetime(2026, 11, 19, 8)),
            Order(
                "CARRIED",
                [("SKU-A", 1)],
                placed_at=datetime(2026, 11, 17, 8),
                first_backordered_date=date(2026, 11, 17),
            ),
        ],
        {("WH-EAST", "SKU-A"): 1},
    )
    assert decision(result, "CARRIED")["allocated"] == 1
    assert decision(result, "TONIGHT")["backordered"] == 1


def test_channel_priority_breaks_ties_between_orders_placed_at_the_same_moment():
    result = run(
        [
            Order("S-1", [("SKU-A", 1)], channel="shop"),
            Order("A-1", [("SKU-A", 1)], channel="amazon"),
        ],
        {("WH-EAST", "SKU-A"): 1},
        channels=CHANNELS,
    )
    assert decision(result, "A-1")["order_rank"] == 1
    assert decision(result, "A-1")["allocated"] == 1


def test_channel_and_order_number_break_remaining_ties():
    result = run(
        [Order("B", [("SKU-A", 1)], channel="web"), Order("A", [("SKU-A", 1)], channel="web")],
        {("WH-EAST", "SKU-A"): 1},
    )
    assert decision(result, "A")["order_rank"] == 1
    assert decision(result, "B")["order_rank"] == 2


def test_nearest_zone_ships_when_it_can():
    result = run(
        [Order("1", [("SKU-A", 2)])],
        {("WH-EAST", "SKU-A"): 5, ("WH-WEST", "SKU-A"): 5},
    )
    assert shipped(result, "1") == {("WH-EAST", "SKU-A"): 2}
    assert decision(result, "1")["rule"] == "ship_complete"


def test_ship_complete_from_a_farther_warehouse_beats_splitting_from_the_nearest():
    result = run(
        [Order("1", [("SKU-A", 2), ("SKU-B", 1)])],
        {("WH-EAST", "SKU-A"): 2, ("WH-WEST", "SKU-A"): 2, ("WH-WEST", "SKU-B"): 1},
    )
    assert shipped(result, "1") == {("WH-WEST", "SKU-A"): 2, ("WH-WEST", "SKU-B"): 1}
    assert "candidate 2 of 2" in decision(result, "1")["explanation"]


def test_lines_split_across_warehouses_in_zone_order_when_no_one_can_ship_complete():
    result = run(
        [Order("1", [("SKU-A", 5), ("SKU-B", 1)])],
        {("WH-EAST", "SKU-A"): 3, ("WH-WEST", "SKU-A"): 4, ("WH-WEST", "SKU-B"): 1},
    )
    assert shipped(result, "1") == {
        ("WH-EAST", "SKU-A"): 3,
        ("WH-WEST", "SKU-A"): 2,
        ("WH-WEST", "SKU-B"): 1,
    }
    line = decision(result, "1")
    assert (line["rule"], line["warehouses"]) == ("split", "WH-EAST, WH-WEST")
    assert len(result.allocations["shipment_id"].unique()) == 2


def test_partial_line_is_allocated_what_exists_and_backorders_the_rest():
    result = run([Order("1", [("SKU-A", 5)])], {("WH-EAST", "SKU-A"): 2})
    line = decision(result, "1")
    assert (line["rule"], line["allocated"], line["backordered"]) == ("partial", 2, 3)
    assert result.backorders["quantity"].to_list() == [3]


def test_no_split_channel_waits_whole_and_consumes_nothing():
    result = run(
        [
            Order("A-1", [("SKU-A", 2), ("SKU-B", 1)], channel="amazon"),
            Order("S-1", [("SKU-A", 2)], channel="shop", placed_at=datetime(2026, 11, 19, 10)),
        ],
        {("WH-EAST", "SKU-A"): 2, ("WH-WEST", "SKU-B"): 1},
        channels=CHANNELS,
    )
    assert decision(result, "A-1", 1)["rule"] == "no_split_wait"
    assert decision(result, "A-1", 2)["rule"] == "no_split_wait"
    assert shipped(result, "A-1") == {}
    assert shipped(result, "S-1") == {("WH-EAST", "SKU-A"): 2}
    assert "channel amazon does not allow split shipments" in decision(result, "A-1")["explanation"]


def test_split_override_in_the_policy_beats_channels_csv():
    result = run(
        [Order("A-1", [("SKU-A", 1), ("SKU-B", 1)], channel="amazon")],
        {("WH-EAST", "SKU-A"): 1, ("WH-WEST", "SKU-B"): 1},
        channels=CHANNELS,
        policy=AllocationPolicy(split_override={"amazon": True}),
    )
    assert decision(result, "A-1")["rule"] == "split"


def test_channels_csv_text_flags_are_understood():
    channels = pl.DataFrame({"channel": ["shop"], "priority": ["1"], "allow_split": ["false"]})
    result = run(
        [Order("1", [("SKU-A", 1), ("SKU-B", 1)])],
        {("WH-EAST", "SKU-A"): 1, ("WH-WEST", "SKU-B"): 1},
        channels=channels,
    )
    assert decision(result, "1")["rule"] == "no_split_wait"


def test_kit_units_take_every_component_from_one_warehouse():
    result = run(
        [Order("1", [("KIT-GIFT", 1)])],
        {("WH-EAST", "MUG"): 1, ("WH-WEST", "MUG"): 1, ("WH-WEST", "TEA"): 2},
        kits={"KIT-GIFT": {"MUG": 1, "TEA": 2}},
    )
    assert shipped(result, "1") == {("WH-WEST", "MUG"): 1, ("WH-WEST", "TEA"): 2}
    row = result.allocations.row(0, named=True)
    assert (row["ordered_sku"], row["ordered_units"]) == ("KIT-GIFT", 1)


def test_kit_line_splits_by_whole_kit_units_never_by_component():
    result = run(
        [Order("1", [("KIT-GIFT", 3)])],
        {
            ("WH-EAST", "MUG"): 2,
            ("WH-EAST", "TEA"): 1,
            ("WH-WEST", "MUG"): 5,
            ("WH-WEST", "TEA"): 1,
        },
        kits={"KIT-GIFT": {"MUG": 1, "TEA": 1}},
    )
    line = decision(result, "1")
    assert (line["rule"], line["allocated"], line["backordered"]) == ("partial", 2, 1)
    assert shipped(result, "1") == {
        ("WH-EAST", "MUG"): 1,
        ("WH-EAST", "TEA"): 1,
        ("WH-WEST", "MUG"): 1,
        ("WH-WEST", "TEA"): 1,
    }
    assert "kit KIT-GIFT" in line["explanation"]


def test_unpaid_order_is_held_when_the_policy_holds_unpaid_orders():
    orders = [Order("1", [("SKU-A", 1)], is_paid=False)]
    held = run(orders, {("WH-EAST", "SKU-A"): 1}, policy=AllocationPolicy(hold_unpaid=True))
    assert decision(held, "1")["rule"] == "held_unpaid"
    assert held.allocations.is_empty()
    served = run(orders, {("WH-EAST", "SKU-A"): 1})
    assert decision(served, "1")["rule"] == "ship_complete"


def test_order_without_a_zone_to_its_address_is_backordered_for_no_candidate_warehouse():
    result = run([Order("1", [("SKU-A", 1)], ship_country="NZ")], {("WH-EAST", "SKU-A"): 9})
    line = decision(result, "1")
    assert (line["rule"], line["backordered"], line["warehouses"]) == (
        "no_candidate_warehouse",
        1,
        None,
    )


def test_allocations_keep_the_zone_their_warehouse_was_ranked_by():
    # an exact-region zone row, the country-wide row, and an order without a region
    zones = pl.DataFrame(
        {
            "warehouse_id": ["WH-EAST", "WH-EAST", "WH-WEST"],
            "dest_country": ["US", "US", "US"],
            "dest_region": ["*", "NJ", "*"],
            "zone": ["3", "2", "5"],
        }
    )
    result = run(
        [
            Order("NJ", [("SKU-A", 1), ("SKU-B", 1)], ship_region="NJ"),
            Order("NY", [("SKU-A", 1)], ship_region="NY"),
            Order("NONE", [("SKU-A", 1)], ship_region=None),
        ],
        {("WH-EAST", "SKU-A"): 3, ("WH-WEST", "SKU-B"): 1},
        zones=zones,
    )
    zone_of = {
        (row["channel_order_id"], row["warehouse_id"]): row["zone"]
        for row in result.allocations.to_dicts()
    }
    assert zone_of == {
        ("NJ", "WH-EAST"): "2",
        ("NJ", "WH-WEST"): "5",
        ("NY", "WH-EAST"): "3",
        ("NONE", "WH-EAST"): "3",
    }


def test_backorder_keeps_its_placed_at_and_first_backordered_date():
    first = date(2026, 11, 18)
    result = run(
        [
            Order("OLD", [("SKU-A", 2)], placed_at=MORNING, first_backordered_date=first),
            Order("NEW", [("SKU-B", 1)]),
        ],
        {},
    )
    rows = {r["channel_order_id"]: r for r in result.backorders.to_dicts()}
    assert rows["OLD"]["placed_at"] == MORNING
    assert rows["OLD"]["first_backordered_date"] == first
    assert rows["NEW"]["first_backordered_date"] == BUSINESS_DATE


def test_explanation_names_each_candidate_with_its_zone_and_stock_when_served():
    result = run(
        [Order("1", [("SKU-00042", 5)])],
        {("WH-EAST", "SKU-00042"): 0, ("WH-WEST", "SKU-00042"): 0},
    )
    assert decision(result, "1")["explanation"] == (
        "backordered 5 of 5: no candidate warehouse had stock of SKU-00042 when order ranked 1"
        " was served; candidates WH-EAST (zone 2, 0 available), WH-WEST (zone 5, 0 available)"
    )


def test_a_backordered_line_records_what_each_candidate_had_when_its_turn_came():
    result = run(
        [Order("FIRST", [("SKU-A", 2)]), Order("SECOND", [("SKU-A", 3)])],
        {("WH-EAST", "SKU-A"): 1, ("WH-WEST", "SKU-A"): 2},
    )
    line = decision(result, "SECOND")
    assert line["rule"] == "partial"
    assert line["allocated_from"] == [{"warehouse_id": "WH-EAST", "units": 1}]
    assert line["candidates_seen"] == [
        {"warehouse_id": "WH-EAST", "zone": "2", "available": 1},
        {"warehouse_id": "WH-WEST", "zone": "5", "available": 0},
    ]
    assert decision(result, "FIRST")["candidate_position"] == 2


def test_same_sku_on_two_lines_counts_twice_for_ship_complete():
    result = run(
        [Order("1", [("SKU-A", 2), ("SKU-A", 2)])],
        {("WH-EAST", "SKU-A"): 3, ("WH-WEST", "SKU-A"): 4},
    )
    assert shipped(result, "1") == {("WH-WEST", "SKU-A"): 4}


def test_shipment_ids_are_readable_and_the_same_on_every_run():
    orders = [Order("#1001", [("SKU-A", 1)])]
    first = run(orders, {("WH-EAST", "SKU-A"): 1})
    again = run(orders, {("WH-EAST", "SKU-A"): 1})
    shipment_id = first.allocations["shipment_id"].item()
    assert shipment_id.startswith("SH-20261120-WH-EAST-")
    assert shipment_id == again.allocations["shipment_id"].item()


def test_negative_stock_counts_as_none_available():
    result = run([Order("1", [("SKU-A", 1)])], {("WH-EAST", "SKU-A"): -3})
    assert decision(result, "1")["rule"] == "out_of_stock"


def test_empty_night_gives_empty_frames():
    result = run([], {("WH-EAST", "SKU-A"): 1})
    assert result.decisions.is_empty() and result.allocations.is_empty()
    assert result.fill_rate is None


def test_the_same_line_twice_is_refused():
    demand = demand_of([Order("1", [("SKU-A", 1), ("SKU-A", 1)], line_numbers=[1, 1])])
    with pytest.raises(ValueError, match="twice"):
        allocate(demand, stock_of({}), _no_candidates(), business_date=BUSINESS_DATE)


def test_quantities_below_one_are_refused():
    demand = demand_of([Order("1", [("SKU-A", 0)])])
    with pytest.raises(ValueError, match="at least 1"):
        allocate(demand, stock_of({}), _no_candidates(), business_date=BUSINESS_DATE)


def _no_candidates() -> pl.DataFrame:
    return pl.DataFrame(
        schema={
            "channel": pl.String,
            "channel_order_id": pl.String,
            "warehouse_id": pl.String,
            "zone": pl.String,
            "candidate_rank": pl.Int32,
        }
    )


def test_every_line_of_a_long_order_can_split_across_all_its_candidates():
    zones = pl.DataFrame(
        {
            "warehouse_id": ["WH-1", "WH-2", "WH-3"],
            "dest_country": ["US"] * 3,
            "dest_region": ["*"] * 3,
            "zone": ["1", "2", "3"],
        }
    )
    skus = [f"SKU-{n:02d}" for n in range(12)]
    stock = {(warehouse, sku): 1 for warehouse in ("WH-1", "WH-2", "WH-3") for sku in skus}
    result = run([Order("1", [(sku, 3) for sku in skus])], stock, zones=zones)
    assert result.allocations.height == 36
    taken_from = result.decisions["allocated_from"].list.eval(
        pl.element().struct.field("warehouse_id")
    )
    assert set(map(tuple, taken_from.to_list())) == {("WH-1", "WH-2", "WH-3")}


def test_a_failed_ship_complete_attempt_gives_back_every_unit_of_a_sku_ordered_twice():
    # Lines 1 and 2 both ask for SKU-A (channels with line ids allow it). WH-EAST holds 3:
    # line 1 takes 2, line 2 finds 1, so the attempt is undone and must give back all 4 units
    # it counted, leaving 3 for the split that follows.
    result = run(
        [Order("TWICE", [("SKU-A", 2), ("SKU-A", 2)])],
        {("WH-EAST", "SKU-A"): 3, ("WH-WEST", "SKU-A"): 1},
    )
    assert shipped(result, "TWICE") == {("WH-EAST", "SKU-A"): 3, ("WH-WEST", "SKU-A"): 1}
    assert [decision(result, "TWICE", n)["rule"] for n in (1, 2)] == ["split", "split"]


def test_two_versions_of_one_order_in_the_demand_share_its_candidate_warehouses():
    # Not produced by the nightly demand query (a changed order releases its old version), but
    # allocate() accepts it: each version is served as its own order, from the same candidates.
    result = run(
        [
            Order("TWO", [("SKU-A", 1)], version=1),
            Order("TWO", [("SKU-B", 1)], version=2, placed_at=datetime(2026, 11, 19, 10)),
        ],
        {("WH-WEST", "SKU-A"): 1, ("WH-WEST", "SKU-B"): 1},
    )
    assert result.allocations.select("version", "warehouse_id").sort("version").rows() == [
        (1, "WH-WEST"),
        (2, "WH-WEST"),
    ]
