"""Exports in parts: Shopify splits a large export into `orders_export_1.csv`, `_2.csv`, …

Shopify cuts at a row count, so an order's lines can start at the end of one part and go on at the
top of the next, where its continuation rows carry no order fields. The parts are therefore one
export: read together, in part order, so the order is whole again.

A part that has not landed (a gap in the numbers, or no part 1) may hold the rest of the orders
on either side of it: those orders wait, rule `split_export_part_missing` naming the part, and
every other order of the export is read as usual. A missing *last* part cannot be seen.
"""

import re
from collections.abc import Sequence
from pathlib import PurePosixPath

import polars as pl

from contracts.landing_file import LandingFile

SPLIT_CHANNELS = frozenset({"shopify"})
_PART_NAME = re.compile(r"^(?P<stem>.+)_(?P<number>\d+)\.csv$", re.IGNORECASE)


def exports_of(files: Sequence[LandingFile]) -> list[tuple[LandingFile, ...]]:
    """The night's exports, in path order: each file alone, except the parts of a split export
    (same channel folder and name stem, `_<number>.csv`), which come together in part order
    (`_2` before `_10`) at the place of the part whose path sorts first."""
    exports: dict[tuple[str, ...], list[LandingFile]] = {}
    for file in sorted(files, key=lambda f: f.relative_path):
        exports.setdefault(_export_key(file), []).append(file)
    return [tuple(sorted(parts, key=_part_number)) for parts in exports.values()]


def _export_key(file: LandingFile) -> tuple[str, ...]:
    path = PurePosixPath(file.relative_path)
    part = _PART_NAME.match(path.name)
    if file.channel not in SPLIT_CHANNELS or part is None:
        return (file.relative_path,)
    return (str(path.parent), part["stem"].lower())


def waiting_for_missing_parts(lines: pl.DataFrame, parts: Sequence[LandingFile]) -> pl.DataFrame:
    """`lines` (one export's, in file order, with `order_key` and `rule`) with `missing_part`
    and `rule` set on the orders that touch a part that has not landed: the last order before
    it and the first order after it. The missing part is the reason even where a line breaks
    another rule too: its order fields may well be in that part."""
    waiting = _orders_beside_gaps(lines, parts)
    if waiting.is_empty():
        return lines.with_columns(missing_part=pl.lit(None, dtype=pl.String))
    marked = lines.join(waiting, on="order_key", how="left", maintain_order="left")
    return marked.with_columns(
        rule=pl.when(pl.col("missing_part").is_not_null())
        .then(pl.lit("split_export_part_missing"))
        .otherwise("rule")
    )


def _orders_beside_gaps(lines: pl.DataFrame, parts: Sequence[LandingFile]) -> pl.DataFrame:
    """order_key, missing_part: for each part number missing below the highest one landed."""
    numbers = {_part_number(part): part for part in parts}
    is_split = bool(parts) and len(_export_key(parts[0])) == 2
    if not is_split or 0 in numbers or lines.is_empty():
        return pl.DataFrame(schema={"order_key": pl.String, "missing_part": pl.String})
    ends = (
        lines.group_by("source_file", maintain_order=True)
        .agg(first=pl.col("order_key").first(), last=pl.col("order_key").last())
        .rows_by_key("source_file", named=True, unique=True)
    )
    waiting: dict[str, str] = {}
    for missing in sorted(set(range(1, max(numbers) + 1)) - set(numbers)):
        name = _part_name(parts[0], missing)
        before = [n for n in numbers if n < missing]
        after = [n for n in numbers if n > missing]
        for number, end in ((max(before, default=None), "last"), (min(after), "first")):
            file_ends = ends.get(numbers[number].relative_path) if number else None
            if file_ends:
                waiting.setdefault(file_ends[end], name)
    return pl.DataFrame(
        {"order_key": list(waiting), "missing_part": list(waiting.values())},
        schema={"order_key": pl.String, "missing_part": pl.String},
    )


def _part_name(part: LandingFile, number: int) -> str:
    """The path of part `number` of the export `part` belongs to."""
    path = PurePosixPath(part.relative_path)
    stem = _PART_NAME.match(path.name)["stem"]
    return str(path.with_name(f"{stem}_{number}{path.suffix}"))


def _part_number(file: LandingFile) -> int:
    part = _PART_NAME.match(PurePosixPath(file.relative_path).name)
    return int(part["number"]) if part else 0
