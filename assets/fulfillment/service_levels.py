"""Service levels and the order in which they dominate each other.

An overnight service also meets an expedited or standard promise, and an expedited service meets a
standard one, so a service is eligible for an order when its rank is at least the order's rank.
"""

import polars as pl

SERVICE_LEVEL_RANK: dict[str, int] = {"standard": 0, "expedited": 1, "overnight": 2}


def service_level_rank(column: str | pl.Expr) -> pl.Expr:
    """Rank of a service level (standard 0, expedited 1, overnight 2); null for unknown levels."""
    expr = pl.col(column) if isinstance(column, str) else column
    return expr.str.to_lowercase().replace_strict(
        SERVICE_LEVEL_RANK, default=None, return_dtype=pl.Int8
    )
