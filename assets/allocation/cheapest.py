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
from assets.allocation.kernel import (
    CHEAPEST_PLAN,
    NO_SPLIT_WAIT,
    OUT_OF_STOCK,
    PARTIAL,
    SHIP_COMPLETE,
    SPLIT,
    _seen_capacity,
    unserved_rule,
)
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

    units: np.ndarray | None  # improve_zone_plan: int64[line, candidate position] units
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
def _plan_cost(plan, n_lines, n_cand, order, work):  # pragma: no cover - compiled
    """(cents, parcels) of a plan for one order: plan[line, k] units of each local line from
    candidate k; order and work are the tuples the kernels hand on (items: rows (local line,
    slot, weight, per unit) sorted heaviest first)."""
    items, n_items, _, first_cand, cand_zone, speed, rates = order
    offsets, limits, prices = rates
    (weights, counts), room = work[5], work[6]
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


@njit(cache=True)
def _order_items(
    first_line, n_lines, fixed_units, line_sku, recipes, sku_weight, items, slot_sku
):  # pragma: no cover - compiled
    """The order's items (local line, slot, weight, per unit) sorted heaviest first, and its
    distinct component SKUs (slots). Returns (n_items, n_slots)."""
    recipe_offsets, recipe_sku, recipe_qty = recipes
    n_items, n_slots = 0, 0
    for j in range(n_lines):
        sku = line_sku[first_line + j]
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
        while m >= 0 and (items[m, 2] < row[2] or (items[m, 2] == row[2] and items[m, 1] > row[1])):
            items[m + 1] = items[m]
            m -= 1
        items[m + 1] = row
    return n_items, n_slots


@njit(cache=True)
def _search(
    n_lines, n_cand, split, order, limits, work, best_cost, best_parcels
):  # pragma: no cover - compiled
    """The cheapest plan that sends each line whole from one candidate (all lines from one when
    not ``split``) within ``limits``, if it beats (best_cost, best_parcels); written to best.

    order: (items, n_items, n_slots, first_cand, cand_zone, speed, rates); limits: (avail, own,
    fixed); work: (plan, best, digits, fixed_units, use, pack, room). Returns (cost, parcels,
    found). Small orders are searched exhaustively, larger ones from the best one-warehouse plan
    one line move at a time."""
    items, n_items, n_slots = order[0], order[1], order[2]
    avail, own, fixed = limits
    plan, best, digits, fixed_units, use = work[0], work[1], work[2], work[3], work[4]
    found = False
    n_plans = 1
    for _ in range(n_lines):
        n_plans *= n_cand
        if n_plans > EXHAUSTIVE_PLANS:
            break
    if n_plans <= EXHAUSTIVE_PLANS and split:
        digits[:n_lines] = 0
        for _ in range(n_plans):
            _set_digits(plan, digits, fixed_units, n_lines, n_cand)
            if _feasible(plan, n_cand, items, n_items, n_slots, avail, own, fixed, use):
                cost, parcels = _plan_cost(plan, n_lines, n_cand, order, work)
                if cost < best_cost or (cost == best_cost and parcels < best_parcels):
                    best_cost, best_parcels, found = cost, parcels, True
                    best[:n_lines, :n_cand] = plan[:n_lines, :n_cand]
            for j in range(n_lines):  # next plan: count in base n_cand
                digits[j] += 1
                if digits[j] < n_cand:
                    break
                digits[j] = 0
        return best_cost, best_parcels, found
    start_cost, start_parcels, start_k = -1, 0, 0
    for k in range(n_cand):  # every line from one warehouse
        digits[:n_lines] = k
        _set_digits(plan, digits, fixed_units, n_lines, n_cand)
        if _feasible(plan, n_cand, items, n_items, n_slots, avail, own, fixed, use):
            cost, parcels = _plan_cost(plan, n_lines, n_cand, order, work)
            if start_cost < 0 or cost < start_cost:
                start_cost, start_parcels, start_k = cost, parcels, k
    if start_cost < 0:
        return best_cost, best_parcels, found
    digits[:n_lines] = start_k
    cost, parcels = start_cost, start_parcels
    improved = split
    while improved:  # move one line at a time while it saves money
        improved = False
        for j in range(n_lines):
            keep = digits[j]
            for k in range(n_cand):
                if k == keep:
                    continue
                digits[j] = k
                _set_digits(plan, digits, fixed_units, n_lines, n_cand)
                if _feasible(plan, n_cand, items, n_items, n_slots, avail, own, fixed, use):
                    trial, trial_parcels = _plan_cost(plan, n_lines, n_cand, order, work)
                    if trial < cost:
                        cost, parcels, keep, improved = trial, trial_parcels, k, True
                digits[j] = keep
    _set_digits(plan, digits, fixed_units, n_lines, n_cand)
    if cost < best_cost or (cost == best_cost and parcels < best_parcels):
        best_cost, best_parcels, found = cost, parcels, True
        best[:n_lines, :n_cand] = plan[:n_lines, :n_cand]
    return best_cost, best_parcels, found


