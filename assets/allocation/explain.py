"""The decisions frame: every demand line with the rule that decided it, in words.

Each rule's sentence is a template below; wording.render fills the templates for every line in
one compiled pass over the kernel's output (pieces, CSR slots and the availability it saw), so
no per-line Python and no per-placeholder string column is ever built.
"""

import numpy as np
import polars as pl

from assets.allocation.encoding import EncodedNight
from assets.allocation.kernel import RULE_NAMES
from assets.allocation.wording import Templates, Texts, render, string_column

Pieces = tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]

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


KIT_IN_WORDS = "kit {} (all its components in one warehouse)"
"""How {what} names a kit SKU (a plain SKU is named as it is)."""
SNIPPETS = [", ", " from ", " (zone ", ", ", " available)"]
"""The words around list items: the list separator, "<units> from <warehouse>" and
"<warehouse> (zone <zone>, <available> available)"."""
_EXPLANATIONS = Templates([SENTENCES[rule] for rule in RULE_NAMES])
_WAREHOUSES = Templates(["{warehouses}"])
_SNIPPETS = Texts(SNIPPETS)


def decisions_frame(
    night: EncodedNight,
    line_rule: np.ndarray,
    allocated: np.ndarray,
    slot_offsets: np.ndarray,
    available: np.ndarray,
    pieces: Pieces,
) -> pl.DataFrame:
    """One row per demand line: ordered, allocated, backordered, warehouses, rule, explanation."""
    piece_line, piece_pos, piece_wh, piece_units = pieces
    n_lines = night.lines.height
    piece_offsets = np.zeros(n_lines + 1, dtype=np.int64)  # pieces come grouped by line
    np.cumsum(np.bincount(piece_line, minlength=n_lines), out=piece_offsets[1:])
    has_pieces = piece_offsets[1:] > piece_offsets[:-1]
    order = night.line_order
    quantity = night.line_qty
    first_pos = np.zeros(n_lines, dtype=np.int64)
    first_pos[has_pieces] = piece_pos[piece_offsets[:-1][has_pieces]]
    channels = night.orders["channel"].unique().sort()
    what = night.skus.to_frame("sku").select(
        pl.when(pl.Series(night.is_kit_sku))
        .then(pl.format(KIT_IN_WORDS, "sku"))
        .otherwise(pl.col("sku"))
    )
    data = (
        piece_offsets,
        piece_wh,
        piece_units,
        order,
        night.cand_offsets,
        night.cand_wh,
        night.cand_zone,
        slot_offsets,
        available,
        night.line_sku,
        night.orders["channel"].cast(pl.Enum(channels)).to_physical().cast(pl.Int64).to_numpy(),
    )
    names = [Texts(night.warehouses), Texts(night.zones), Texts(what.to_series()), Texts(channels)]
    dictionaries = tuple(array for texts in names for array in (texts.offsets, texts.data))

    def sentences(name: str, templates: Templates, template_of_line: np.ndarray) -> pl.Series:
        offsets, text = render(
            template_of_line,
            templates.offsets,
            templates.fields,
            templates.literals.offsets,
            templates.literals.data,
            _SNIPPETS.offsets,
            _SNIPPETS.data,
            allocated,
            quantity,
            first_pos,
            *data,
            *dictionaries,
        )
        return string_column(name, offsets, text)

    warehouses = sentences("warehouses", _WAREHOUSES, np.zeros(n_lines, dtype=np.int64))
    return night.lines.select(
        pl.col("channel"),
        pl.col("channel_order_id"),
        pl.col("version").cast(pl.Int32),
        pl.col("line_no").cast(pl.Int32),
        pl.col("sku"),
        (pl.col("order_idx") + 1).alias("order_rank"),
        pl.col("quantity").cast(pl.Int32).alias("ordered"),
        pl.Series("allocated", allocated, dtype=pl.Int32),
        (pl.col("quantity") - pl.Series(allocated)).cast(pl.Int32).alias("backordered"),
        pl.when(pl.Series(has_pieces)).then(warehouses).alias("warehouses"),
        pl.Series("rule", RULE_NAMES).gather(line_rule.astype(np.int64)),
        sentences("explanation", _EXPLANATIONS, line_rule.astype(np.int64)),
    )
