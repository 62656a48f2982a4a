"""The project's SQL lives in `sql/<stage>/<relation>.sql`; this is the one place that finds it."""

from __future__ import annotations

from functools import cache
from pathlib import Path

SQL_ROOT = Path(__file__).resolve().parent.parent / "sql"


@cache
def sql_text(stage: str, name: str) -> str:
    """The text of `sql/<stage>/<name>.sql`."""
    return (SQL_ROOT / stage / f"{name}.sql").read_text(encoding="utf-8")


def table_ddl_files() -> list[Path]:
    """Every `*.ddl.sql` file, in stage order then name order (stable, so schema hashes are too)."""
    stage_order = ["ingest", "inventory", "allocation", "fulfillment", "reporting"]
    files: list[Path] = []
    for stage in stage_order:
        files.extend(sorted((SQL_ROOT / stage).glob("*.ddl.sql")))
    return files


def view_files() -> list[Path]:
    """Every `*.view.sql` file: reporting views created after the tables."""
    return sorted(SQL_ROOT.glob("*/*.view.sql"))
