"""Waves, batch pick lists and walking order."""

import polars as pl
import pytest

from assets.fulfillment.pick_lists import build_pick_lists
from assets.fulfillment.shipments import build_shipments
from tests.fulfillment import frames

SERVICES = frames.services(
    ("USPS", "Ground Advantage", "standard", "2", 30_000, 5.0, 5, "15:00"),
    ("UPS", "Next Day Air", "overnight", "2", 30_000, 20.0, 1, "17:30"),
    ("FedEx", "2Day", "expedited", "2", 30_000, 9.0, 2, None),
    ("UPS", "Express Saver", "expedited", "2", 30_000, 15.0, 2, "9:30"),
)
WEIGHTS = {"A": 100, "B": 100, "C": 100, "D": 100, "X": 100}
BINS = pl.DataFrame(
    {
        "warehouse_id": ["WH1", "WH1", "WH1", "WH1", "WH2"],
        "sku": ["A", "B", "C", "A", "D"],
        "bin": ["A-01", "B-07", "C-03", "Z-99", "D-01"],
        "pick_sequence": [10, 70, 30, 990, 5],
    }
)


def pick(rows, levels, *, per_list=12, services=SERVICES, bins=BINS) -> pl.DataFrame:
    """Pick list lines for a small one-warehouse night."""
    allocations = frames.allocations(*rows)
    plan = build_shipments(
        allocations,
        frames.orders(levels),
        frames.skus(WEIGHTS),
        services,
    )
    return build_pick_lists(
        allocations,
        plan.shipments,
        bins,
        frames.skus(WEIGHTS),
        services,
        orders_per_pick_list=per_list,
    )


def test_waves_run_by_cutoff_then_service_level_with_no_cutoff_last():
    # standard -> USPS 15:00; overnight -> UPS 17:30; expedited -> FedEx (no cutoff, cheapest)
    levels = {"S": "standard", "O": "overnight", "E": "expedited"}
    services_with_overnight_at_three = SERVICES.with_columns(
        cutoff=pl.when(pl.col("service") == "Next Day Air")
        .then(pl.lit("15:00"))
        .otherwise("cutoff")
    )
    lines = pick([("S", "A", 1), ("O", "A", 1), ("E", "A", 1)], levels)
    same_cutoff = pick(
        [("S", "A", 1), ("O", "A", 1), ("E", "A", 1)],
        levels,
        services=services_with_overnight_at_three,
    )

    waves = dict(lines.select("shipment_id", "wave").iter_rows())
    assert waves == {"SH-S-WH1": 1, "SH-O-WH1": 2, "SH-E-WH1": 3}
    assert dict(lines.select("wave", "cutoff").unique().iter_rows()) == {
        1: "15:00",
        2: "17:30",
        3: None,
    }
    # same cutoff: overnight is picked before standard
    assert dict(same_cutoff.select("shipment_id", "wave").iter_rows()) == {
        "SH-O-WH1": 1,
        "SH-S-WH1": 2,
        "SH-E-WH1": 3,
    }


def test_cutoffs_like_9_30_sort_before_15_00():
    services = SERVICES.filter(pl.col("service") != "2Day")
    lines = pick(
        [("E", "A", 1), ("S", "A", 1)], {"E": "expedited", "S": "standard"}, services=services
    )

    assert lines.sort("wave").select("cutoff").to_series().to_list() == ["09:30", "15:00"]


