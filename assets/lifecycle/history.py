"""Status changes of order lines, in the lifecycle's words (contracts.vocabulary)."""

from __future__ import annotations

import polars as pl

from contracts.vocabulary import BOOK_STATUS_LIFECYCLE, LIFECYCLE_STATUS, LIFECYCLE_STATUSES


def book_statuses() -> pl.DataFrame:
    """Every lifecycle status with its rank, and the order book's statuses that map to it (none
    for most): the frame the status query maps and ranks with, so the vocabulary is written once,
    in the contract."""
    ranks = pl.DataFrame(
        {"status": LIFECYCLE_STATUSES, "status_rank": range(len(LIFECYCLE_STATUSES))},
        schema={"status": pl.String, "status_rank": pl.Int16},
    )
    mapping = pl.DataFrame(
        {"book_status": list(BOOK_STATUS_LIFECYCLE), "status": list(BOOK_STATUS_LIFECYCLE.values())}
    )
    return ranks.join(mapping, on="status", how="left", maintain_order="left")


def ranked(changes: pl.DataFrame) -> pl.DataFrame:
    """The night's changes with each status's rank in the lifecycle, from the contract's Enum: the
    same rank the query gives. A status outside the vocabulary fails here."""
    rank = pl.col("status").cast(LIFECYCLE_STATUS).to_physical().cast(pl.Int16)
    return changes.with_columns(status_rank=rank)
