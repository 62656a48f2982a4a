"""The cheapest strategy: in the existing queue, each order gets its cheapest complete plan.

The nearest-zone pass (kernel.py) decides how many units every line gets; this pass then moves
each fully allocated order, in queue order, to the cheapest set of shipments that carries exactly
those units (shipping_cost.py prices them). So no line gets fewer units than under the zone
strategy, and the priority rule holds: a move may only draw on stock no short line could use
(see ``wanted_places``) and may not free stock a short line could use, so every unit a
higher-ranked short line was refused stays out of reach of lower-ranked orders.

The pass runs in chunks of orders against a time budget; orders not reached keep their zone plan
(a complete, valid plan), and how far it got is recorded.
"""

import time
from dataclasses import dataclass

import numpy as np
from numba import njit

from assets.allocation.encoding import EncodedNight
from assets.allocation.kernel import NO_SPLIT_WAIT, OUT_OF_STOCK, PARTIAL, SHIP_COMPLETE, SPLIT
from assets.allocation.shipping_cost import N_SPEEDS, RateClasses, shipment_cost

EXHAUSTIVE_PLANS = 243
"""Orders with at most this many one-warehouse-per-line plans (3 candidates, 5 lines) are
searched exhaustively; larger ones start from the best one-warehouse plan and move one line at a
time while that saves money."""

CHUNK_ORDERS = 20_000
"""Orders searched between two looks at the clock."""


@dataclass(frozen=True)
class CheapestPlans:
    """The plan search's outcome, per order in serving order (costs in cents; -1 where the order
    was not searched: not fully allocated, or beyond the time budget)."""

    units: np.ndarray  # int64[line, candidate position]: the units each line takes from each
    replanned: np.ndarray  # bool per order: the cheapest plan differs from the zone plan
    plan_cost: np.ndarray
    plan_parcels: np.ndarray
    zone_cost: np.ndarray
    zone_parcels: np.ndarray
    orders_searched: int  # orders the budget reached, in queue order
    seconds: float


@njit(cache=True)
def wanted_places(
    line_offsets,
    line_rule,
    line_sku,
    recipe_offsets,
    recipe_sku,
    cand_start,
    cand_end,
    cand_wh,
    n_wh,
    n_sku,
):  # pragma: no cover - compiled
    """(warehouse, SKU) pairs a short line could use: a component of a line left short (partial,
    out_of_stock, or waiting for a complete shipment) at one of its candidate warehouses."""
    wanted = np.zeros((n_wh, n_sku), dtype=np.bool_)
    for o in range(line_offsets.shape[0] - 1):
        for line in range(line_offsets[o], line_offsets[o + 1]):
            rule = line_rule[line]
            if rule != PARTIAL and rule != OUT_OF_STOCK and rule != NO_SPLIT_WAIT:
                continue
            sku = line_sku[line]
            for k in range(cand_start[o], cand_end[o]):
                for c in range(recipe_offsets[sku], recipe_offsets[sku + 1]):
                    wanted[cand_wh[k], recipe_sku[c]] = True
    return wanted


@njit(cache=True)
def _plan_cost(
    plan, n_lines, n_cand, items, n_items, first_cand, cand_zone, speed, rates, pack, room
):  # pragma: no cover - compiled
    """(cents, parcels) of a plan: plan[line, k] units of each local line from candidate k.

    items: rows (local line, slot, weight, per unit) sorted heaviest first."""
    offsets, limits, prices = rates
    weights, counts = pack
    total = 0
    parcels = 0
    for k in range(n_cand):
        n = 0
        for i in range(n_items):
            units = plan[items[i, 0], k]
            if units > 0:
                weights[n] = items[i, 2]
                counts[n] = units * items[i, 3]
                n += 1
        if n == 0:
            continue
        pair = cand_zone[first_cand + k] * N_SPEEDS + speed
        cost, packages = shipment_cost(weights, counts, n, pair, offsets, limits, prices, room)
        total += cost
        parcels += packages
    return total, parcels


