"""Tonight's validated batch read one channel at a time, and the channel batches put together.

`read_and_validate` needs no other channel's files: orders are keyed by channel and a later
file's copies only route earlier files of the same channel. So each channel is read and validated
in a step of its own (in parallel on a multi-process, Celery or Kubernetes executor), and the one
step that writes the order book combines the batches exactly as if every file had been read in
one call: same rows, same order.
"""

from collections.abc import Sequence
from datetime import date

import polars as pl

from assets.ingest.canonical import (
    CANDIDATE_LINES_SCHEMA,
    CANDIDATE_ORDERS_SCHEMA,
    ORDER_REJECTS_SCHEMA,
    stacked,
)
from assets.ingest.listings import unmapped_listings_total
from assets.ingest.readers import WARNING_COLUMNS
from assets.ingest.reading import FILE_STATS_SCHEMA, ValidatedBatch, unmapped_services_total

BATCH_FRAMES = (
    "orders",
    "lines",
    "rejects",
    "file_stats",
    "unmapped_services",
    "unmapped_listings",
    "warnings",
)


def batch_frames(batch: ValidatedBatch) -> dict[str, pl.DataFrame]:
    """The batch as named frames (what a step hands to the next; the date is the partition)."""
    return {name: getattr(batch, name) for name in BATCH_FRAMES}


def batch_of(frames: dict[str, pl.DataFrame], business_date: date) -> ValidatedBatch:
    # a batch staged by an earlier release may lack the later frames (unmapped_services,
    # unmapped_listings, warnings): none were counted
    present = {n: frames[n] for n in BATCH_FRAMES if n in frames}
    return ValidatedBatch(business_date=business_date, **present)


def combine_batches(batches: Sequence[ValidatedBatch], business_date: date) -> ValidatedBatch:
    """The batch `read_and_validate` gives for all the files of `batches` read together.

    Each batch holds the files of one landing folder (or of folders that are not channels, all
    rejected whole). Candidates and row rejects are in file path order, so the batches are taken
    in folder order; rejects of whole files come after every row reject, in path order.
    """
    ordered = sorted(batches, key=_folder)
    file_stats = stacked((b.file_stats for b in ordered), FILE_STATS_SCHEMA).sort(
        "source_file", maintain_order=True
    )
    rejects = stacked((b.rejects for b in ordered), ORDER_REJECTS_SCHEMA)
    rejected_whole = file_stats.filter(pl.col("file_rejected_reason").is_not_null())["source_file"]
    of_rejected_file = pl.col("source_file").is_in(rejected_whole.implode()).fill_null(False)
    return ValidatedBatch(
        business_date=business_date,
        orders=stacked((b.orders for b in ordered), CANDIDATE_ORDERS_SCHEMA),
        lines=stacked((b.lines for b in ordered), CANDIDATE_LINES_SCHEMA),
        rejects=pl.concat(
            [
                rejects.filter(~of_rejected_file),
                rejects.filter(of_rejected_file).sort("source_file", maintain_order=True),
            ]
        ),
        file_stats=file_stats,
        unmapped_services=unmapped_services_total(b.unmapped_services for b in ordered),
        unmapped_listings=unmapped_listings_total(b.unmapped_listings for b in ordered),
        warnings=stacked((b.warnings for b in ordered), WARNING_COLUMNS),
    )


def _folder(batch: ValidatedBatch) -> str:
    """The landing folder a batch's files came from (its first file's, in path order)."""
    files = batch.file_stats["source_file"]
    return files.min() if files.len() else ""
