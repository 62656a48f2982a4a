"""Deterministic package packing: first-fit decreasing over the units of each shipment.

Packing is sequential by nature (each unit goes into the first package with room), so it runs as
a numba kernel over flat arrays. Items of one shipment are contiguous and pre-sorted heaviest first,
SKU ascending on ties; identical units are placed in bulk, which gives exactly the same packages as
placing them one by one (a package that had no room for one unit has no room for the next).
"""

from dataclasses import dataclass

import numba
import numpy as np
import polars as pl


@dataclass(frozen=True)
class PackingItems:
    """Items of all shipments as flat arrays; shipment s owns items offsets[s]:offsets[s + 1]."""

    offsets: np.ndarray
    weights: np.ndarray
    quantities: np.ndarray
    scratch_size: int  # packages of the largest shipment at most: one per unit
    rows_size: int  # content rows of the largest shipment at most: items + units

    @classmethod
    def from_frame(cls, items: pl.DataFrame, shipments: int) -> "PackingItems":
        """items: shipment_idx (0..shipments-1), unit_weight_g, quantity, sorted for packing."""
        counts = np.bincount(items["shipment_idx"].to_numpy(), minlength=shipments)
        offsets = np.zeros(shipments + 1, dtype=np.int64)
        np.cumsum(counts, out=offsets[1:])
        quantities = items["quantity"].to_numpy().astype(np.int64)
        units = np.add.reduceat(quantities, offsets[:-1]) if quantities.size else np.zeros(1)
        rows = units + counts if quantities.size else np.zeros(1)
        return cls(
            offsets=offsets,
            weights=items["unit_weight_g"].fill_null(0).to_numpy().astype(np.int64),
            quantities=quantities,
            scratch_size=int(max(1, units.max(initial=1))),
            rows_size=int(max(1, rows.max(initial=1))),
        )


@numba.njit(cache=True)
def pack_shipment(
    weights, quantities, start, stop, capacity, room, out_item, out_package, out_units
):
    """Pack items [start, stop) at `capacity`, first fit, into the `out_*` rows from row 0.

    `room` needs a slot per package (one per unit at most); `out_*` a row per item and package
    it lands in (items + units at most). Returns (packages, rows written); packages is -1 when a
    unit is heavier than the capacity (items come heaviest first, so the first item tells).
    """
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
                out_item[n] = i
                out_package[n] = p + 1
                out_units[n] = fits
                n += 1
            p += 1
    return packages, n