@njit(cache=True)
def _work(max_lines, max_cand, max_items, room_size):  # pragma: no cover - compiled
    """Scratch arrays for one order at a time, sized for the largest order."""
    items = np.empty((max_items, 4), dtype=np.int64)
    slot_sku = np.empty(max_items, dtype=np.int64)
    avail = np.empty((max_cand, max_items), dtype=np.int64)
    own = np.zeros((max_cand, max_items), dtype=np.int64)
    fixed = np.zeros((max_cand, max_items), dtype=np.bool_)
    plan = np.zeros((max_lines, max_cand), dtype=np.int64)
    work = (
        plan,
        np.zeros((max_lines, max_cand), dtype=np.int64),
        np.empty(max_lines, dtype=np.int64),
        np.empty(max_lines, dtype=np.int64),
        np.empty((max_cand, max_items), dtype=np.int64),
        (np.empty(max_items, dtype=np.int64), np.empty(max_items, dtype=np.int64)),
        np.empty(room_size, dtype=np.int64),
    )
    return items, slot_sku, avail, own, fixed, work


@njit(cache=True, nogil=True)
def search_plans(
    first_order,
    last_order,
    line_offsets,
    line_rule,
    allocated,
    line_sku,
    recipes,
    cand_start,
    cand_end,
    cand_wh,
    cand_zone,
    order_speed,
    allow_split,
    sku_weight,
    rates,
    stock,
    wanted,
    units,
    outcome,
    sizes,
):  # pragma: no cover - compiled
    """Re-plan fully allocated orders first_order..last_order-1 of a finished zone plan
    (``units``: line x candidate), each in turn, with the units the zone plan gave its lines,
    drawing only on stock no short line wants; ``units`` and ``stock`` are updated in place."""
    replanned, plan_cost, plan_parcels, zone_cost, zone_parcels = outcome
    items, slot_sku, avail, own, fixed, work = _work(*sizes)
    limits = (avail, own, fixed)
    plan, best, _, fixed_units, _, _, _ = work
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
        fixed_units[:n_lines] = allocated[first_line:end_line]
        n_items, n_slots = _order_items(
            first_line, n_lines, fixed_units, line_sku, recipes, sku_weight, items, slot_sku
        )
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
        order = (items, n_items, n_slots, first_cand, cand_zone, order_speed[o], rates)
        current, current_parcels = _plan_cost(plan, n_lines, n_cand, order, work)
        zone_cost[o], zone_parcels[o] = current, current_parcels
        best_cost, best_parcels, found = _search(
            n_lines, n_cand, allow_split[o], order, limits, work, current, current_parcels
        )
        plan_cost[o], plan_parcels[o] = best_cost, best_parcels
        if not found:
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


