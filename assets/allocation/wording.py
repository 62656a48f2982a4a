"""Sentence templates rendered for millions of lines by a compiled kernel, straight into the
offsets and bytes of an Arrow string column.

Formatting the explanations with Polars string expressions took longer than the allocation
itself (each placeholder is a cast plus a copy of every partial sentence). Here a template is
parsed once into literal pieces and field numbers, and the kernel writes each line's sentence
in one pass: a first pass measures, a second writes. Every word still comes from the templates
and snippets handed in by explain.py; the kernel only knows how to fill the fields.
"""

from concurrent.futures import ThreadPoolExecutor

import numpy as np
import polars as pl
import pyarrow as pa
from numba import njit

FIELDS: tuple[str, ...] = (
    "a",  # units allocated
    "q",  # units ordered
    "b",  # units backordered
    "rank",  # order rank (1 = served first)
    "pos",  # candidate position of the line's first piece, from 1
    "n",  # candidates of the order
    "warehouses",  # warehouses of the line's pieces, in serving order
    "amounts",  # "<units> from <warehouse>" per piece
    "what",  # what ran out: the SKU, or the kit SKU in words
    "channel",
    "seen",  # "<warehouse> (zone <zone>, <available> available)" per candidate
)
"""Fields a template may name, in the numbering the kernel uses."""
LITERAL = -1


class Texts:
    """Strings by code, as the (offsets, UTF-8 bytes) pair the kernel reads."""

    def __init__(self, values: pl.Series | list[str]) -> None:
        encoded = [value.encode() for value in list(values)]
        self.offsets = np.zeros(len(encoded) + 1, dtype=np.int64)
        np.cumsum([len(value) for value in encoded], out=self.offsets[1:])
        self.data = np.frombuffer(b"".join(encoded) or b"\0", dtype=np.uint8)


class Templates:
    """Templates by code, parsed into pieces: a literal (from ``literals``) or a field number."""

    def __init__(self, templates: list[str]) -> None:
        fields, literals, offsets = [], [], [0]
        for template in templates:
            rest = template
            while rest:
                head, brace, tail = rest.partition("{")
                if head:
                    fields.append(LITERAL)
                    literals.append(head)
                if not brace:
                    break
                name, _, rest = tail.partition("}")
                fields.append(FIELDS.index(name))
                literals.append("")
            offsets.append(len(fields))
        self.offsets = np.array(offsets, dtype=np.int64)
        self.fields = np.array(fields, dtype=np.int64)
        self.literals = Texts(literals)


def string_column(name: str, offsets: np.ndarray, data: np.ndarray) -> pl.Series:
    """A Polars String series over the kernel's offsets and bytes."""
    array = pa.LargeStringArray.from_buffers(
        offsets.shape[0] - 1, pa.py_buffer(offsets), pa.py_buffer(data)
    )
    return pl.Series(name, array, dtype=pl.String)


@njit(cache=True, inline="always")
def _put_int(out, at, value, write):  # pragma: no cover - compiled
    if value < 0:
        if write:
            out[at] = 45  # "-"
        at += 1
        value = -value
    digits = 1
    rest = value
    while rest >= 10:
        rest //= 10
        digits += 1
    if write:
        rest = value
        for i in range(digits - 1, -1, -1):
            out[at + i] = 48 + rest % 10
            rest //= 10
    return at + digits


@njit(cache=True, inline="always")
def _put_text(out, at, offsets, data, code, write):  # pragma: no cover - compiled
    start = offsets[code]
    size = offsets[code + 1] - start
    if write:
        for i in range(size):
            out[at + i] = data[start + i]
    return at + size


@njit(cache=True, inline="always")
def _number(field, line, o, allocated, quantity, first_pos, cand_offsets):  # pragma: no cover
    """The numeric fields a, q, b, rank, pos, n of one line (see FIELDS)."""
    if field == 0:
        return allocated[line]
    if field == 1:
        return quantity[line]
    if field == 2:
        return quantity[line] - allocated[line]
    if field == 3:
        return o + 1
    if field == 4:
        return first_pos[line] + 1
    return cand_offsets[o + 1] - cand_offsets[o]


