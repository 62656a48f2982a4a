"""Allocation runs dates in order: the guard that refuses a date whose previous night is missing."""

from __future__ import annotations

from datetime import date, timedelta

import polars as pl


class DatesOutOfOrder(RuntimeError):
    """Raised when a date is allocated before the date before it (backorders would be lost)."""


def check_previous_night(business_date: date, runs: pl.DataFrame) -> None:
    """Allocation of D carries D-1's backorders: refuse to run D when D-1 was skipped.

    `runs` is the one row of sql/allocation/previous_run.sql for D.
    """
    previous, earlier = runs.select("previous_night_runs", "earlier_runs").row(0)
    if earlier and not previous:
        raise DatesOutOfOrder(
            f"{business_date} cannot be allocated before {business_date - timedelta(days=1)}: "
            "allocation carries the previous night's backorders and reservations. "
            "Run the missing date first "
            "(oms run --date ... --through ..., or a backfill of the range in the UI)."
        )
