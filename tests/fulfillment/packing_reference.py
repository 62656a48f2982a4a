"""First-fit decreasing as the tests state it: a plain-Python twin of the packing kernels."""

import numba
import numpy as np

from assets.fulfillment.packing import packages_needed


def first_fit_decreasing_reference(
    items: list[tuple[str, int, int]], capacity: int
) -> list[dict[str, int]] | None:
    """Plain-Python twin of the kernels, unit by unit: items are (sku, weight, units).

    Returns the packages as {sku: units} dicts in package order, or None when a unit is heavier
    than the capacity.
    """
    units = sorted(
        ((sku, weight) for sku, weight, count in items for _ in range(count)),
        key=lambda unit: (-unit[1], unit[0]),
    )
    rooms: list[int] = []
    packages: list[dict[str, int]] = []
    for sku, weight in units:
        if weight > capacity:
            return None
        target = next((p for p, room in enumerate(rooms) if room >= weight), None)
        if target is None:
            rooms.append(capacity)
            packages.append({})
            target = len(rooms) - 1
        rooms[target] -= weight
        packages[target][sku] = packages[target].get(sku, 0) + 1
    return packages


@numba.njit(cache=True)
def count_packages(offsets, weights, quantities, job_shipment, job_capacity, scratch_size):
    """Package count for each (shipment, capacity) job; -1 where a unit does not fit at all."""
    counts = np.empty(job_shipment.shape[0], dtype=np.int64)
    room = np.empty(scratch_size, dtype=np.int64)
    for j in range(job_shipment.shape[0]):
        s = job_shipment[j]
        counts[j] = packages_needed(
            weights, quantities, offsets[s], offsets[s + 1], job_capacity[j], room
        )
    return counts
