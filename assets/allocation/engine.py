"""allocate(): tonight's demand, stock and candidate warehouses in; allocations, backorders and
the decision behind every line out. The policy is documented in docs/allocation.md."""

import time
from dataclasses import dataclass
from datetime import date
from functools import partial

import numpy as np
import polars as pl

from assets.allocation.cheapest import CheapestPlans, improve_zone_plan, serve_cheapest
from assets.allocation.encoding import EncodedNight, encode
from assets.allocation.explain import Pieces, decisions_frame
from assets.allocation.kernel import CHEAPEST_PLAN, allocate_in_rank_order, number_shipments
from assets.allocation.shipping_cost import rate_classes, sku_weights
from assets.concurrency import side_by_side
from contracts.ids import shipment_id_for
from contracts.policy import AllocationPolicy


@dataclass(frozen=True)
class PlanSearch:
    """How far the cheapest strategy's search got tonight (costs in cents, searched orders)."""

    mode: str  # "queue": cheapest plans while serving; "zone_units": the zone plan improved
    orders: int
    orders_searched: int
    orders_replanned: int
    zone_cost_cents: int
    plan_cost_cents: int
    seconds: float

    @classmethod
    def of(cls, plans: CheapestPlans, mode: str) -> "PlanSearch":
        searched = plans.zone_cost >= 0
        return cls(
            mode=mode,
            orders=int(plans.replanned.shape[0]),
            orders_searched=plans.orders_searched,
            orders_replanned=int(plans.replanned.sum()),
            zone_cost_cents=int(plans.zone_cost[searched].sum()),
            plan_cost_cents=int(plans.plan_cost[searched].sum()),
            seconds=round(plans.seconds, 3),
        )


@dataclass(frozen=True)
class AllocationResult:
    """What allocation decided for one business date (frames follow sql/allocation/*.ddl.sql,
    without business_date)."""

    allocations: pl.DataFrame
    backorders: pl.DataFrame
    decisions: pl.DataFrame
    plan_search: PlanSearch | None = None  # the cheapest strategy's search, else None

    @property
    def fill_rate(self) -> float | None:
        """Allocated / ordered units (kit units for kits); None when nothing was demanded."""
        ordered = self.decisions["ordered"].sum()
        return None if not ordered else self.decisions["allocated"].sum() / ordered


def _pieces(night: EncodedNight, kernel_pieces: np.ndarray) -> Pieces:
    """Kernel pieces as (line, candidate position, warehouse code, units), in serving order."""
    line, position, units = kernel_pieces[:, 0], kernel_pieces[:, 1], kernel_pieces[:, 2]
    order = night.line_order[line]
    warehouse = night.cand_wh[night.cand_start[order] + position]
    return line, position, warehouse, units


def _shipment_ids(night: EncodedNight, pieces: Pieces, business_date: date) -> pl.Series:
    """The shipment id of every piece: one shipment per (order, warehouse)."""
    line, _, warehouse, _ = pieces
    shipment, shipment_order, shipment_wh = number_shipments(
        night.line_order[line], warehouse, len(night.warehouses)
    )
    ids = shipment_id_for(
        business_date,
        night.orders["channel"].gather(shipment_order),
        night.orders["channel_order_id"].gather(shipment_order),
        night.warehouses.gather(shipment_wh),
    )
    return ids.gather(shipment)


def _picked(night: EncodedNight, pieces: Pieces) -> tuple[pl.DataFrame, np.ndarray]:
    """Pieces expanded to the SKUs to pick (one row per kit component), without shipment ids;
    and the piece of each row. Each row keeps the zone its warehouse was ranked by, so
    fulfillment rate-shops in the zone allocation knew instead of working it out again."""
    line, position, warehouse, units = pieces
    sku = night.line_sku[line]
    per_piece = np.diff(night.recipe_offsets)[sku]
    piece = np.repeat(np.arange(line.shape[0]), per_piece)
    within = np.arange(piece.shape[0]) - np.repeat(np.cumsum(per_piece) - per_piece, per_piece)
    component = night.recipe_offsets[sku][piece] + within
    ordered = night.lines.select(
        "channel",
        "channel_order_id",
        pl.col("version").cast(pl.Int32),
        pl.col("line_no").cast(pl.Int32),
        pl.col("sku").alias("ordered_sku"),
    )[line[piece]]
    frame = ordered.with_columns(
        pl.Series("ordered_units", units[piece], dtype=pl.Int32),
        night.skus.gather(night.recipe_sku[component]).alias("sku"),
        night.warehouses.gather(warehouse[piece]).alias("warehouse_id"),
        pl.Series("quantity", units[piece] * night.recipe_qty[component], dtype=pl.Int32),
    )
    zone = night.cand_zone[night.cand_start[night.line_order[line]] + position]
    frame = frame.with_columns(night.zones.gather(zone[piece]).alias("zone"))
    return frame, piece


