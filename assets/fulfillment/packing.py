"""The units of each shipment as flat arrays for the packing kernel (contracts.packing).

Items of one shipment are contiguous and pre-sorted heaviest first, SKU ascending on ties.
"""

from dataclasses import dataclass

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
