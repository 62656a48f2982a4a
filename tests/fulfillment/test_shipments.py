"""Rate shopping, package splitting and held shipments."""

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from assets.fulfillment.shipments import ShipmentPlan, build_shipments
from tests.fulfillment import frames
from tests.fulfillment.packing_reference import first_fit_decreasing_reference


def plan_for(
    rows: list[tuple[str, str, int]],
    levels: dict[str, str],
    weights: dict[str, int],
    services: pl.DataFrame,
    zone: str = "2",
) -> ShipmentPlan:
    """Build shipments for a small night in one warehouse and one zone."""
    return build_shipments(
        frames.allocations(*rows, zone=zone),
        frames.orders(levels),
        frames.skus(weights),
        services,
    )


def only(plan: ShipmentPlan) -> dict:
    """The single shipment of a plan, as a dict."""
    assert plan.shipments.height == 1
    return plan.shipments.row(0, named=True)


def test_cheapest_eligible_service_wins():
    services = frames.services(
        ("UPS", "Ground", "standard", "2", 30_000, 9.10, 4),
        ("USPS", "Ground Advantage", "standard", "2", 30_000, 7.25, 5),
        ("USPS", "Cheap Other Zone", "standard", "3", 30_000, 1.00, 5),
    )
    shipment = only(plan_for([("1", "A", 1)], {"1": "standard"}, {"A": 500}, services))

    assert (shipment["carrier"], shipment["service"]) == ("USPS", "Ground Advantage")
    assert str(shipment["cost"]) == "7.25"
    assert shipment["status"] == "ready"
    assert shipment["transit_days"] == 5


def test_faster_service_can_carry_a_slower_promise():
    services = frames.services(("UPS", "Next Day Air", "overnight", "2", 30_000, 25.0, 1))
    shipment = only(plan_for([("1", "A", 1)], {"1": "standard"}, {"A": 500}, services))

    assert shipment["service"] == "Next Day Air"


def test_slower_service_never_carries_a_faster_promise():
    services = frames.services(
        ("USPS", "Ground Advantage", "standard", "2", 30_000, 5.0, 5),
        ("USPS", "Priority Mail", "expedited", "2", 30_000, 9.0, 2),
        ("UPS", "Next Day Air", "overnight", "2", 30_000, 25.0, 1),
    )
    plan = plan_for(
        [("E", "A", 1), ("O", "A", 1)], {"E": "expedited", "O": "overnight"}, {"A": 500}, services
    )

    chosen = dict(plan.shipments.select("channel_order_id", "service").iter_rows())
    assert chosen == {"E": "Priority Mail", "O": "Next Day Air"}


def test_equal_cost_goes_to_fewer_transit_days_then_carrier_then_service():
    fewer_days = frames.services(
        ("AAA", "Slow", "standard", "2", 30_000, 5.0, 5),
        ("ZZZ", "Fast", "standard", "2", 30_000, 5.0, 2),
    )
    by_carrier = frames.services(
        ("ZZZ", "Ground", "standard", "2", 30_000, 5.0, 3),
        ("AAA", "Ground", "standard", "2", 30_000, 5.0, 3),
    )
    by_service = frames.services(
        ("UPS", "Zeta", "standard", "2", 30_000, 5.0, 3),
        ("UPS", "Alpha", "standard", "2", 30_000, 5.0, 3),
    )
    args = ([("1", "A", 1)], {"1": "standard"}, {"A": 500})

    assert only(plan_for(*args, fewer_days))["carrier"] == "ZZZ"
    assert only(plan_for(*args, by_carrier))["carrier"] == "AAA"
    assert only(plan_for(*args, by_service))["service"] == "Alpha"


def test_overweight_shipment_is_split_into_packages_that_each_fit():
    services = frames.services(("USPS", "Ground Advantage", "standard", "2", 10_000, 6.0, 5))
    plan = plan_for(
        [("1", "A", 3), ("1", "B", 2)], {"1": "standard"}, {"A": 4_000, "B": 3_000}, services
    )
    shipment = only(plan)
    package_weights = plan.packages.group_by("package_no").agg(pl.col("weight_g").sum())

    # first-fit decreasing: A A | A B B -> 8 kg and 10 kg
    assert shipment["packages"] == 2
    assert str(shipment["cost"]) == "12.00"
    assert sorted(package_weights["weight_g"].to_list()) == [8_000, 10_000]
    assert package_weights["weight_g"].max() <= 10_000
    assert plan.packages["package_id"].unique().sort().to_list() == [
        "SH-1-WH1-P1",
        "SH-1-WH1-P2",
    ]
    assert plan.packages["quantity"].sum() == shipment["units"] == 5
    assert shipment["weight_g"] == 18_000


