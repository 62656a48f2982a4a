"""Invariants of allocation over random nights, and agreement with the plain reference."""

from datetime import datetime, timedelta

import polars as pl
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assets.allocation.candidates import candidates_by_address, rank_candidates
from assets.allocation.engine import allocate
from contracts.policy import AllocationPolicy

from .builders import (
    BUSINESS_DATE,
    Order,
    assert_agrees_with_reference,
    assert_same_result,
    demand_of,
    kits_of,
    order_book_of,
    stock_of,
)
from .reference import reference_allocate

WAREHOUSES = ["WH-A", "WH-B", "WH-C"]
SKUS = ["S1", "S2", "S3", "S4"]
KITS = {"K1": {"S1": 1, "S2": 2}, "K2": {"S3": 1, "S4": 1, "S1": 1}}
CHANNELS = ["shop", "amazon", "ebay"]
REGIONS = ["CA", "NY", None]


@st.composite
def nights(draw):
    """A small random night: orders, stock, zones, channel rules, kits and a policy."""
    orders = []
    for number in range(draw(st.integers(0, 8))):
        lines = draw(
            st.lists(
                st.tuples(st.sampled_from([*SKUS, *KITS]), st.integers(1, 4)),
                min_size=1,
                max_size=3,
            )
        )
        orders.append(
            Order(
                f"#{number}",
                lines,
                channel=draw(st.sampled_from(CHANNELS)),
                placed_at=datetime(2026, 11, 19) + timedelta(hours=draw(st.integers(0, 2))),
                service_level=draw(st.sampled_from(["standard", "expedited", "overnight"])),
                is_paid=draw(st.booleans()),
                ship_country=draw(st.sampled_from(["US", "US", "US", "NZ"])),
                ship_region=draw(st.sampled_from(REGIONS)),
            )
        )
    stock = {
        (w, s): draw(st.integers(0, 6)) for w in WAREHOUSES for s in SKUS if draw(st.booleans())
    }
    zone_rows = [
        (w, "US", region, str(draw(st.integers(1, 9))))
        for w in WAREHOUSES
        for region in ["*", "CA", "NY"]
        if draw(st.booleans())
    ]
    zones = pl.DataFrame(
        zone_rows,
        schema=["warehouse_id", "dest_country", "dest_region", "zone"],
        orient="row",
    )
    channels = pl.DataFrame(
        {
            "channel": CHANNELS,
            "priority": [draw(st.sampled_from([1, 2, None])) for _ in CHANNELS],
            "allow_split": [draw(st.booleans()) for _ in CHANNELS],
        }
    )
    kits = KITS if draw(st.booleans()) else {}
    policy = AllocationPolicy(
        hold_unpaid=draw(st.booleans()),
        split_override={"ebay": True} if draw(st.booleans()) else {},
    )
    return orders, stock, zones, channels, kits, policy


def allocate_night(night, shuffle_seed: int | None = None, *, by_address: bool = False):
    orders, stock, zones, channels, kits, policy = night
    demand = demand_of(orders)
    frames = {
        "demand": demand,
        "stock": stock_of(stock),
        "candidates": candidates_by_address(demand, zones)
        if by_address
        else rank_candidates(order_book_of(orders), zones),
        "channels": channels,
        "kits": kits_of(kits) if kits else None,
    }
    if shuffle_seed is not None:
        frames = {
            name: frame.sample(fraction=1.0, shuffle=True, seed=shuffle_seed)
            if frame is not None
            else None
            for name, frame in frames.items()
        }
    result = allocate(
        frames.pop("demand"),
        frames.pop("stock"),
        frames.pop("candidates"),
        business_date=BUSINESS_DATE,
        policy=policy,
        **frames,
    )
    return result, frames


SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(nights())
def test_engine_agrees_with_the_plain_reference(night):
    orders, stock, zones, channels, kits, policy = night
    result, _ = allocate_night(night)
    expected = reference_allocate(
        demand_of(orders),
        stock_of(stock),
        rank_candidates(order_book_of(orders), zones),
        business_date=BUSINESS_DATE,
        channels=channels,
        kits=kits_of(kits) if kits else None,
        policy=policy,
    )
    assert_agrees_with_reference(result, expected)


@SETTINGS
@given(nights())
def test_no_warehouse_promises_more_than_it_has(night):
    _, stock, *_ = night
    result, _ = allocate_night(night)
    promised = result.allocations.group_by("warehouse_id", "sku").agg(pl.col("quantity").sum())
    for row in promised.to_dicts():
        assert row["quantity"] <= max(stock.get((row["warehouse_id"], row["sku"]), 0), 0)


@SETTINGS
@given(nights())
def test_every_ordered_unit_is_either_allocated_or_backordered(night):
    orders, *_ = night
    result, _ = allocate_night(night)
    line = ["channel", "channel_order_id", "version", "line_no"]
    allocated = (
        result.allocations.unique([*line, "warehouse_id"])
        .group_by(line)
        .agg(pl.col("ordered_units").sum().alias("units"))
    )
    backordered = result.backorders.select(*line, pl.col("quantity").alias("units"))
    ordered = demand_of(orders).group_by(line).agg(pl.col("quantity").sum())
    accounted = (
        pl.concat([allocated, backordered.cast({"units": pl.Int64})], how="vertical_relaxed")
        .group_by(line)
        .agg(pl.col("units").sum())
    )
    joined = ordered.join(
        accounted.cast({"version": pl.Int64, "line_no": pl.Int64}), on=line, how="full"
    )
    assert joined.filter(pl.col("quantity") != pl.col("units")).is_empty()
    assert joined.null_count().sum_horizontal().item() == 0
    decisions = result.decisions
    assert (decisions["allocated"] + decisions["backordered"] == decisions["ordered"]).all()


@SETTINGS
@given(nights())
def test_split_lines_are_never_backordered_while_a_candidate_still_has_stock(night):
    """Stock only falls during the night, so stock left at the end was there at the line's turn."""
    orders, stock, zones, _, kits, _ = night
    result, _ = allocate_night(night)
    left = dict(stock)
    for row in result.allocations.to_dicts():
        left[(row["warehouse_id"], row["sku"])] -= row["quantity"]
    candidates = rank_candidates(order_book_of(orders), zones)
    for row in result.decisions.filter(
        pl.col("rule").is_in(["partial", "out_of_stock"])
    ).to_dicts():
        parts = KITS.get(row["sku"], {row["sku"]: 1}) if kits else {row["sku"]: 1}
        warehouses = candidates.filter(pl.col("channel_order_id") == row["channel_order_id"])
        for warehouse in warehouses["warehouse_id"]:
            units = min(left.get((warehouse, s), 0) // n for s, n in parts.items())
            assert units <= 0, (row, warehouse)


@SETTINGS
@given(nights(), st.integers(0, 2**16))
def test_result_does_not_depend_on_input_row_order(night, seed):
    in_order, _ = allocate_night(night)
    shuffled, _ = allocate_night(night, shuffle_seed=seed)
    assert_same_result(shuffled, in_order)


@SETTINGS
@given(nights(), st.integers(0, 2**16))
def test_candidates_per_address_give_what_candidates_per_order_give(night, seed):
    per_order, _ = allocate_night(night)
    per_address, _ = allocate_night(night, shuffle_seed=seed, by_address=True)
    assert_same_result(per_address, per_order)
