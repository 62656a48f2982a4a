"""Exports in parts: Shopify splits a large export into `orders_export_1.csv`, `_2.csv`, …

Shopify cuts at a row count, so an order's lines can start at the end of one part and go on at the
top of the next, where its continuation rows carry no order fields. The parts are therefore one
export: read together, in part order, so the order is whole again.
"""

import re
from collections.abc import Sequence
from pathlib import PurePosixPath

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


def _part_number(file: LandingFile) -> int:
    part = _PART_NAME.match(PurePosixPath(file.relative_path).name)
    return int(part["number"]) if part else 0
