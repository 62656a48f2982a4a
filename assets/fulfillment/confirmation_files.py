"""Shipment confirmation files: `confirmations/<date>/*.csv` with shipment_id,
shipped_at[, tracking_number]."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import polars as pl

from contracts.landing_file import Refusal
from resources.landing import read_landed

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
        data = read_landed(path, relative)
    except OSError as error:  # the OS's words: the path, never the content
        return _file_error(relative, f"unreadable confirmation file: {error}")
    try:
        raw = pl.read_csv(
            data, infer_schema=False, encoding="utf8-lossy", truncate_ragged_lines=True
        )
    except Exception as error:  # an unreadable file is reported, never a crashed night
        # the error's kind, not its text: the text may quote the file
        return _file_error(relative, f"unreadable confirmation file ({type(error).__name__})")
    raw = raw.rename({c: c.strip().lstrip("\ufeff").lower() for c in raw.columns})
    if "shipment_id" not in raw.columns:
        return _file_error(relative, "unreadable confirmation file: no shipment_id column")
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


def _file_error(relative: str, reason: str) -> pl.DataFrame:
    return pl.DataFrame(
        [{"source_file": relative, "file_error": reason}], schema=CONFIRMATION_SCHEMA
    )


def read_confirmation_files(
    files: Sequence[tuple[Path, str]], refused: Sequence[tuple[str, Refusal]] = ()
) -> pl.DataFrame:
    """All confirmation rows of a date, in file then row order; unreadable files, and each path
    the landing zone `refused` (never opened), yield one row with file_error."""
    refusals = [{"source_file": r, "file_error": why.reason} for r, why in refused]
    read = [_read_one(path, relative) for path, relative in files]
    return pl.concat([*read, pl.DataFrame(refusals, schema=CONFIRMATION_SCHEMA)])
