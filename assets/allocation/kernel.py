"""The sequential heart of allocation: stock consumed order by order, in rank order.

Everything here works on integer-encoded NumPy arrays laid out CSR style (offsets into flat
arrays), so it compiles with numba and never touches Python objects. The plain-Python twin that
states the same rules readably is tests/allocation/reference.py.

Layout (orders already sorted by rank, lines by line_no within an order):
- ``line_offsets[o]:line_offsets[o+1]`` are the lines of order ``o``;
- ``line_sku[l]`` is the SKU code of line ``l``, and ``recipe_offsets[s]:recipe_offsets[s+1]``
  are the components of SKU ``s`` in ``recipe_sku``/``recipe_qty`` (a plain SKU is one component,
  itself, with quantity 1; a kit is its components, ``recipe_qty`` units per kit unit);
- ``cand_wh[cand_start[o]:cand_end[o]]`` are the candidate warehouses of order ``o``, best first
  (orders with the same ship-to address may share one list);
- what line ``l`` *saw*, if it looked at every candidate: ``seen_offsets[l]:seen_offsets[l+1]``
  index ``seen_cand`` (the candidate row) and ``seen_available`` (what it could supply then).
"""

import numpy as np
from numba import njit

HELD_UNPAID = 0
NO_CANDIDATE_WAREHOUSE = 1
SHIP_COMPLETE = 2
SPLIT = 3
PARTIAL = 4
OUT_OF_STOCK = 5
NO_SPLIT_WAIT = 6
CHEAPEST_PLAN = 7  # written by the cheapest strategy (cheapest.py), never by this kernel

RULE_NAMES: tuple[str, ...] = (
    "held_unpaid",
    "no_candidate_warehouse",
    "ship_complete",
    "split",
    "partial",
    "out_of_stock",
    "no_split_wait",
    "cheapest_plan",
)
"""Rule names indexed by the codes above (the codes are what the kernel writes)."""


@njit(cache=True)
def unserved_rule(is_held, n_cand):  # pragma: no cover - compiled
    """The rule of an order none of whose lines is served tonight (held unpaid, or no warehouse
    can ship to it), or -1 for an order to allocate."""
    if is_held:
        return HELD_UNPAID
    if n_cand == 0:
        return NO_CANDIDATE_WAREHOUSE
    return -1


@njit(cache=True)
def _seen_capacity(line_offsets, cand_start, cand_end):  # pragma: no cover - compiled
    """Room for every line to see every candidate of its order (the most the kernel can record)."""
    total = 0
    for o in range(line_offsets.shape[0] - 1):
        total += (line_offsets[o + 1] - line_offsets[o]) * (cand_end[o] - cand_start[o])
    return total


