"""Which warehouses may ship an order, and in which order they are tried."""

import polars as pl
import pytest
from polars.testing import assert_frame_equal

from assets.allocation.candidates import order_weights, rank_candidates

from .builders import Order, order_book_of, run, shipped
from .reference import reference_rank_candidates

SERVICES = pl.DataFrame(
    {
        "carrier": ["UPS", "UPS", "UPS", "UPS", "FEDEX"],
        "service": ["Ground", "Ground", "Air", "Ground", "Ground"],
        "service_level": ["standard", "standard", "overnight", "standard", "standard"],
        "zone": ["2", "5", "2", "8", "5"],
        "max_weight_g": [30_000, 30_000, 10_000, 30_000, 1_000],
        "price": [9.50, 12.00, 30.00, 15.00, 4.00],
    }
)


def ranked(orders: list[Order], zones: pl.DataFrame, **kwargs) -> list[tuple[str, str, int]]:
    book = order_book_of(orders)
    got = rank_candidates(book, zones, **kwargs)
    expected = reference_rank_candidates(book, zones, **kwargs)
    keys = ["channel", "channel_order_id", "candidate_rank"]
    assert_frame_equal(got.sort(keys), expected.sort(keys))
    return [(r["warehouse_id"], r["zone"], r["candidate_rank"]) for r in got.sort(keys).to_dicts()]


def zones(*rows: tuple[str, str, str, str]) -> pl.DataFrame:
    return pl.DataFrame(
        rows, schema=["warehouse_id", "dest_country", "dest_region", "zone"], orient="row"
    )


def test_candidates_are_ranked_by_zone_then_warehouse_id():
    table = zones(("WH-C", "US", "*", "3"), ("WH-B", "US", "*", "2"), ("WH-A", "US", "*", "3"))
    assert ranked([Order("1", [])], table) == [
        ("WH-B", "2", 1),
        ("WH-A", "3", 2),
        ("WH-C", "3", 3),
    ]


def test_exact_region_row_beats_the_country_wide_row_of_the_same_warehouse():
    table = zones(
        ("WH-EAST", "US", "*", "8"), ("WH-EAST", "US", "CA", "1"), ("WH-WEST", "US", "*", "4")
    )
    assert ranked([Order("1", [], ship_region="CA")], table) == [
        ("WH-EAST", "1", 1),
        ("WH-WEST", "4", 2),
    ]
    assert ranked([Order("2", [], ship_region="NY")], table) == [
        ("WH-WEST", "4", 1),
        ("WH-EAST", "8", 2),
    ]


def test_order_without_region_only_matches_country_wide_rows():
    table = zones(("WH-EAST", "US", "CA", "1"), ("WH-WEST", "US", "*", "4"))
    assert ranked([Order("1", [], ship_region=None)], table) == [("WH-WEST", "4", 1)]


def test_integer_zones_rank_as_numbers():
    table = zones(("WH-A", "US", "*", "10"), ("WH-B", "US", "*", "9"))
    assert [w for w, _, _ in ranked([Order("1", [])], table)] == ["WH-B", "WH-A"]


def test_zones_that_are_not_all_integers_rank_as_text():
    table = zones(("WH-A", "US", "*", "10"), ("WH-B", "US", "*", "9"), ("WH-C", "US", "*", "A"))
    assert [w for w, _, _ in ranked([Order("1", [])], table)] == ["WH-A", "WH-B", "WH-C"]


def test_address_outside_every_zone_has_no_candidates():
    table = zones(("WH-A", "US", "*", "2"))
    assert ranked([Order("1", [], ship_country="NZ")], table) == []


def test_cost_strategy_picks_the_cheaper_warehouse_even_if_farther():
    table = zones(("WH-EAST", "US", "*", "2"), ("WH-WEST", "US", "*", "5"))
    weights = pl.DataFrame({"channel": ["shop"], "channel_order_id": ["1"], "weight_g": [800]})
    assert ranked(
        [Order("1", [])], table, strategy="cost", order_weights=weights, carrier_services=SERVICES
    ) == [("WH-WEST", "5", 1), ("WH-EAST", "2", 2)]


def test_cost_strategy_only_prices_services_that_carry_the_weight_and_meet_the_promise():
    table = zones(("WH-EAST", "US", "*", "2"), ("WH-WEST", "US", "*", "5"))
    heavy = pl.DataFrame({"channel": ["shop"], "channel_order_id": ["1"], "weight_g": [5_000]})
    # 5 kg: FedEx's 4.00 (max 1 kg) no longer qualifies, UPS Ground 9.50 (zone 2) beats 12.00.
    assert (
        ranked(
            [Order("1", [])], table, strategy="cost", order_weights=heavy, carrier_services=SERVICES
        )[0][0]
        == "WH-EAST"
    )
    # Overnight: only the zone 2 air service qualifies; WH-WEST is unpriced and ranks last.
    assert ranked(
        [Order("1", [], service_level="overnight")],
        table,
        strategy="cost",
        order_weights=heavy,
        carrier_services=SERVICES,
    ) == [("WH-EAST", "2", 1), ("WH-WEST", "5", 2)]


def test_cost_strategy_drives_allocation_to_the_cheaper_warehouse():
    table = zones(("WH-EAST", "US", "*", "2"), ("WH-WEST", "US", "*", "5"))
    orders = [Order("1", [("SKU-A", 1)])]
    skus = pl.DataFrame({"sku": ["SKU-A"], "weight_g": [500]})
    lines = pl.DataFrame(
        {"channel": ["shop"], "channel_order_id": ["1"], "sku": ["SKU-A"], "quantity": [1]}
    )
    candidates = rank_candidates(
        order_book_of(orders),
        table,
        strategy="cost",
        order_weights=order_weights(lines, skus),
        carrier_services=SERVICES,
    )
    stock = {("WH-EAST", "SKU-A"): 1, ("WH-WEST", "SKU-A"): 1}
    assert shipped(run(orders, stock, candidates=candidates), "1") == {("WH-WEST", "SKU-A"): 1}


def test_order_weight_counts_kits_as_their_components():
    lines = pl.DataFrame(
        {
            "channel": ["shop", "shop"],
            "channel_order_id": ["1", "1"],
            "sku": ["KIT", "MUG"],
            "quantity": [2, 1],
        }
    )
    skus = pl.DataFrame({"sku": ["MUG", "TEA"], "weight_g": [300, 50]})
    kits = pl.DataFrame(
        {"kit_sku": ["KIT", "KIT"], "component_sku": ["MUG", "TEA"], "quantity": [1, 3]}
    )
    assert order_weights(lines, skus, kits)["weight_g"].to_list() == [2 * (300 + 150) + 300]


def test_unknown_strategy_is_refused():
    with pytest.raises(ValueError, match="unknown strategy"):
        rank_candidates(order_book_of([Order("1", [])]), zones(), strategy="fastest")
