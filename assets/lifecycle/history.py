"""Status changes of order lines, in the lifecycle's words (contracts.vocabulary)."""

from __future__ import annotations

from datetime import date

import duckdb
import polars as pl

from contracts.vocabulary import BOOK_STATUS_LIFECYCLE, LIFECYCLE_STATUS
from resources.warehouse import replace_partitions, run_sql_file


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


def write_status_history(con: duckdb.DuckDBPyConnection, business_date: date) -> pl.DataFrame:
    """Replace the night's rows of oms.order_status_history with its status changes, so a re-run
    rewrites the night and never adds to it; the rows written."""
    changes = run_sql_file(
        con,
        "lifecycle/status_changes",
        frames={"book_statuses": book_statuses()},
        params={"business_date": business_date},
    )
    rows = ranked(changes)
    replace_partitions(con, business_date, {"order_status_history": rows})
    return rows