@njit(cache=True)
def _units_at(avail, k, j, items, n_items):  # pragma: no cover - compiled
    """Whole units of local line j candidate k could supply from ``avail`` (kits: whole kits)."""
    best = np.iinfo(np.int64).max
    for i in range(n_items):
        if items[i, 0] == j:
            best = min(best, avail[k, items[i, 1]] // items[i, 3])
    return max(best, 0)


@njit(cache=True, nogil=True)
def serve_in_rank_order(
    first_order,
    last_order,
    search,
    line_offsets,
    line_qty,
    line_sku,
    recipes,
    cand_start,
    cand_end,
    cand_wh,
    cand_zone,
    is_held,
    allow_split,
    order_speed,
    sku_weight,
    rates,
    stock,
    out,
    outcome,
    sizes,
):  # pragma: no cover - compiled
    """Serve orders first_order..last_order-1 as kernel.allocate_in_rank_order does, except
    that an order able to ship complete ships by its cheapest complete plan (when ``search``).

    The zone plan of each order (first candidate able to ship it complete, else line by line in
    candidate order) is worked out on the order's own copy of the stock it can reach; when it is
    complete, every plan sending each line from one candidate is priced against it and the
    cheapest wins (the zone plan on ties). Otherwise the zone plan is served as the zone rules
    say. out: (line_rule, allocated, pieces, seen_offsets, seen_cand, seen_available, counts),
    counts = [pieces written, seen rows written], all updated in place."""
    line_rule, allocated, pieces, seen_offsets, seen_cand, seen_available, counts = out
    replanned, plan_cost, plan_parcels, zone_cost, zone_parcels = outcome
    items, slot_sku, avail, own, fixed, work = _work(*sizes)
    limits = (avail, own, fixed)
    _, best, _, fixed_units, _, _, _ = work
    max_lines, max_cand = sizes[0], sizes[1]
    zone_plan = np.zeros((max_lines, max_cand), dtype=np.int64)
    seen = np.zeros((max_lines, max_cand), dtype=np.int64)
    left = np.empty_like(avail)
    n_pieces, n_seen = counts[0], counts[1]
    for o in range(first_order, last_order):
        first_line, end_line = line_offsets[o], line_offsets[o + 1]
        first_cand, n_cand = cand_start[o], cand_end[o] - cand_start[o]
        n_lines = end_line - first_line
        seen_offsets[first_line + 1 : end_line + 1] = n_seen
        unserved = unserved_rule(is_held[o], n_cand)
        if unserved >= 0:
            line_rule[first_line:end_line] = unserved
            continue
        fixed_units[:n_lines] = line_qty[first_line:end_line]
        n_items, n_slots = _order_items(
            first_line, n_lines, fixed_units, line_sku, recipes, sku_weight, items, slot_sku
        )
        for k in range(n_cand):
            for s in range(n_slots):
                avail[k, s] = stock[cand_wh[first_cand + k], slot_sku[s]]
        chosen = -1
        for k in range(n_cand):  # the first candidate able to ship the order complete
            zone_plan[:n_lines, :n_cand] = 0
            zone_plan[:n_lines, k] = fixed_units[:n_lines]
            if _feasible(zone_plan, n_cand, items, n_items, n_slots, avail, own, fixed, left):
                chosen = k
                break
        complete = chosen >= 0
        if not complete and allow_split[o]:  # line by line, candidate by candidate
            left[:n_cand, :n_slots] = avail[:n_cand, :n_slots]
            zone_plan[:n_lines, :n_cand] = 0
            complete = True
            for j in range(n_lines):
                remaining = fixed_units[j]
                for k in range(n_cand):
                    can = _units_at(left, k, j, items, n_items)
                    seen[j, k] = can
                    take = min(can, remaining)
                    if take > 0:
                        for i in range(n_items):
                            if items[i, 0] == j:
                                left[k, items[i, 1]] -= take * items[i, 3]
                        zone_plan[j, k] = take
                        remaining -= take
                complete = complete and remaining == 0
        if not complete and not allow_split[o]:
            for j in range(n_lines):
                for k in range(n_cand):
                    seen_cand[n_seen] = first_cand + k
                    seen_available[n_seen] = _units_at(avail, k, j, items, n_items)
                    n_seen += 1
                seen_offsets[first_line + j + 1] = n_seen
                line_rule[first_line + j] = NO_SPLIT_WAIT
            continue
        use_best = False
        if complete:
            speed = order_speed[o]
            order = (items, n_items, n_slots, first_cand, cand_zone, speed, rates)
            cost, parcels = _plan_cost(zone_plan, n_lines, n_cand, order, work)
            zone_cost[o], zone_parcels[o], plan_cost[o], plan_parcels[o] = (
                cost,
                parcels,
                cost,
                parcels,
            )
            if search:
                best_cost, best_parcels, use_best = _search(
                    n_lines, n_cand, allow_split[o], order, limits, work, cost, parcels
                )
                plan_cost[o], plan_parcels[o] = best_cost, best_parcels
        taken = best if use_best else zone_plan
        replanned[o] = use_best
        if n_pieces + n_lines * n_cand > pieces.shape[0]:
            grown = np.empty((2 * (n_pieces + n_lines * n_cand), 3), dtype=np.int64)
            grown[:n_pieces] = pieces[:n_pieces]
            pieces = grown
        for j in range(n_lines):
            line = first_line + j
            got = 0
            for k in range(n_cand):
                units = taken[j, k]
                if units > 0:
                    pieces[n_pieces, 0] = line
                    pieces[n_pieces, 1] = k
                    pieces[n_pieces, 2] = units
                    n_pieces += 1
                    got += units
            for i in range(n_items):
                if items[i, 0] == j:
                    for k in range(n_cand):
                        stock[cand_wh[first_cand + k], slot_sku[items[i, 1]]] -= (
                            taken[j, k] * items[i, 3]
                        )
            allocated[line] = got
            if use_best:
                line_rule[line] = CHEAPEST_PLAN
            elif chosen >= 0:
                line_rule[line] = SHIP_COMPLETE
            else:
                for k in range(n_cand):
                    seen_cand[n_seen] = first_cand + k
                    seen_available[n_seen] = seen[j, k]
                    n_seen += 1
                seen_offsets[line + 1] = n_seen
                if got == fixed_units[j]:
                    line_rule[line] = SPLIT
                elif got == 0:
                    line_rule[line] = OUT_OF_STOCK
                else:
                    line_rule[line] = PARTIAL
    counts[0], counts[1] = n_pieces, n_seen
    return pieces


def _sizes(night: EncodedNight, units_of_line: np.ndarray) -> tuple[int, int, int, int]:
    """(max lines, max candidates, max items, max component units) over the night's orders."""
    n_orders = night.line_offsets.shape[0] - 1
    per_unit = np.add.reduceat(night.recipe_qty, night.recipe_offsets[:-1])
    components = np.diff(night.recipe_offsets)[night.line_sku]
    order_items = np.bincount(night.line_order, weights=components, minlength=n_orders)
    order_units = np.bincount(
        night.line_order, weights=units_of_line * per_unit[night.line_sku], minlength=n_orders
    )
    return (
        int(max(1, np.diff(night.line_offsets).max(initial=1))),
        int(max(1, (night.cand_end - night.cand_start).max(initial=1))),
        int(max(1, order_items.max(initial=1))),
        int(max(1, order_units.max(initial=1))),
    )


def _outcome(n_orders: int) -> tuple[np.ndarray, ...]:
    costs = (np.full(n_orders, -1, dtype=np.int64) for _ in range(4))
    return (np.zeros(n_orders, dtype=np.bool_), *costs)


def _chunks(n_orders: int, budget_seconds: float, started: float):
    """(first, last, within budget) order ranges; the clock is read between chunks."""
    for first in range(0, n_orders, CHUNK_ORDERS):
        yield (
            first,
            min(n_orders, first + CHUNK_ORDERS),
            (time.perf_counter() - started < budget_seconds),
        )


def serve_cheapest(
    night: EncodedNight,
    stock: np.ndarray,
    weights: np.ndarray,
    rates: RateClasses,
    budget_seconds: float,
) -> tuple[tuple, CheapestPlans]:
    """The queue served with cheapest complete plans: the kernel's outputs (line_rule,
    allocated, pieces, seen_offsets, seen_cand, seen_available) and the plans' costs. Orders
    served after the budget has gone follow the zone rules. ``stock`` is consumed in place."""
    started = time.perf_counter()
    n_orders, n_lines = night.line_offsets.shape[0] - 1, night.line_qty.shape[0]
    capacity = _seen_capacity(night.line_offsets, night.cand_start, night.cand_end)
    out = (
        np.empty(n_lines, dtype=np.int8),
        np.zeros(n_lines, dtype=np.int64),
        np.empty((n_lines + n_lines // 4 + 16, 3), dtype=np.int64),
        np.zeros(n_lines + 1, dtype=np.int64),
        np.empty(capacity, dtype=np.int64),
        np.empty(capacity, dtype=np.int64),
        np.zeros(2, dtype=np.int64),
    )
    outcome = _outcome(n_orders)
    sizes = _sizes(night, night.line_qty)
    recipes = (night.recipe_offsets, night.recipe_sku, night.recipe_qty)
    order_speed = night.orders["service_speed"].to_numpy().astype(np.int64)
    searched = 0
    for first, last, search in _chunks(n_orders, budget_seconds, started):
        pieces = serve_in_rank_order(
            first,
            last,
            search,
            night.line_offsets,
            night.line_qty,
            night.line_sku,
            recipes,
            night.cand_start,
            night.cand_end,
            night.cand_wh,
            night.cand_zone,
            night.is_held,
            night.allow_split,
            order_speed,
            weights,
            _rates(rates),
            stock,
            out,
            outcome,
            sizes,
        )
        out = (*out[:2], pieces, *out[3:])
        searched = last if search else searched
    line_rule, allocated, pieces, seen_offsets, seen_cand, seen_available, counts = out
    kernel_output = (
        line_rule,
        allocated,
        pieces[: counts[0]],
        seen_offsets,
        seen_cand[: counts[1]],
        seen_available[: counts[1]],
    )
    plans = CheapestPlans(None, *outcome, searched, time.perf_counter() - started)
    return kernel_output, plans


def _rates(rates: RateClasses) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    return rates.offsets, rates.limit, rates.price


def improve_zone_plan(
    night: EncodedNight,
    kernel_output: tuple,
    pieces: tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray],
    stock_left: np.ndarray,
    weights: np.ndarray,
    rates: RateClasses,
    budget_seconds: float,
) -> CheapestPlans:
    """Each fully allocated order of a finished zone plan, in queue order, moved to its cheapest
    plan for the same units, drawing only on stock no short line wants (``wanted_places``),
    until done or the budget has gone; ``stock_left`` is updated in place."""
    started = time.perf_counter()
    line_rule, allocated = kernel_output[0], kernel_output[1]
    n_orders, n_lines = night.line_offsets.shape[0] - 1, night.line_qty.shape[0]
    sizes = _sizes(night, allocated)
    line, position, _, piece_units = pieces
    units = np.zeros((n_lines, sizes[1]), dtype=np.int64)
    units[line, position] = piece_units
    recipes = (night.recipe_offsets, night.recipe_sku, night.recipe_qty)
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
    outcome = _outcome(n_orders)
    searched = 0
    for first, last, search in _chunks(n_orders, budget_seconds, started):
        if not search:
            break
        search_plans(
            first,
            last,
            night.line_offsets,
            line_rule,
            allocated,
            night.line_sku,
            recipes,
            night.cand_start,
            night.cand_end,
            night.cand_wh,
            night.cand_zone,
            order_speed,
            night.allow_split,
            weights,
            _rates(rates),
            stock_left,
            wanted,
            units,
            outcome,
            sizes,
        )
        searched = last
    return CheapestPlans(units, *outcome, searched, time.perf_counter() - started)
