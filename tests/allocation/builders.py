"""Small nights for allocation tests, written the way a reader states a scenario."""

from dataclasses import dataclass, field
from datetime import date, datetime

import polars as pl
from polars.testing import assert_frame_equal

from assets.allocation.candidates import candidates_by_address, rank_candidates
from assets.allocation.engine import AllocationResult, allocate
from contracts.policy import AllocationPolicy

from .explanations import explained
from .reference import reference_allocate

BUSINESS_DATE = date(2026, 11, 20)
MORNING = datetime(2026, 11, 19, 9, 0)
ZONES = pl.DataFrame(
    {
        "warehouse_id": ["WH-EAST", "WH-WEST"],
        "dest_country": ["US", "US"],
        "dest_region": ["*", "*"],
        "zone": ["2", "5"],
    }
)


@dataclass
class Order:
    """One order of the night; lines are (sku, quantity) in line order."""

    channel_order_id: str
    lines: list[tuple[str, int]]
    channel: str = "shop"
    placed_at: datetime = MORNING
    service_level: str = "standard"
    is_paid: bool = True
    ship_country: str = "US"
    ship_region: str | None = "CA"
    version: int = 1
    first_backordered_date: date | None = None
    line_numbers: list[int] = field(default_factory=list)


def demand_of(orders: list[Order]) -> pl.DataFrame:
    rows = []
    for order in orders:
        numbers = order.line_numbers or list(range(1, len(order.lines) + 1))
        for line_no, (sku, quantity) in zip(numbers, order.lines, strict=True):
            rows.append(
                {
                    "channel": order.channel,
                    "channel_order_id": order.channel_order_id,
                    "version": order.version,
                    "line_no": line_no,
                    "sku": sku,
                    "quantity": quantity,
                    "placed_at": order.placed_at,
                    "service_level": order.service_level,
                    "is_paid": order.is_paid,
                    "first_backordered_date": order.first_backordered_date,
                    "ship_country": order.ship_country,
                    "ship_region": order.ship_region,
                }
            )
    return pl.DataFrame(
        rows,
        schema={
            "channel": pl.String,
            "channel_order_id": pl.String,
            "version": pl.Int64,
            "line_no": pl.Int64,
            "sku": pl.String,
            "quantity": pl.Int64,
            "placed_at": pl.Datetime("us"),
            "service_level": pl.String,
            "is_paid": pl.Boolean,
            "first_backordered_date": pl.Date,
            "ship_country": pl.String,
            "ship_region": pl.String,
        },
    )


def order_book_of(orders: list[Order]) -> pl.DataFrame:
    return pl.DataFrame(
        [
            {
                "channel": o.channel,
                "channel_order_id": o.channel_order_id,
                "ship_country": o.ship_country,
                "ship_region": o.ship_region,
                "service_level": o.service_level,
            }
            for o in orders
        ],
        schema={
            "channel": pl.String,
            "channel_order_id": pl.String,
            "ship_country": pl.String,
            "ship_region": pl.String,
            "service_level": pl.String,
        },
    ).unique(maintain_order=True)


def stock_of(units: dict[tuple[str, str], int]) -> pl.DataFrame:
    return pl.DataFrame(
        [{"warehouse_id": w, "sku": s, "available": n} for (w, s), n in units.items()],
        schema={"warehouse_id": pl.String, "sku": pl.String, "available": pl.Int64},
    )


def kits_of(recipes: dict[str, dict[str, int]]) -> pl.DataFrame:
    return pl.DataFrame(
        [
            {"kit_sku": kit, "component_sku": part, "quantity": n}
            for kit, parts in recipes.items()
            for part, n in parts.items()
        ],
        schema={"kit_sku": pl.String, "component_sku": pl.String, "quantity": pl.Int64},
    )


def run(
    orders: list[Order],
    stock: dict[tuple[str, str], int],
    *,
    zones: pl.DataFrame = ZONES,
    channels: pl.DataFrame | None = None,
    kits: dict[str, dict[str, int]] | None = None,
    policy: AllocationPolicy = AllocationPolicy(),  # noqa: B008
    candidates: pl.DataFrame | None = None,
) -> AllocationResult:
    """Allocate a scenario with the engine, and check the reference agrees on every frame.

    Unless a scenario brings its own candidates, it runs twice: with candidates per order
    (rank_candidates) and per ship-to address (candidates_by_address), which must agree.
    """
    demand = demand_of(orders)
    arguments = {
        "business_date": BUSINESS_DATE,
        "channels": channels,
        "kits": kits_of(kits) if kits else None,
        "policy": policy,
    }
    if candidates is None:
        by_address = allocate(
            demand, stock_of(stock), candidates_by_address(demand, zones), **arguments
        )
        candidates = rank_candidates(order_book_of(orders), zones)
    else:
        by_address = None
    result = allocate(demand, stock_of(stock), candidates, **arguments)
    assert_agrees_with_reference(
        result, reference_allocate(demand, stock_of(stock), candidates, **arguments)
    )
    if by_address is not None:
        assert_same_result(by_address, result)
    return result


def assert_same_result(got: AllocationResult, expected: AllocationResult) -> None:
    for name in ("allocations", "backorders", "decisions"):
        assert_frame_equal(getattr(got, name), getattr(expected, name))


def assert_agrees_with_reference(result: AllocationResult, expected: dict) -> None:
    """Every frame equal to the reference's, and the explanations in words equal to the
    sentences the reference writes itself."""
    for name in ("allocations", "backorders", "decisions"):
        assert_frame_equal(getattr(result, name), expected[name])
    assert_frame_equal(explained(result.decisions), expected["explanations"])


def decision(result: AllocationResult, order_id: str, line_no: int = 1) -> dict:
    """One line's decision: its facts, and its warehouses and explanation as an operator reads
    them (oms.allocation_explanations)."""
    facts = result.decisions.filter(
        (pl.col("channel_order_id") == order_id) & (pl.col("line_no") == line_no)
    )
    assert facts.height == 1, facts
    return facts.to_dicts()[0] | explained(facts).to_dicts()[0]


def shipped(result: AllocationResult, order_id: str) -> dict[tuple[str, str], int]:
    """{(warehouse, sku): units} allocated to an order."""
    rows = (
        result.allocations.filter(pl.col("channel_order_id") == order_id)
        .group_by("warehouse_id", "sku")
        .agg(pl.col("quantity").sum())
    )
    return {(r["warehouse_id"], r["sku"]): r["quantity"] for r in rows.to_dicts()}