@njit(cache=True)
def _feasible(plan, n_cand, items, n_items, n_slots, avail, own, fixed, use):  # pragma: no cover
    """Whether a plan fits what the order may use: at most ``avail`` per (candidate, slot), and
    exactly its own units where the place is ``fixed`` (wanted by a short line)."""
    use[:n_cand, :n_slots] = 0
    for i in range(n_items):
        for k in range(n_cand):
            use[k, items[i, 1]] += plan[items[i, 0], k] * items[i, 3]
    for k in range(n_cand):
        for s in range(n_slots):
            if use[k, s] > avail[k, s]:
                return False
            if fixed[k, s] and use[k, s] != own[k, s]:
                return False
    return True


@njit(cache=True)
def _set_digits(plan, digits, fixed_units, n_lines, n_cand):  # pragma: no cover - compiled
    for line in range(n_lines):
        for k in range(n_cand):
            plan[line, k] = 0
        plan[line, digits[line]] = fixed_units[line]


@njit(cache=True, nogil=True)
def search_plans(
    first_order,
    last_order,
    line_offsets,
    line_rule,
    allocated,
    line_sku,
    recipe_offsets,
    recipe_sku,
    recipe_qty,
    cand_start,
    cand_end,
    cand_wh,
    cand_zone,
    order_speed,
    allow_split,
    sku_weight,
    rate_offsets,
    rate_limit,
    rate_price,
    stock,
    wanted,
    units,
    replanned,
    plan_cost,
    plan_parcels,
    zone_cost,
    zone_parcels,
    max_lines,
    max_cand,
    max_items,
    room_size,
):  # pragma: no cover - compiled
    """Search orders first_order..last_order-1 (serving order), updating ``units`` and ``stock``
    (what is left) in place for every order whose cheapest plan beats its zone plan."""
    rates = (rate_offsets, rate_limit, rate_price)
    items = np.empty((max_items, 4), dtype=np.int64)
    slot_sku = np.empty(max_items, dtype=np.int64)
    avail = np.empty((max_cand, max_items), dtype=np.int64)
    own = np.empty((max_cand, max_items), dtype=np.int64)
    fixed = np.empty((max_cand, max_items), dtype=np.bool_)
    use = np.empty((max_cand, max_items), dtype=np.int64)
    plan = np.empty((max_lines, max_cand), dtype=np.int64)
    best = np.empty((max_lines, max_cand), dtype=np.int64)
    digits = np.empty(max_lines, dtype=np.int64)
    fixed_units = np.empty(max_lines, dtype=np.int64)
    pack = (np.empty(max_items, dtype=np.int64), np.empty(max_items, dtype=np.int64))
    room = np.empty(room_size, dtype=np.int64)
    for o in range(first_order, last_order):
        first_line, end_line = line_offsets[o], line_offsets[o + 1]
        first_cand, n_cand = cand_start[o], cand_end[o] - cand_start[o]
        n_lines = end_line - first_line
        complete = n_cand > 0
        for line in range(first_line, end_line):
            if line_rule[line] != SHIP_COMPLETE and line_rule[line] != SPLIT:
                complete = False
        if not complete:
            continue
        speed = order_speed[o]
        # the order's items (line, slot, weight, per unit), heaviest first, and its SKU slots
        n_items, n_slots = 0, 0
        for j in range(n_lines):
            line = first_line + j
            fixed_units[j] = allocated[line]
            sku = line_sku[line]
            for c in range(recipe_offsets[sku], recipe_offsets[sku + 1]):
                component = recipe_sku[c]
                slot = -1
                for s in range(n_slots):
                    if slot_sku[s] == component:
                        slot = s
                if slot < 0:
                    slot = n_slots
                    slot_sku[slot] = component
                    n_slots += 1
                items[n_items, 0] = j
                items[n_items, 1] = slot
                items[n_items, 2] = sku_weight[component]
                items[n_items, 3] = recipe_qty[c]
                n_items += 1
        for i in range(1, n_items):  # insertion sort, heaviest first, then slot
            row = items[i].copy()
            m = i - 1
            while m >= 0 and (
                items[m, 2] < row[2] or (items[m, 2] == row[2] and items[m, 1] > row[1])
            ):
                items[m + 1] = items[m]
                m -= 1
            items[m + 1] = row
        for j in range(n_lines):
            for k in range(n_cand):
                plan[j, k] = units[first_line + j, k]
        own[:n_cand, :n_slots] = 0
        for i in range(n_items):
            for k in range(n_cand):
                own[k, items[i, 1]] += plan[items[i, 0], k] * items[i, 3]
        for k in range(n_cand):
            warehouse = cand_wh[first_cand + k]
            for s in range(n_slots):
                fixed[k, s] = wanted[warehouse, slot_sku[s]]
                free = 0 if fixed[k, s] else stock[warehouse, slot_sku[s]]
                avail[k, s] = own[k, s] + free
        current, current_parcels = _plan_cost(
            plan, n_lines, n_cand, items, n_items, first_cand, cand_zone, speed, rates, pack, room
        )
        zone_cost[o], zone_parcels[o] = current, current_parcels
        best_cost, best_parcels, found = current, current_parcels, False

        n_plans = 1
        for _ in range(n_lines):
            n_plans *= n_cand
            if n_plans > EXHAUSTIVE_PLANS:
                break
        if n_plans <= EXHAUSTIVE_PLANS and allow_split[o]:
            digits[:n_lines] = 0
            for _ in range(n_plans):
                _set_digits(plan, digits, fixed_units, n_lines, n_cand)
                if _feasible(plan, n_cand, items, n_items, n_slots, avail, own, fixed, use):
                    cost, parcels = _plan_cost(
                        plan,
                        n_lines,
                        n_cand,
                        items,
                        n_items,
                        first_cand,
                        cand_zone,
                        speed,
                        rates,
                        pack,
                        room,
                    )
                    if cost < best_cost or (cost == best_cost and parcels < best_parcels):
                        best_cost, best_parcels, found = cost, parcels, True
                        best[:n_lines, :n_cand] = plan[:n_lines, :n_cand]
                for j in range(n_lines):  # next plan: count in base n_cand
                    digits[j] += 1
                    if digits[j] < n_cand:
                        break
                    digits[j] = 0
        else:
            start_cost, start_parcels, start_k = -1, 0, 0
            for k in range(n_cand):  # every line from one warehouse
                digits[:n_lines] = k
                _set_digits(plan, digits, fixed_units, n_lines, n_cand)
                if _feasible(plan, n_cand, items, n_items, n_slots, avail, own, fixed, use):
                    cost, parcels = _plan_cost(
                        plan,
                        n_lines,
                        n_cand,
                        items,
                        n_items,
                        first_cand,
                        cand_zone,
                        speed,
                        rates,
                        pack,
                        room,
                    )
                    if start_cost < 0 or cost < start_cost:
                        start_cost, start_parcels, start_k = cost, parcels, k
            if start_cost >= 0:
                digits[:n_lines] = start_k
                cost, parcels = start_cost, start_parcels
                improved = allow_split[o]
                while improved:  # move one line at a time while it saves money
                    improved = False
                    for j in range(n_lines):
                        keep = digits[j]
                        for k in range(n_cand):
                            if k == keep:
                                continue
                            digits[j] = k
                            _set_digits(plan, digits, fixed_units, n_lines, n_cand)
                            if _feasible(
                                plan, n_cand, items, n_items, n_slots, avail, own, fixed, use
                            ):
                                trial, trial_parcels = _plan_cost(
                                    plan,
                                    n_lines,
                                    n_cand,
                                    items,
                                    n_items,
                                    first_cand,
                                    cand_zone,
                                    speed,
                                    rates,
                                    pack,
                                    room,
                                )
                                if trial < cost:
                                    cost, parcels, keep, improved = trial, trial_parcels, k, True
                            digits[j] = keep
                _set_digits(plan, digits, fixed_units, n_lines, n_cand)
                if cost < best_cost or (cost == best_cost and parcels < best_parcels):
                    best_cost, best_parcels, found = cost, parcels, True
                    best[:n_lines, :n_cand] = plan[:n_lines, :n_cand]
        plan_cost[o], plan_parcels[o] = best_cost, best_parcels
        if not found or (best_cost == current and best_parcels == current_parcels):
            continue
        replanned[o] = True
        for k in range(n_cand):  # give back the zone plan's stock, take the new plan's
            warehouse = cand_wh[first_cand + k]
            for s in range(n_slots):
                stock[warehouse, slot_sku[s]] += own[k, s]
        for j in range(n_lines):
            for k in range(n_cand):
                units[first_line + j, k] = best[j, k]
        for i in range(n_items):
            for k in range(n_cand):
                taken = best[items[i, 0], k] * items[i, 3]
                stock[cand_wh[first_cand + k], slot_sku[items[i, 1]]] -= taken
    return replanned