def test_one_big_box_beats_several_cheap_ones_when_it_costs_less_in_total():
    services = frames.services(
        ("USPS", "Small", "standard", "2", 5_000, 4.0, 5),
        ("UPS", "Big", "standard", "2", 30_000, 10.0, 5),
    )
    shipment = only(plan_for([("1", "A", 3)], {"1": "standard"}, {"A": 4_000}, services))

    assert (shipment["service"], shipment["packages"], str(shipment["cost"])) == ("Big", 1, "10.00")


def test_no_eligible_service_holds_the_shipment_with_a_reason():
    services = frames.services(("USPS", "Ground Advantage", "standard", "2", 30_000, 5.0, 5))
    plan = plan_for([("1", "A", 2)], {"1": "overnight"}, {"A": 500}, services)
    shipment = only(plan)

    assert shipment["status"] == "held"
    assert shipment["carrier"] is None and shipment["cost"] is None
    assert shipment["packages"] == 0 and shipment["units"] == 2
    assert plan.packages.height == 0
    assert plan.exceptions.to_dicts() == [
        {
            "business_date": frames.BUSINESS_DATE,
            "shipment_id": "SH-1-WH1",
            "warehouse_id": "WH1",
            "reason": "no carrier service for zone 2 at service level overnight or faster",
        }
    ]


def test_unit_heavier_than_every_eligible_service_is_held():
    services = frames.services(
        ("USPS", "Ground Advantage", "standard", "2", 10_000, 5.0, 5),
        ("UPS", "Ground", "standard", "2", 20_000, 8.0, 4),
    )
    plan = plan_for(
        [("1", "A", 1), ("1", "ANVIL", 1)], {"1": "standard"}, {"A": 1, "ANVIL": 25_000}, services
    )

    assert only(plan)["status"] == "held"
    assert plan.exceptions["reason"].to_list() == [
        "a unit of SKU ANVIL weighs 25000 g, more than the 20000 g limit of every eligible service"
    ]


def test_heavy_unit_goes_to_the_one_service_that_can_carry_it():
    services = frames.services(
        ("USPS", "Ground Advantage", "standard", "2", 10_000, 5.0, 5),
        ("FREIGHT", "LTL", "standard", "2", 500_000, 90.0, 6),
    )
    shipment = only(plan_for([("1", "ANVIL", 1)], {"1": "standard"}, {"ANVIL": 25_000}, services))

    assert shipment["carrier"] == "FREIGHT"


@pytest.mark.parametrize(
    ("zone", "weights", "reason"),
    [
        (None, {"A": 100}, "no carrier zone from warehouse WH1 to US 07001"),
        ("2", {}, "SKU A has no valid weight in the SKU reference"),
    ],
)
def test_missing_zone_or_weight_holds_the_shipment(zone, weights, reason):
    services = frames.services(("USPS", "Ground Advantage", "standard", "2", 10_000, 5.0, 5))
    plan = build_shipments(
        frames.allocations(("1", "A", 1), zone=zone),
        frames.orders({"1": "standard"}),
        frames.skus(weights) if weights else frames.skus({"Z": 1}),
        services,
    )

    assert plan.exceptions["reason"].to_list() == [reason]
    assert only(plan)["status"] == "held"


def test_shipments_follow_the_ids_and_date_of_the_allocations():
    services = frames.services(("USPS", "Ground Advantage", "standard", "2", 30_000, 5.0, 5))
    plan = plan_for(
        [("2", "A", 1), ("1", "A", 1), ("1", "B", 2)],
        {"1": "standard", "2": "standard"},
        {"A": 100, "B": 200},
        services,
    )

    assert plan.shipments["shipment_id"].to_list() == ["SH-1-WH1", "SH-2-WH1"]
    assert plan.shipments["units"].to_list() == [3, 1]
    assert plan.shipments["weight_g"].to_list() == [500, 100]
    assert set(plan.shipments["business_date"]) == {frames.BUSINESS_DATE}
    assert plan.shipments["ship_postal_code"].to_list() == ["07001", "07001"]


def test_same_inputs_give_the_same_plan_whatever_the_row_order():
    services = frames.services(
        ("USPS", "Ground Advantage", "standard", "2", 5_000, 5.0, 5),
        ("UPS", "Ground", "standard", "2", 5_000, 5.0, 5),
    )
    rows = [("1", "A", 3), ("1", "B", 2), ("2", "C", 4), ("2", "A", 1)]
    weights = {"A": 1_500, "B": 2_000, "C": 900}
    levels = {"1": "standard", "2": "standard"}
    first = plan_for(rows, levels, weights, services)
    second = plan_for(rows[::-1], levels, weights, services.reverse())

    assert first.shipments.equals(second.shipments)
    assert first.packages.equals(second.packages)