@pytest.mark.parametrize("per_list", [1, 3, 12])
def test_a_pick_list_holds_at_most_n_shipments_one_tote_each(per_list):
    order_ids = [f"{i:02d}" for i in range(10)]
    lines = pick(
        [(o, sku, 1) for o in order_ids for sku in ("A", "B")],
        dict.fromkeys(order_ids, "standard"),
        per_list=per_list,
    )
    per_pick_list = lines.group_by("pick_list_id").agg(
        pl.col("shipment_id").n_unique().alias("shipments"),
        pl.col("tote").n_unique().alias("totes"),
        pl.col("tote").max().alias("max_tote"),
    )
    totes = lines.select("pick_list_id", "tote", "shipment_id").unique()

    assert per_pick_list["shipments"].max() <= per_list
    assert (per_pick_list["shipments"] == per_pick_list["totes"]).all()
    assert (per_pick_list["max_tote"] == per_pick_list["totes"]).all()
    assert totes.group_by("pick_list_id", "tote").len()["len"].max() == 1
    assert lines.height == 20
    assert per_pick_list.height == -(-10 // per_list)


def test_lines_follow_the_walk_and_unslotted_skus_come_last_and_flagged():
    lines = pick(
        [("1", "X", 2), ("1", "B", 1), ("1", "A", 3), ("1", "C", 1)],
        {"1": "standard"},
    ).sort("sequence")

    assert lines["sku"].to_list() == ["A", "C", "B", "X"]
    assert lines["bin"].to_list() == ["A-01", "C-03", "B-07", None]
    assert lines["pick_sequence"].to_list() == [10, 30, 70, None]
    assert lines["is_unslotted"].to_list() == [False, False, False, True]
    assert lines["sequence"].to_list() == [1, 2, 3, 4]
    assert lines["description"].to_list()[0] == "A description"


def test_a_sku_in_several_bins_is_picked_from_its_first_bin_on_the_walk():
    lines = pick([("1", "A", 5)], {"1": "standard"})

    assert lines.select("bin", "quantity").rows() == [("A-01", 5)]


def test_no_bins_at_all_lists_every_line_as_unslotted():
    empty_bins = BINS.clear()
    lines = pick([("1", "B", 1), ("1", "A", 1)], {"1": "standard"}, bins=empty_bins)

    assert lines["is_unslotted"].all()
    assert lines.sort("sequence")["sku"].to_list() == ["A", "B"]


def test_walk_neighbours_share_a_pick_list():
    levels = {o: "standard" for o in ("1", "2", "3", "4")}
    lines = pick([("1", "B", 1), ("2", "A", 1), ("3", "B", 1), ("4", "A", 1)], levels, per_list=2)
    lists = lines.group_by("pick_list_id").agg(pl.col("sku").unique().sort()).sort("pick_list_id")

    assert lists["sku"].to_list() == [["A"], ["B"]]
    assert lists["pick_list_id"].to_list() == ["PL-20261120-WH1-001", "PL-20261120-WH1-002"]


def test_held_shipments_get_no_pick_lines():
    services = SERVICES.filter(pl.col("service_level") != "overnight")
    lines = pick(
        [("1", "A", 1), ("2", "A", 1)], {"1": "standard", "2": "overnight"}, services=services
    )

    assert lines["shipment_id"].unique().to_list() == ["SH-1-WH1"]


def test_pick_lists_without_a_cutoff_column_form_one_wave_per_service_level():
    services = SERVICES.drop("cutoff")
    lines = pick(
        [("1", "A", 1), ("2", "A", 1)], {"1": "standard", "2": "overnight"}, services=services
    )

    assert dict(lines.select("shipment_id", "wave").iter_rows()) == {"SH-2-WH1": 1, "SH-1-WH1": 2}
    assert lines["cutoff"].is_null().all()


def test_a_second_run_gives_identical_lines():
    rows = [(f"{i}", sku, i % 3 + 1) for i in range(15) for sku in ("A", "C", "X")]
    levels = {f"{i}": ("standard", "expedited", "overnight")[i % 3] for i in range(15)}

    assert pick(rows, levels, per_list=4).equals(pick(rows[::-1], levels, per_list=4))


def test_a_wave_is_cut_into_even_pick_lists_so_no_cart_leaves_with_one_unit():
    order_ids = [f"{i:02d}" for i in range(13)]
    lines = pick([(o, "A", 1) for o in order_ids], dict.fromkeys(order_ids, "standard"))
    per_list = lines.group_by("pick_list_id").agg(pl.col("quantity").sum()).sort("pick_list_id")

    assert per_list["quantity"].to_list() == [7, 6]


def test_every_line_names_the_service_level_of_its_wave():
    levels = {"S": "standard", "O": "overnight", "E": "expedited"}
    lines = pick([("S", "A", 1), ("O", "A", 1), ("E", "A", 1)], levels)

    assert dict(lines.select("wave", "service_level").iter_rows()) == {
        1: "standard",
        2: "overnight",
        3: "expedited",
    }
