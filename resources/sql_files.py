"""The project's SQL lives in `sql/<stage>/<relation>.sql`; this is the one place that finds it.

A query file names every input: the `oms` tables in its import CTEs, each frame the caller
registers in a `-- frame <name>: <columns>` line of its header, and each parameter where it binds
it (`$name`). `run_sql_file` (resources/warehouse.py) holds every caller to exactly those.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from contracts.tables import SQL_ROOT

_FRAME = re.compile(r"^-- frame (\w+):", re.MULTILINE)
_PARAM = re.compile(r"\$(\w+)")


@dataclass(frozen=True)
class QueryFile:
    """A query file and the inputs its header declares."""

    name: str
    """`<stage>/<relation>`, as in `sql/ingest/prior_orders.sql`."""
    text: str
    frames: frozenset[str]
    """Frames the caller registers under these names for the query to read."""
    params: frozenset[str]
    """Parameters the query binds as `$name`."""


@cache
def sql_text(stage: str, name: str) -> str:
    """The text of `sql/<stage>/<name>.sql`."""
    return (SQL_ROOT / stage / f"{name}.sql").read_text(encoding="utf-8")


@cache
def query_file(name: str) -> QueryFile:
    """`sql/<name>.sql` (e.g. "ingest/prior_orders") with the inputs it declares."""
    stage, relation = name.split("/")
    text = sql_text(stage, relation)
    code = "\n".join(line.split("--")[0] for line in text.splitlines())
    return QueryFile(name, text, frozenset(_FRAME.findall(text)), frozenset(_PARAM.findall(code)))
