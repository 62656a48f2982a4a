"""The packing rule both the allocation's cost estimate and fulfillment's packing follow.

First fit, items heaviest first (SKU ascending on ties), up to a service's weight limit. The
cheapest strategy prices a warehouse by the packages this rule gives; fulfillment then packs the
shipment with the same rule, so the cost the plan was chosen for is the cost it ships at.

Packing is sequential by nature (each unit goes into the first package with room), so it is a
numba kernel over flat arrays. Identical units are placed in bulk, which gives exactly the same
packages as placing them one by one (a package that had no room for one unit has no room for the
next).
"""

import numba


@numba.njit(cache=True)
def first_fit(
    weights, quantities, start, stop, capacity, room, out_item, out_package, out_units, record
):  # pragma: no cover - compiled
    """Pack items [start, stop) at `capacity`; returns (packages, content rows).

    packages is -1 when a unit is heavier than the capacity (items come heaviest first, so the
    first item tells). `room` needs a slot per package (one per unit at most). With `record`, the
    contents go into the `out_*` rows from row 0 (item, package number 1-based, units), which need
    a row per item and package it lands in (items + units at most); without, they are not touched
    (any int64 array will do, e.g. `room`)."""
    packages = 0
    n = 0
    for i in range(start, stop):
        weight = weights[i]
        left = quantities[i]
        if weight > capacity:
            return -1, 0
        p = 0
        while left > 0:
            if p == packages:
                room[p] = capacity
                packages += 1
            fits = left if weight == 0 else min(left, room[p] // weight)
            if fits > 0:
                room[p] -= fits * weight
                left -= fits
                if record:
                    out_item[n] = i
                    out_package[n] = p + 1
                    out_units[n] = fits
                n += 1
            p += 1
    return packages, n