def cheapest_plans(
    night: EncodedNight,
    line_rule: np.ndarray,
    allocated: np.ndarray,
    pieces: tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray],
    stock_left: np.ndarray,
    weights: np.ndarray,
    rates: RateClasses,
    budget_seconds: float,
) -> CheapestPlans:
    """Search every fully allocated order for its cheapest plan, in queue order, in chunks,
    until done or until ``budget_seconds`` have gone; ``stock_left`` is updated in place."""
    started = time.perf_counter()
    n_orders = night.line_offsets.shape[0] - 1
    n_lines = night.line_qty.shape[0]
    n_cand = night.cand_end - night.cand_start
    max_cand = int(max(1, n_cand.max(initial=1)))
    line, position, _, piece_units = pieces
    units = np.zeros((n_lines, max_cand), dtype=np.int64)
    units[line, position] = piece_units
    lines_per_order = np.diff(night.line_offsets)
    components = np.diff(night.recipe_offsets)[night.line_sku]
    per_unit = (
        np.add.reduceat(night.recipe_qty, night.recipe_offsets[:-1])
        if len(night.recipe_qty)
        else np.zeros(0, dtype=np.int64)
    )
    order_of_line = night.line_order
    order_items = np.bincount(order_of_line, weights=components, minlength=n_orders)
    order_units = np.bincount(
        order_of_line, weights=allocated * per_unit[night.line_sku], minlength=n_orders
    )
    max_lines = int(max(1, lines_per_order.max(initial=1)))
    max_items = int(max(1, order_items.max(initial=1)))
    room_size = int(max(1, order_units.max(initial=1)))
    wanted = wanted_places(
        night.line_offsets,
        line_rule,
        night.line_sku,
        night.recipe_offsets,
        night.recipe_sku,
        night.cand_start,
        night.cand_end,
        night.cand_wh,
        len(night.warehouses),
        len(night.skus),
    )
    order_speed = night.orders["service_speed"].to_numpy().astype(np.int64)
    replanned = np.zeros(n_orders, dtype=np.bool_)
    costs = [np.full(n_orders, -1, dtype=np.int64) for _ in range(4)]
    reached = 0
    while reached < n_orders and time.perf_counter() - started < budget_seconds:
        upto = min(n_orders, reached + CHUNK_ORDERS)
        search_plans(
            reached,
            upto,
            night.line_offsets,
            line_rule,
            allocated,
            night.line_sku,
            night.recipe_offsets,
            night.recipe_sku,
            night.recipe_qty,
            night.cand_start,
            night.cand_end,
            night.cand_wh,
            night.cand_zone,
            order_speed,
            night.allow_split,
            weights,
            rates.offsets,
            rates.limit,
            rates.price,
            stock_left,
            wanted,
            units,
            replanned,
            *costs,
            max_lines,
            max_cand,
            max_items,
            room_size,
        )
        reached = upto
    return CheapestPlans(
        units, replanned, *costs, orders_searched=reached, seconds=time.perf_counter() - started
    )
