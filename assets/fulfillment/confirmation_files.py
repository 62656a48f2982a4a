"""Shipment confirmation files: `confirmations/<date>/*.csv` with shipment_id,
shipped_at[, tracking_number]."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import polars as pl

from contracts.landing_file import Refusal

CONFIRMATION_SCHEMA = {
    "shipment_id": pl.String(),
    "shipped_at": pl.String(),
    "tracking_number": pl.String(),
    "source_file": pl.String(),
    "source_row": pl.Int64(),
    "file_error": pl.String(),
}


def _read_one(path: Path, relative: str) -> pl.DataFrame:
    try:
        raw = pl.read_csv(
            path, infer_schema=False, encoding="utf8-lossy", truncate_ragged_lines=True
        )
        raw = raw.rename({c: c.strip().lstrip("\ufeff").lower() for c in raw.columns})
        if "shipment_id" not in raw.columns:
            raise ValueError("no shipment_id column")
    except Exception as error:  # an unreadable file is reported, never a crashed night
        row = {"source_file": relative, "file_error": f"unreadable confirmation file: {error}"}
        return pl.DataFrame([row], schema=CONFIRMATION_SCHEMA)
    return raw.select(
        pl.col("shipment_id").str.strip_chars(),
        (pl.col("shipped_at") if "shipped_at" in raw.columns else pl.lit(None, pl.String)).alias(
            "shipped_at"
        ),
        (
            pl.col("tracking_number")
            if "tracking_number" in raw.columns
            else pl.lit(None, pl.String)
        ).alias("tracking_number"),
        pl.lit(relative).alias("source_file"),
        pl.int_range(1, pl.len() + 1, dtype=pl.Int64).alias("source_row"),
        pl.lit(None, pl.String).alias("file_error"),
    )


def read_confirmation_files(
    files: Sequence[tuple[Path, str]], refused: Sequence[tuple[str, Refusal]] = ()
) -> pl.DataFrame:
    """All confirmation rows of a date, in file then row order; unreadable files, and each path
    the landing zone `refused` (never opened), yield one row with file_error."""
    refusals = [{"source_file": r, "file_error": why.reason} for r, why in refused]
    read = [_read_one(path, relative) for path, relative in files]
    return pl.concat([*read, pl.DataFrame(refusals, schema=CONFIRMATION_SCHEMA)])
