"""The project's SQL lives in `sql/<stage>/<relation>.sql`; this is the one place that finds it."""

from __future__ import annotations

from functools import cache

from contracts.tables import SQL_ROOT


@cache
def sql_text(stage: str, name: str) -> str:
    """The text of `sql/<stage>/<name>.sql`."""
    return (SQL_ROOT / stage / f"{name}.sql").read_text(encoding="utf-8")
