"""Status changes of order lines, in the lifecycle's words (contracts.vocabulary)."""

from __future__ import annotations

import polars as pl

from contracts.vocabulary import BOOK_STATUS_LIFECYCLE, LIFECYCLE_STATUS


def book_statuses() -> pl.DataFrame:
    """The order book's statuses as lifecycle statuses: the frame the status query maps with, so
    the mapping is written once, in the contract."""
    return pl.DataFrame(
        {
            "book_status": list(BOOK_STATUS_LIFECYCLE),
            "status": list(BOOK_STATUS_LIFECYCLE.values()),
        }
    )


def ranked(changes: pl.DataFrame) -> pl.DataFrame:
    """The night's changes with each status's rank in the lifecycle, which the order rollup needs.
    A status outside the vocabulary fails here, before anything is written."""
    rank = pl.col("status").cast(LIFECYCLE_STATUS).to_physical().cast(pl.Int16)
    return changes.with_columns(status_rank=rank)
