"""The decisions frame: every demand line with the rule that decided it, in words.

Each rule's sentence is formatted only for the lines that rule decided, then scattered into
place; per-line lists (warehouses used, candidates looked at) are built from the kernel's CSR
slots as Arrow list arrays for the few lines that need them, never with Python loops.
"""

import numpy as np
import polars as pl
import pyarrow as pa

from assets.allocation.encoding import EncodedNight
from assets.allocation.kernel import RULE_NAMES

Pieces = tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]


def joined_per_group(values: pl.Series, group_sizes: np.ndarray, separator: str) -> pl.Series:
    """Join consecutive runs of ``values`` (run i has group_sizes[i] items) into one string each;
    empty runs give null."""
    offsets = np.zeros(len(group_sizes) + 1, dtype=np.int64)
    np.cumsum(group_sizes, out=offsets[1:])
    flat = values.cast(pl.String).rechunk().to_arrow(compat_level=pl.CompatLevel.oldest())
    lists = pa.LargeListArray.from_arrays(pa.array(offsets), flat)
    joined = pl.Series(values.name, lists).list.join(separator)
    return joined.set(pl.Series(group_sizes == 0), None)


def _slots_of(lines: np.ndarray, slot_offsets: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Every slot of the given lines, in order: (slot index, candidate position)."""
    sizes = slot_offsets[lines + 1] - slot_offsets[lines]
    starts = np.repeat(slot_offsets[lines], sizes)
    position = np.arange(starts.shape[0]) - np.repeat(np.cumsum(sizes) - sizes, sizes)
    return starts + position, position


def _warehouses_used(night: EncodedNight, pieces: Pieces) -> pl.Series:
    """Per line, the warehouses its units come from, in candidate order ("WH-1, WH-2")."""
    piece_line, _, piece_wh, _ = pieces
    n_lines = night.lines.height
    sizes = np.bincount(piece_line, minlength=n_lines)
    first_wh = np.full(n_lines, -1, dtype=np.int64)
    first_wh[piece_line[::-1]] = piece_wh[::-1]
    used = night.warehouses.gather(pl.Series(first_wh).set(pl.Series(first_wh < 0), None))
    several = np.flatnonzero(sizes > 1)
    if several.shape[0]:
        in_several = np.isin(piece_line, several)
        joined = joined_per_group(
            night.warehouses.gather(piece_wh[in_several]), sizes[several], ", "
        )
        used = used.scatter(several, joined)
    return used.rename("warehouses")


def _amounts(night: EncodedNight, pieces: Pieces, lines: np.ndarray) -> pl.Series:
    """For the given lines: units per warehouse ("3 from WH-1, 2 from WH-2")."""
    piece_line, _, piece_wh, piece_units = pieces
    keep = np.isin(piece_line, lines)
    sizes = np.bincount(piece_line[keep], minlength=night.lines.height)[lines]
    text = pl.DataFrame(
        {"units": piece_units[keep], "warehouse_id": night.warehouses.gather(piece_wh[keep])}
    ).select(pl.format("{} from {}", "units", "warehouse_id"))
    return joined_per_group(text.to_series(), sizes, ", ")


def _candidates_seen(
    night: EncodedNight, lines: np.ndarray, slot_offsets: np.ndarray, available: np.ndarray
) -> pl.Series:
    """For the given lines: each candidate, its zone and what it had when the line was served."""
    slots, position = _slots_of(lines, slot_offsets)
    sizes = slot_offsets[lines + 1] - slot_offsets[lines]
    order = night.lines["order_idx"].to_numpy()[np.repeat(lines, sizes)]
    described = (
        night.candidates[night.cand_offsets[order] + position]
        .with_columns(pl.Series("available", available[slots]))
        .select(pl.format("{} (zone {}, {} available)", "warehouse_id", "zone", "available"))
    )
    return joined_per_group(described.to_series(), sizes, ", ")


SENTENCES: dict[str, str] = {
    "ship_complete": "allocated {a} of {q} from {warehouses}: candidate {pos} of {n}, the first"
    " that could ship order ranked {rank} complete",
    "split": "allocated {a} of {q} ({amounts}): no candidate could ship order ranked {rank}"
    " complete, so its lines took stock candidate by candidate",
    "partial": "allocated {a} of {q} ({amounts}), backordered {b}: candidates ran out of {what}"
    " when order ranked {rank} was served; candidates {seen}",
    "out_of_stock": "backordered {b} of {q}: no candidate warehouse had stock of {what} when order"
    " ranked {rank} was served; candidates {seen}",
    "no_split_wait": "backordered {b} of {q}: channel {channel} does not allow split shipments and"
    " no candidate could ship order ranked {rank} complete; candidates {seen}",
    "no_candidate_warehouse": "backordered {b} of {q}: no warehouse has a zone to the ship-to"
    " address of order ranked {rank} (reference/zones.csv)",
    "held_unpaid": "backordered {b} of {q}: order ranked {rank} is unpaid and the policy holds"
    " unpaid orders",
}
"""The explanation of each rule; {names} are columns of the decision being explained."""


def _sentence(template: str) -> pl.Expr:
    """pl.format for a template with named placeholders."""
    pieces, names = [], []
    rest = template
    while "{" in rest:
        head, _, tail = rest.partition("{")
        name, _, rest = tail.partition("}")
        pieces.append(head)
        names.append(name)
    pieces.append(rest)
    return pl.format("{}".join(pieces), *names)


def decisions_frame(
    night: EncodedNight,
    line_rule: np.ndarray,
    allocated: np.ndarray,
    slot_offsets: np.ndarray,
    available: np.ndarray,
    pieces: Pieces,
) -> pl.DataFrame:
    """One row per demand line: ordered, allocated, backordered, warehouses, rule, explanation."""
    piece_line, piece_pos, _, _ = pieces
    n_lines = night.lines.height
    first_pos = np.zeros(n_lines, dtype=np.int64)
    first_pos[piece_line[::-1]] = piece_pos[::-1]
    order = night.lines["order_idx"].to_numpy()
    decisions = night.lines.select(
        pl.col("channel"),
        pl.col("channel_order_id"),
        pl.col("version").cast(pl.Int32),
        pl.col("line_no").cast(pl.Int32),
        pl.col("sku"),
        (pl.col("order_idx") + 1).alias("order_rank"),
        pl.col("quantity").cast(pl.Int32).alias("ordered"),
        pl.Series("allocated", allocated, dtype=pl.Int32),
        (pl.col("quantity") - pl.Series(allocated)).cast(pl.Int32).alias("backordered"),
        _warehouses_used(night, pieces),
        pl.Series("rule", RULE_NAMES).gather(line_rule.astype(np.int64)),
    )
    sentences, decided = [], []
    for code, rule in enumerate(RULE_NAMES):
        lines = np.flatnonzero(line_rule == code)
        if not lines.shape[0]:
            continue
        template = SENTENCES[rule]
        subset = night.lines.select("quantity", "order_idx", "channel", "is_kit", "sku")[
            lines
        ].select(
            pl.col("quantity").alias("q"),
            pl.Series("a", allocated[lines]),
            (pl.col("quantity") - pl.Series(allocated[lines])).alias("b"),
            (pl.col("order_idx") + 1).alias("rank"),
            pl.col("channel"),
            pl.when(pl.col("is_kit"))
            .then(pl.format("kit {} (all its components in one warehouse)", "sku"))
            .otherwise(pl.col("sku"))
            .alias("what"),
            decisions["warehouses"].gather(lines),
            pl.Series("pos", first_pos[lines] + 1),
            pl.Series("n", np.diff(night.cand_offsets)[order[lines]]),
        )
        if "{amounts}" in template:
            subset = subset.with_columns(_amounts(night, pieces, lines).alias("amounts"))
        if "{seen}" in template:
            seen = _candidates_seen(night, lines, slot_offsets, available)
            subset = subset.with_columns(seen.alias("seen"))
        sentences.append(subset.select(_sentence(template).alias("explanation")).to_series())
        decided.append(lines)
    if not n_lines:
        return decisions.with_columns(pl.lit(None, pl.String).alias("explanation"))
    position = np.empty(n_lines, dtype=np.int64)
    position[np.concatenate(decided)] = np.arange(n_lines)
    return decisions.with_columns(pl.concat(sentences).gather(position))