@njit(cache=True, nogil=True)
def _render_lines(
    write,
    lo,
    hi,
    offsets,
    out,
    template_of_line,
    t_offsets,
    t_fields,
    lit_offsets,
    lit_data,
    snip_offsets,
    snip_data,
    allocated,
    quantity,
    first_pos,
    piece_offsets,
    piece_wh,
    piece_units,
    order_of_line,
    cand_offsets,
    cand_wh,
    cand_zone,
    slot_offsets,
    available,
    line_what,
    order_channel,
    wh_offsets,
    wh_data,
    zone_offsets,
    zone_data,
    what_offsets,
    what_data,
    channel_offsets,
    channel_data,
):  # pragma: no cover - compiled
    """Lines lo..hi-1: measure each sentence into ``offsets[line + 1]``, or (``write``) write
    it into ``out`` from ``offsets[line]``."""
    for line in range(lo, hi):
        at = offsets[line] if write else 0
        # snippets: 0 list separator, 1 " from ", 2 " (zone ", 3 ", ", 4 " available)"
        o = order_of_line[line]
        for s in range(t_offsets[template_of_line[line]], t_offsets[template_of_line[line] + 1]):
            field = t_fields[s]
            if field == -1:
                at = _put_text(out, at, lit_offsets, lit_data, s, write)
            elif field < 6:
                at = _put_int(
                    out,
                    at,
                    _number(field, line, o, allocated, quantity, first_pos, cand_offsets),
                    write,
                )
            elif field == 6 or field == 7:
                for p in range(piece_offsets[line], piece_offsets[line + 1]):
                    if p > piece_offsets[line]:
                        at = _put_text(out, at, snip_offsets, snip_data, 0, write)
                    if field == 7:
                        at = _put_int(out, at, piece_units[p], write)
                        at = _put_text(out, at, snip_offsets, snip_data, 1, write)
                    at = _put_text(out, at, wh_offsets, wh_data, piece_wh[p], write)
            elif field == 8:
                at = _put_text(out, at, what_offsets, what_data, line_what[line], write)
            elif field == 9:
                at = _put_text(out, at, channel_offsets, channel_data, order_channel[o], write)
            else:
                first = cand_offsets[o]
                for k in range(cand_offsets[o + 1] - first):
                    if k > 0:
                        at = _put_text(out, at, snip_offsets, snip_data, 0, write)
                    at = _put_text(out, at, wh_offsets, wh_data, cand_wh[first + k], write)
                    at = _put_text(out, at, snip_offsets, snip_data, 2, write)
                    at = _put_text(out, at, zone_offsets, zone_data, cand_zone[first + k], write)
                    at = _put_text(out, at, snip_offsets, snip_data, 3, write)
                    at = _put_int(out, at, available[slot_offsets[line] + k], write)
                    at = _put_text(out, at, snip_offsets, snip_data, 4, write)
        if not write:
            offsets[line + 1] = at


def render(template_of_line: np.ndarray, *arrays: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """One sentence per line from its template; returns Arrow (offsets, bytes).

    Every sentence is measured, then written; each pass is split over two threads (the kernel
    releases the GIL), which write disjoint ranges of the same buffers.
    """
    n = template_of_line.shape[0]
    offsets = np.zeros(n + 1, dtype=np.int64)
    halves = [(0, n // 2), (n // 2, n)]

    def both_halves(write: bool, out: np.ndarray) -> None:
        with ThreadPoolExecutor(max_workers=2) as pool:
            runs = [
                pool.submit(_render_lines, write, lo, hi, offsets, out, template_of_line, *arrays)
                for lo, hi in halves
            ]
            for run in runs:
                run.result()

    both_halves(False, np.empty(0, dtype=np.uint8))
    np.cumsum(offsets, out=offsets)
    out = np.empty(offsets[n], dtype=np.uint8)
    both_halves(True, out)
    return offsets, out