def _backorders_frame(
    night: EncodedNight, allocated: np.ndarray, business_date: date
) -> pl.DataFrame:
    """Units still owed per line, keeping placed_at so they keep their place in the queue."""
    return (
        night.lines.with_columns(
            (pl.col("quantity") - pl.Series(allocated)).cast(pl.Int32).alias("quantity")
        )
        .filter(pl.col("quantity") > 0)
        .select(
            "channel",
            "channel_order_id",
            pl.col("version").cast(pl.Int32),
            pl.col("line_no").cast(pl.Int32),
            "sku",
            "quantity",
            "placed_at",
            "service_level",
            pl.col("first_backordered_date").fill_null(business_date),
        )
    )


def _cheapest(
    night: EncodedNight,
    zone_kernel: partial,
    zone_stock: np.ndarray,
    policy: AllocationPolicy,
    skus: pl.DataFrame | None,
    carrier_services: pl.DataFrame,
) -> tuple[tuple, CheapestPlans, str]:
    """The cheapest strategy: the queue served with cheapest complete plans, unless that ships
    fewer units in all than the zone rules; then the zone plan, each order moved to its cheapest
    plan for the same units. Both passes run side by side (they release the GIL)."""
    started = time.perf_counter()
    weights = sku_weights(skus, night.skus)
    rates = rate_classes(carrier_services, night.zones)
    budget = policy.plan_budget_seconds
    queue = partial(serve_cheapest, night, night.stock.copy(), weights, rates, budget)
    zone_output, (queue_output, queue_plans), _ = side_by_side(
        zone_kernel, queue, lambda: night.lines
    )
    if queue_output[1].sum() >= zone_output[1].sum():
        return queue_output, queue_plans, "queue"
    left = max(0.0, budget - (time.perf_counter() - started))
    pieces = _pieces(night, zone_output[2])
    plans = improve_zone_plan(night, zone_output, pieces, zone_stock, weights, rates, left)
    return zone_output, plans, "zone_units"


def allocate(
    demand: pl.DataFrame,
    stock: pl.DataFrame,
    candidates: pl.DataFrame,
    *,
    business_date: date,
    channels: pl.DataFrame | None = None,
    kits: pl.DataFrame | None = None,
    policy: AllocationPolicy = AllocationPolicy(),  # noqa: B008 - frozen, safe to share
    skus: pl.DataFrame | None = None,
    carrier_services: pl.DataFrame | None = None,
) -> AllocationResult:
    """Allocate tonight's demand to warehouses by the policy; the same inputs in any row order
    give the same result.

    demand: channel, channel_order_id, version, line_no, sku, quantity, placed_at,
        service_level, is_paid, first_backordered_date (null for lines new tonight).
    stock: warehouse_id, sku, available. candidates: per order (rank_candidates) or per ship-to
    address (candidates_by_address; demand then also carries ship_country and ship_region).
    channels: channel, priority, allow_split (optional). kits: kit_sku, component_sku, quantity.
    skus (sku, weight_g) and carrier_services (reference/carrier_services.csv) price shipments
    for the cheapest strategy, which needs both and zone-ranked candidates.
    """
    if policy.strategy == "cheapest" and carrier_services is None:
        raise ValueError("the cheapest strategy needs carrier_services (and skus for weights)")
    night = encode(demand, stock, candidates, channels=channels, kits=kits, policy=policy)
    stock_left = night.stock.copy()
    kernel = partial(
        allocate_in_rank_order,
        night.line_offsets,
        night.line_qty,
        night.line_sku,
        night.recipe_offsets,
        night.recipe_sku,
        night.recipe_qty,
        night.cand_start,
        night.cand_end,
        night.cand_wh,
        night.is_held,
        night.allow_split,
        stock_left,
    )
    plans, mode = None, None
    if policy.strategy != "cheapest":
        # the kernel releases the GIL: the lines in serving order are laid out beside it
        kernel_output, _ = side_by_side(kernel, lambda: night.lines)
    else:
        kernel_output, plans, mode = _cheapest(
            night, kernel, stock_left, policy, skus, carrier_services
        )
    line_rule, allocated, kernel_pieces, *seen = kernel_output
    pieces = _pieces(night, kernel_pieces)
    if mode == "zone_units":
        line_rule[plans.replanned[night.line_order]] = CHEAPEST_PLAN
        line, position = np.nonzero(plans.units)
        order = night.line_order[line]
        warehouse = night.cand_wh[night.cand_start[order] + position]
        pieces = (line, position, warehouse, plans.units[line, position])
    # The frames only read the kernel's output; Polars, DuckDB (shipment ids) and the compiled
    # helpers release the GIL, so they are built side by side.
    backorders, shipment_ids, decisions, (allocations, piece) = side_by_side(
        partial(_backorders_frame, night, allocated, business_date),
        partial(_shipment_ids, night, pieces, business_date),
        partial(decisions_frame, night, line_rule, allocated, pieces, *seen, plans=plans),
        partial(_picked, night, pieces),
    )
    return AllocationResult(
        allocations=allocations.with_columns(shipment_ids.gather(piece)).select(
            pl.exclude("zone"), "zone"
        ),
        backorders=backorders,
        decisions=decisions,
        plan_search=None if plans is None else PlanSearch.of(plans, mode),
    )
