"""Our canonical order-line feed: CSV, Parquet or JSON Lines with the documented columns."""

import polars as pl

from assets.ingest.readers.staging import lower, read_fields, staged
from assets.ingest.readers.tabular import has_column, text
from assets.ingest.timestamps import with_placed_at
from contracts.channel_formats import ExportFormat
from contracts.channel_formats.generic import STATUS_WORDS
from contracts.vocabulary import parse_boolean


def stage_generic(raw: pl.DataFrame, export_format: ExportFormat, local_tz: str) -> pl.DataFrame:
    """Staged lines from the canonical feed. Missing `status` means open; missing `is_paid`
    (column or cell) means paid, as the feed comes from systems that only export payable orders."""
    fields = read_fields(raw, export_format)
    status_word = lower(fields["status_raw"])
    status = (
        pl.when(status_word.is_null())
        .then(pl.lit("open"))
        .otherwise(
            status_word.replace_strict(
                list(STATUS_WORDS), list(STATUS_WORDS.values()), default=None
            )
        )
    )
    if has_column(raw, "is_paid"):
        paid_word = text(raw, "is_paid")
        is_paid = (
            pl.when(paid_word.is_null()).then(pl.lit(True)).otherwise(parse_boolean(paid_word))
        )
    else:
        is_paid = pl.lit(True)
    frame = with_placed_at(raw, fields["placed_at_raw"], export_format.placed_at, local_tz)
    return staged(
        frame,
        fields,
        placed_at=pl.col("_placed_at"),
        status=status,
        is_paid=is_paid,
        is_structural=pl.lit(False),
    )