def test_each_shipment_travels_in_the_zone_its_allocation_rows_carry():
    allocations = pl.concat(
        [
            frames.allocations(("1", "A", 1), ("2", "A", 2), zone="3"),
            frames.allocations(("1", "B", 1), warehouse_id="WH2", zone="5"),
        ]
    )
    services = frames.services(
        ("USPS", "Ground Advantage", "standard", "3", 30_000, 6.0, 5),
        ("UPS", "Ground", "standard", "5", 30_000, 9.0, 4),
    )
    plan = build_shipments(
        allocations,
        frames.orders({"1": "standard", "2": "standard"}),
        frames.skus({"A": 100, "B": 200}),
        services,
    )

    assert plan.shipments.select("shipment_id", "zone", "carrier").rows() == [
        ("SH-1-WH1", "3", "USPS"),
        ("SH-1-WH2", "5", "UPS"),
        ("SH-2-WH1", "3", "USPS"),
    ]


def test_orders_missing_from_the_order_frame_are_an_error_not_a_silent_drop():
    services = frames.services(("USPS", "Ground Advantage", "standard", "2", 30_000, 5.0, 5))
    with pytest.raises(ValueError, match="missing from orders"):
        build_shipments(
            frames.allocations(("1", "A", 1)),
            frames.orders({"2": "standard"}),
            frames.skus({"A": 1}),
            services,
        )


service_offers = st.lists(
    st.tuples(st.sampled_from([400, 700, 1_000, 2_500]), st.integers(1, 40), st.integers(1, 5)),
    min_size=1,
    max_size=6,
)
order_items = st.lists(
    st.tuples(st.sampled_from("ABCDE"), st.integers(1, 4)),
    min_size=1,
    max_size=4,
    unique_by=lambda item: item[0],
)
ITEM_WEIGHTS = {"A": 90, "B": 250, "C": 380, "D": 600, "E": 0}


@settings(max_examples=80, deadline=None)
@given(offers=service_offers, orders=st.lists(order_items, min_size=1, max_size=4))
def test_chosen_service_is_the_cheapest_by_unit_by_unit_packing(offers, orders):
    """Shared per-limit packing in the kernel picks what packing every service by hand would."""
    services = frames.services(
        *(
            (f"C{i % 2}", f"S{i}", "standard", "2", limit, cents / 100, days)
            for i, (limit, cents, days) in enumerate(offers)
        )
    )
    rows = [(f"O{n}", sku, units) for n, items in enumerate(orders) for sku, units in items]
    plan = plan_for(rows, {f"O{n}": "standard" for n in range(len(orders))}, ITEM_WEIGHTS, services)

    for n, items in enumerate(orders):
        contents = [(sku, ITEM_WEIGHTS[sku], units) for sku, units in items]
        priced = []
        for i, (limit, cents, days) in enumerate(offers):
            packages = first_fit_decreasing_reference(contents, limit)
            if packages is not None:
                priced.append((len(packages) * cents, days, f"C{i % 2}", f"S{i}"))
        shipment = plan.shipments.filter(pl.col("channel_order_id") == f"O{n}").row(0, named=True)
        if not priced:
            assert shipment["status"] == "held"
            continue
        cost, days, carrier, service = min(priced)
        assert (shipment["carrier"], shipment["service"]) == (carrier, service)
        assert shipment["cost"] * 100 == cost
        assert shipment["transit_days"] == days


def test_a_shipment_split_into_many_packages_keeps_every_unit_in_its_own_package():
    services = frames.services(("USPS", "Ground Advantage", "standard", "2", 1_000, 3.0, 5))
    rows = [("1", "A", 40), ("2", "A", 1), ("2", "B", 30)]
    plan = plan_for(rows, dict.fromkeys("12", "standard"), {"A": 900, "B": 600}, services)

    assert plan.shipments.select("shipment_id", "packages").rows() == [
        ("SH-1-WH1", 40),
        ("SH-2-WH1", 31),
    ]
    assert plan.packages.group_by("shipment_id").agg(pl.col("quantity").sum()).sort(
        "shipment_id"
    ).rows() == [("SH-1-WH1", 40), ("SH-2-WH1", 31)]
    assert plan.packages["weight_g"].max() <= 1_000
    assert plan.packages["package_id"].is_unique().all()
