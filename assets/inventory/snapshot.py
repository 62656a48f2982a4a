"""Stock snapshots: `inventory/<date>/*.csv` with warehouse_id, sku, on_hand.

Several files are summed (a warehouse may send one per zone), but a file with the same bytes as
an earlier one is a copy of the same count (`stock.csv` and `stock (1).csv`) and counts once.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import polars as pl

from contracts.landing_file import Refusal
from contracts.tables import table_schema
from resources.landing import read_landed

SNAPSHOT_COLUMNS = ("warehouse_id", "sku", "on_hand")
MAX_UNITS = 1_000_000_000
"""More units than this in one row is a typo or a sentinel, not a stock count; it is rejected,
which also keeps every sum far from overflowing."""
REJECT_SCHEMA = table_schema("inventory_rejects", without=("business_date",))


@dataclass(frozen=True)
class Snapshot:
    stock: pl.DataFrame  # warehouse_id, sku, on_hand (one row per input row that counted)
    rejects: pl.DataFrame  # REJECT_SCHEMA


def _empty_stock() -> pl.DataFrame:
    return pl.DataFrame(schema={"warehouse_id": pl.String, "sku": pl.String, "on_hand": pl.Int64})


def _file_reject(relative: str, reason: str) -> pl.DataFrame:
    row = {"source_file": relative, "source_row": None, "warehouse_id": None, "sku": None}
    return pl.DataFrame([{**row, "reason": reason}], schema=REJECT_SCHEMA)


def _read_one(data: bytes, relative: str, known_warehouses: pl.Series) -> Snapshot:
    empty_stock = _empty_stock()
    try:
        raw = pl.read_csv(
            data, infer_schema=False, encoding="utf8-lossy", truncate_ragged_lines=True
        )
    except Exception as error:  # any unreadable file is a reject, never a crashed night
        # the error's kind, not its text: the text may quote the file
        reason = f"unreadable snapshot file ({type(error).__name__})"
        return Snapshot(empty_stock, _file_reject(relative, reason))
    raw = raw.rename({c: c.strip().lstrip("\ufeff").lower() for c in raw.columns})
    missing = [c for c in SNAPSHOT_COLUMNS if c not in raw.columns]
    if missing:
        reason = (
            f"snapshot file lacks column(s) {', '.join(missing)}; "
            f"expected {', '.join(SNAPSHOT_COLUMNS)}"
        )
        return Snapshot(empty_stock, _file_reject(relative, reason))

    rows = raw.select(
        pl.int_range(1, pl.len() + 1, dtype=pl.Int64).alias("source_row"),
        pl.col("warehouse_id").str.strip_chars(),
        pl.col("sku").str.strip_chars(),
        pl.col("on_hand").str.strip_chars().alias("on_hand_raw"),
    ).with_columns(pl.col("on_hand_raw").cast(pl.Int64, strict=False).alias("on_hand"))
    reason = (
        pl.when(pl.col("warehouse_id").is_null() | pl.col("sku").is_null())
        .then(pl.lit("warehouse_id and sku are required"))
        .when(~pl.col("warehouse_id").is_in(known_warehouses.implode()))
        .then(pl.format("unknown warehouse '{}' (not in reference/warehouses.csv)", "warehouse_id"))
        .when(pl.col("on_hand").is_null())
        .then(pl.format("on_hand '{}' is not a whole number", pl.col("on_hand_raw").fill_null("")))
        .when(pl.col("on_hand") < 0)
        .then(pl.format("negative on_hand {} (stock cannot be below zero)", "on_hand"))
        .when(pl.col("on_hand") > MAX_UNITS)
        .then(
            pl.format(
                "on_hand {} is more than {} units: not a stock count",
                "on_hand",
                pl.lit(f"{MAX_UNITS:,}"),
            )
        )
    )
    rows = rows.with_columns(reason.alias("reason"))
    rejects = rows.filter(pl.col("reason").is_not_null()).select(
        pl.lit(relative).alias("source_file"), "source_row", "warehouse_id", "sku", "reason"
    )
    stock = rows.filter(pl.col("reason").is_null()).select("warehouse_id", "sku", "on_hand")
    return Snapshot(stock, rejects)


def read_snapshot(
    files: Sequence[tuple[Path, str]],
    known_warehouses: pl.Series,
    refused: Sequence[tuple[str, Refusal]] = (),
) -> Snapshot:
    """Read every snapshot file of a date; rows that cannot count as stock become rejects with a
    reason, and so does each path the landing zone `refused` (never opened)."""
    first_with_content: dict[str, str] = {}
    parts = [Snapshot(_empty_stock(), _file_reject(r, why.reason)) for r, why in refused]
    for path, relative in files:
        try:
            data = read_landed(path, relative)
        except OSError as error:
            reason = f"unreadable snapshot file: {error}"  # the OS's words: path, not content
            parts.append(Snapshot(_empty_stock(), _file_reject(relative, reason)))
            continue
        original = first_with_content.setdefault(hashlib.sha256(data).hexdigest(), relative)
        if original == relative:
            parts.append(_read_one(data, relative, known_warehouses))
        else:
            reason = f"same content as {original}, a copy of the same snapshot: counted once"
            parts.append(Snapshot(_empty_stock(), _file_reject(relative, reason)))
    if not parts:
        return Snapshot(_empty_stock(), pl.DataFrame(schema=REJECT_SCHEMA))
    return Snapshot(
        pl.concat([p.stock for p in parts]),
        pl.concat([p.rejects for p in parts]),
    )
