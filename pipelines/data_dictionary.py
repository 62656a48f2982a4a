"""docs/data-dictionary.md, generated from the comments the DDL puts on every table, view and
column."""

from __future__ import annotations

import duckdb

from resources.warehouse import SCHEMA, ensure_schema

HEADER = (
    "# Data dictionary\n"
    "\n"
    "Generated from the database by `.venv/bin/oms data-dictionary` "
    "(a test fails when this file is stale).\n"
    "Every table and column below carries the same text as a DuckDB comment, so\n"
    '`duckdb -readonly data/warehouse.duckdb "select table_name, column_name, comment '
    "from duckdb_columns() where schema_name = 'oms'\"`\n"
    "explains the database from inside it. Order key everywhere: "
    "(`channel`, `channel_order_id`).\n"
)


def render_data_dictionary() -> str:
    con = duckdb.connect()
    ensure_schema(con)
    relations = con.sql(
        """
        select table_name as name, 'table' as kind, comment from duckdb_tables()"""
        """ where schema_name = $schema
        union all
        select view_name, 'view', comment from duckdb_views() where schema_name = $schema
        order by kind, name
        """,
        params={"schema": SCHEMA},
    ).fetchall()
    columns = con.sql(
        """
        select table_name, column_name, data_type, comment, column_index
        from duckdb_columns() where schema_name = $schema order by table_name, column_index
        """,
        params={"schema": SCHEMA},
    ).fetchall()
    parts = [HEADER]
    for name, kind, comment in relations:
        parts.append(f"\n## `{SCHEMA}.{name}` ({kind})\n\n{comment or ''}\n")
        parts.append("\n| column | type | meaning |\n|---|---|---|")
        for table, column, data_type, column_comment, _ in columns:
            if table == name:
                parts.append(f"| `{column}` | {data_type} | {column_comment or ''} |")
        parts.append("")
    con.close()
    return "\n".join(parts)
