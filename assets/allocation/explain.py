"""The decisions frame: every demand line with the rule that decided it and the facts behind it.

The facts are what the explanation names: the warehouses and units allocated, which candidate
shipped an order complete, and, for lines that went candidate by candidate, what each candidate
could supply when the line's turn came. The sentence itself is rendered from these columns by
the view oms.allocation_explanations (sql/allocation/allocation_explanations.view.sql) when
someone asks, so a night stores facts rather than millions of sentences.
"""

import numpy as np
import polars as pl
import pyarrow as pa

from assets.allocation.arrays import csr_offsets
from assets.allocation.cheapest import CheapestPlans
from assets.allocation.encoding import EncodedNight
from assets.allocation.kernel import RULE_NAMES

Pieces = tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]
"""Kernel output per piece: (line, candidate position, warehouse code, units), serving order."""


def _list_column(
    name: str, offsets: np.ndarray, present: np.ndarray, items: dict[str, pl.Series]
) -> pl.Series:
    """A list-of-struct column: row i holds items[offsets[i]:offsets[i + 1]], null where not
    ``present``."""
    values = pl.DataFrame(items).to_struct().to_arrow()
    lists = pa.LargeListArray.from_arrays(
        pa.array(offsets, pa.int64()), values, mask=pa.array(~present)
    )
    return pl.Series(name, lists)


def _allocated_from(night: EncodedNight, pieces: Pieces) -> tuple[pl.Series, np.ndarray]:
    """(warehouse_id, units) per piece of each line, in the order taken; and each line's first
    piece offset (pieces come grouped by line)."""
    piece_line, _, piece_wh, piece_units = pieces
    offsets = csr_offsets(piece_line, night.lines.height)
    column = _list_column(
        "allocated_from",
        offsets,
        offsets[1:] > offsets[:-1],
        {
            "warehouse_id": night.warehouses.gather(piece_wh),
            "units": pl.Series(piece_units, dtype=pl.Int32),
        },
    )
    return column, offsets


def _candidates_seen(
    night: EncodedNight, seen_offsets: np.ndarray, seen_cand: np.ndarray, seen_available: np.ndarray
) -> pl.Series:
    """Each candidate with its zone and the units it could supply when the line's turn came, for
    lines that looked at every candidate (the kernel records no others); null for the rest."""
    return _list_column(
        "candidates_seen",
        seen_offsets,
        seen_offsets[1:] > seen_offsets[:-1],
        {
            "warehouse_id": night.warehouses.gather(night.cand_wh[seen_cand]),
            "zone": night.zones.gather(night.cand_zone[seen_cand]),
            "available": pl.Series(seen_available, dtype=pl.Int64),
        },
    )


def decisions_frame(
    night: EncodedNight,
    line_rule: np.ndarray,
    allocated: np.ndarray,
    pieces: Pieces,
    seen_offsets: np.ndarray,
    seen_cand: np.ndarray,
    seen_available: np.ndarray,
    plans: CheapestPlans | None = None,
) -> pl.DataFrame:
    """One row per demand line: ordered, allocated, backordered, rule and the facts behind it
    (columns of sql/allocation/allocation_decisions.ddl.sql)."""
    allocated_from, piece_offsets = _allocated_from(night, pieces)
    is_complete = line_rule == RULE_NAMES.index("ship_complete")  # always has pieces
    chosen = np.zeros(line_rule.shape[0], dtype=np.int64)
    chosen[is_complete] = pieces[1][piece_offsets[:-1][is_complete]] + 1
    return night.lines.select(
        pl.col("channel"),
        pl.col("channel_order_id"),
        pl.col("version").cast(pl.Int32),
        pl.col("line_no").cast(pl.Int32),
        pl.col("sku"),
        pl.Series("is_kit", night.is_kit_sku[night.line_sku]),
        (pl.col("order_idx") + 1).alias("order_rank"),
        pl.col("quantity").cast(pl.Int32).alias("ordered"),
        pl.Series("allocated", allocated, dtype=pl.Int32),
        (pl.col("quantity") - pl.Series(allocated)).cast(pl.Int32).alias("backordered"),
        pl.Series("rule", RULE_NAMES).gather(line_rule.astype(np.int64)),
        allocated_from,
        pl.Series(
            "candidate_count", (night.cand_end - night.cand_start)[night.line_order], pl.Int32
        ),
        pl.when(pl.Series(is_complete))
        .then(pl.Series(chosen, dtype=pl.Int32))
        .alias("candidate_position"),
        _candidates_seen(night, seen_offsets, seen_cand, seen_available),
        _cheapest_plan(night, plans),
    )


def _cheapest_plan(night: EncodedNight, plans: CheapestPlans | None) -> pl.Series:
    """The parcels and cost of the plan the cheapest strategy chose for the line's order and of
    the zone plan it replaced; null unless the order was re-planned."""
    n = night.line_order.shape[0]
    if plans is None:
        replanned = np.zeros(n, dtype=np.bool_)
        facts = [np.zeros(n, dtype=np.int64)] * 4
    else:
        replanned = plans.replanned[night.line_order]
        facts = [
            column[night.line_order]
            for column in (plans.plan_parcels, plans.plan_cost, plans.zone_parcels, plans.zone_cost)
        ]
    values = pl.DataFrame(
        {
            "parcels": pl.Series(facts[0], dtype=pl.Int32),
            "cost_cents": pl.Series(facts[1], dtype=pl.Int64),
            "zone_parcels": pl.Series(facts[2], dtype=pl.Int32),
            "zone_cost_cents": pl.Series(facts[3], dtype=pl.Int64),
        }
    ).to_struct("cheapest_plan")
    return pl.select(pl.when(pl.Series(replanned)).then(values)).to_series().alias("cheapest_plan")