@njit(cache=True, inline="always")
def _units_available(stock, warehouse, sku, recipes):  # pragma: no cover - compiled
    """Whole ordered units (kit units for kits) of a SKU one warehouse can supply.

    recipes: (recipe_offsets, recipe_sku, recipe_qty), the components of every SKU code.
    """
    recipe_offsets, recipe_sku, recipe_qty = recipes
    best = np.iinfo(np.int64).max
    for c in range(recipe_offsets[sku], recipe_offsets[sku + 1]):
        best = min(best, stock[warehouse, recipe_sku[c]] // recipe_qty[c])
    return max(best, 0)


@njit(cache=True)
def _take(stock, warehouse, sku, units, recipes):  # pragma: no cover - compiled
    recipe_offsets, recipe_sku, recipe_qty = recipes
    for c in range(recipe_offsets[sku], recipe_offsets[sku + 1]):
        stock[warehouse, recipe_sku[c]] -= units * recipe_qty[c]


@njit(cache=True)
def _try_ship_complete(
    stock, warehouse, first_line, end_line, line_qty, line_sku, recipes
):  # pragma: no cover - compiled
    """Take the whole order from one warehouse if it holds every line, else leave stock as it was.

    Units are taken as we go (SKUs repeated across lines add up) and given back on the first
    shortfall, so a successful check is also the consumption.
    """
    recipe_offsets, recipe_sku, recipe_qty = recipes
    for line in range(first_line, end_line):
        sku = line_sku[line]
        for c in range(recipe_offsets[sku], recipe_offsets[sku + 1]):
            stock[warehouse, recipe_sku[c]] -= line_qty[line] * recipe_qty[c]
            if stock[warehouse, recipe_sku[c]] < 0:
                _give_back(stock, warehouse, first_line, line, c, line_qty, line_sku, recipes)
                return False
    return True


@njit(cache=True)
def _give_back(
    stock, warehouse, first_line, last_line, last_comp, line_qty, line_sku, recipes
):  # pragma: no cover - compiled
    """Undo a partial ship-complete attempt: lines before ``last_line`` whole, then the
    components of ``last_line`` up to and including ``last_comp``."""
    recipe_offsets, recipe_sku, recipe_qty = recipes
    for line in range(first_line, last_line + 1):
        sku = line_sku[line]
        for c in range(recipe_offsets[sku], recipe_offsets[sku + 1]):
            stock[warehouse, recipe_sku[c]] += line_qty[line] * recipe_qty[c]
            if line == last_line and c == last_comp:
                return


@njit(cache=True)
def _grown(pieces, needed):  # pragma: no cover - compiled
    """A copy of ``pieces`` with room for at least ``needed`` rows (capacity doubles)."""
    bigger = np.empty((max(needed, 2 * pieces.shape[0]), 3), dtype=np.int64)
    bigger[: pieces.shape[0]] = pieces
    return bigger


@njit(cache=True, nogil=True)
def allocate_in_rank_order(
    line_offsets,
    line_qty,
    line_sku,
    recipe_offsets,
    recipe_sku,
    recipe_qty,
    cand_start,
    cand_end,
    cand_wh,
    is_held,
    allow_split,
    stock,
):  # pragma: no cover - compiled
    """Serve orders in rank order, consuming ``stock`` (warehouse x SKU, modified in place).

    Returns (line_rule, allocated, pieces, seen_offsets, seen_cand, seen_available):
    - line_rule, allocated: the rule code and units allocated of each line;
    - pieces: int64[n_pieces, 3] of (line, candidate position, units), in serving order;
    - seen_*: for lines that looked at every candidate (split, partial, out_of_stock,
      no_split_wait), each candidate row and the units it had for the line when its turn came.
    """
    recipes = (recipe_offsets, recipe_sku, recipe_qty)
    n_orders = line_offsets.shape[0] - 1
    n_lines = line_offsets[-1]
    # Sized for the worst case but only written as far as used: untouched pages cost nothing.
    capacity = _seen_capacity(line_offsets, cand_start, cand_end)
    seen_cand = np.empty(capacity, dtype=np.int64)
    seen_available = np.empty(capacity, dtype=np.int64)
    seen_offsets = np.empty(n_lines + 1, dtype=np.int64)
    seen_offsets[0] = 0
    n_seen = 0
    pieces = np.empty((n_lines + n_lines // 4 + 16, 3), dtype=np.int64)  # grown on demand
    n_pieces = 0
    line_rule = np.empty(n_lines, dtype=np.int8)
    allocated = np.zeros(n_lines, dtype=np.int64)

    for o in range(n_orders):
        first_line = line_offsets[o]
        end_line = line_offsets[o + 1]
        first_cand = cand_start[o]
        n_cand = cand_end[o] - first_cand
        seen_offsets[first_line + 1 : end_line + 1] = n_seen  # lines that look update theirs
        unserved = unserved_rule(is_held[o], n_cand)
        if unserved >= 0:
            line_rule[first_line:end_line] = unserved
            continue

        chosen = -1
        for k in range(n_cand):
            warehouse = cand_wh[first_cand + k]
            if _try_ship_complete(
                stock, warehouse, first_line, end_line, line_qty, line_sku, recipes
            ):
                chosen = k
                break
        if chosen >= 0:
            if n_pieces + (end_line - first_line) > pieces.shape[0]:
                pieces = _grown(pieces, n_pieces + (end_line - first_line))
            for line in range(first_line, end_line):
                pieces[n_pieces, 0] = line
                pieces[n_pieces, 1] = chosen
                pieces[n_pieces, 2] = line_qty[line]
                n_pieces += 1
                allocated[line] = line_qty[line]
                line_rule[line] = SHIP_COMPLETE
            continue

        if not allow_split[o]:
            for line in range(first_line, end_line):
                for k in range(n_cand):
                    seen_cand[n_seen] = first_cand + k
                    seen_available[n_seen] = _units_available(
                        stock, cand_wh[first_cand + k], line_sku[line], recipes
                    )
                    n_seen += 1
                seen_offsets[line + 1] = n_seen
                line_rule[line] = NO_SPLIT_WAIT
            continue

        for line in range(first_line, end_line):
            remaining = line_qty[line]
            for k in range(n_cand):
                warehouse = cand_wh[first_cand + k]
                sku = line_sku[line]
                units = _units_available(stock, warehouse, sku, recipes)
                seen_cand[n_seen] = first_cand + k
                seen_available[n_seen] = units
                n_seen += 1
                units = min(units, remaining)
                if units > 0:
                    _take(stock, warehouse, sku, units, recipes)
                    if n_pieces == pieces.shape[0]:
                        pieces = _grown(pieces, n_pieces + 1)
                    pieces[n_pieces, 0] = line
                    pieces[n_pieces, 1] = k
                    pieces[n_pieces, 2] = units
                    n_pieces += 1
                    remaining -= units
            seen_offsets[line + 1] = n_seen
            allocated[line] = line_qty[line] - remaining
            if remaining == 0:
                line_rule[line] = SPLIT
            elif remaining == line_qty[line]:
                line_rule[line] = OUT_OF_STOCK
            else:
                line_rule[line] = PARTIAL
    # Views, not copies: the unused tails were never touched, so they hold no memory.
    return (
        line_rule,
        allocated,
        pieces[:n_pieces],
        seen_offsets,
        seen_cand[:n_seen],
        seen_available[:n_seen],
    )


@njit(cache=True)
def number_shipments(piece_order, piece_wh, n_wh):  # pragma: no cover - compiled
    """Shipment number of each piece: one per (order, warehouse), numbered by first appearance.

    Pieces arrive grouped by order, so a per-warehouse "last order seen" table is enough.
    Returns (shipment_of_piece, order_of_shipment, warehouse_of_shipment).
    """
    n = piece_order.shape[0]
    last_order = np.full(n_wh, -1, dtype=np.int64)
    last_shipment = np.zeros(n_wh, dtype=np.int64)
    shipment_of_piece = np.empty(n, dtype=np.int64)
    order_of_shipment = np.empty(n, dtype=np.int64)
    warehouse_of_shipment = np.empty(n, dtype=np.int64)
    count = 0
    for i in range(n):
        w = piece_wh[i]
        if last_order[w] != piece_order[i]:
            last_order[w] = piece_order[i]
            last_shipment[w] = count
            order_of_shipment[count] = piece_order[i]
            warehouse_of_shipment[count] = w
            count += 1
        shipment_of_piece[i] = last_shipment[w]
    return shipment_of_piece, order_of_shipment[:count], warehouse_of_shipment[:count]


@njit(cache=True, nogil=True)
def group_permutation(group, within, n_groups):  # pragma: no cover - compiled
    """Row order that sorts by (group, within): a counting sort on the group, then a sort of
    each (small) group by ``within``. Linear time for the usual handful of rows per group."""
    n = group.shape[0]
    starts = np.zeros(n_groups + 1, dtype=np.int64)
    for i in range(n):
        starts[group[i] + 1] += 1
    for g in range(n_groups):
        starts[g + 1] += starts[g]
    fill = starts[:-1].copy()
    order = np.empty(n, dtype=np.int64)
    for i in range(n):
        order[fill[group[i]]] = i
        fill[group[i]] += 1
    for g in range(n_groups):
        lo, hi = starts[g], starts[g + 1]
        if hi - lo > 32:
            segment = order[lo:hi].copy()
            keys = within[segment]
            order[lo:hi] = segment[np.argsort(keys, kind="mergesort")]
            continue
        for i in range(lo + 1, hi):
            row = order[i]
            key = within[row]
            j = i - 1
            while j >= lo and within[order[j]] > key:
                order[j + 1] = order[j]
                j -= 1
            order[j + 1] = row
    return order
