"""A small order book in an in-memory warehouse: orders shipped in packages and confirmed by a
carrier on a later night, and the channel feedback step run on it night by night."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import duckdb
import polars as pl

from assets.channel_feedback.files import with_files
from contracts.tables import table_schema
from resources.warehouse import ensure_schema, replace_partitions, run_sql_file

SHIP_NIGHT = dt.date(2026, 11, 20)
NEXT_NIGHT = dt.date(2026, 11, 21)
DEFAULTS = {pl.String: "", pl.Int32: 0, pl.Int64: 0, pl.Boolean: False}


def warehouse() -> duckdb.DuckDBPyConnection:
    con = duckdb.connect()
    ensure_schema(con)
    return con


def insert(con: duckdb.DuckDBPyConnection, table: str, rows: Sequence[dict]) -> None:
    """Rows into oms.<table>; a column a row leaves out gets a plain default."""
    schema = table_schema(table)
    filled = [
        {name: row.get(name, DEFAULTS.get(dtype.base_type())) for name, dtype in schema.items()}
        for row in rows
    ]
    con.register("rows", pl.DataFrame(filled, schema=schema).to_arrow())
    con.execute(f"insert into oms.{table} by name select * from rows")
    con.unregister("rows")


def order(
    con: duckdb.DuckDBPyConnection,
    order_id: str,
    lines: Sequence[tuple[str, int, str | None]],
    *,
    channel: str = "amazon",
    night: dt.date = SHIP_NIGHT,
) -> None:
    """An order version 1 with lines (sku, quantity, the channel's line id)."""
    insert(
        con,
        "order_lines",
        [
            {
                "business_date": night,
                "channel": channel,
                "channel_order_id": order_id,
                "version": 1,
                "line_no": line_no,
                "channel_line_id": line_id,
                "sku": sku,
                "quantity": quantity,
                "line_status": "open",
            }
            for line_no, (sku, quantity, line_id) in enumerate(lines, start=1)
        ],
    )


def ship(
    con: duckdb.DuckDBPyConnection,
    order_id: str,
    shipment_id: str,
    lines: Sequence[tuple[int, str, int]],
    packages: Sequence[Sequence[tuple[str, int]]],
    *,
    channel: str = "amazon",
    carrier: str = "UPS",
    night: dt.date = SHIP_NIGHT,
) -> list[str]:
    """A shipment of (line_no, sku, units) of the order in packages of (sku, units); returns the
    package ids."""
    insert(
        con,
        "allocations",
        [
            {
                "business_date": night,
                "channel": channel,
                "channel_order_id": order_id,
                "version": 1,
                "line_no": line_no,
                "ordered_sku": sku,
                "ordered_units": units,
                "sku": sku,
                "warehouse_id": "WH1",
                "quantity": units,
                "shipment_id": shipment_id,
            }
            for line_no, sku, units in lines
        ],
    )
    insert(
        con,
        "shipments",
        [
            {
                "business_date": night,
                "shipment_id": shipment_id,
                "channel": channel,
                "channel_order_id": order_id,
                "warehouse_id": "WH1",
                "service_level": "standard",
                "carrier": carrier,
                "service": "Ground",
                "packages": len(packages),
                "status": "ready",
                "ship_country": "US",
            }
        ],
    )
    package_ids = [f"{shipment_id}-{n}" for n in range(1, len(packages) + 1)]
    insert(
        con,
        "shipment_packages",
        [
            {
                "business_date": night,
                "shipment_id": shipment_id,
                "package_id": package_id,
                "package_no": n,
                "sku": sku,
                "quantity": units,
            }
            for n, (package_id, contents) in enumerate(
                zip(package_ids, packages, strict=True), start=1
            )
            for sku, units in contents
        ],
    )
    return package_ids


def one_mug_shipped(con: duckdb.DuckDBPyConnection | None = None) -> duckdb.DuckDBPyConnection:
    """Order 111-1 of one mug, shipped as S1 in one package and not yet confirmed: the plainest
    shipment a channel is told of (in a new warehouse unless given one)."""
    con = con or warehouse()
    order(con, "111-1", [("MUG", 1, "OI-1")])
    ship(con, "111-1", "S1", [(1, "MUG", 1)], [[("MUG", 1)]])
    return con


def confirm(
    con: duckdb.DuckDBPyConnection,
    shipment_id: str,
    tracking_number: str,
    *,
    night: dt.date = NEXT_NIGHT,
    status: str = "applied",
) -> None:
    insert(
        con,
        "shipment_confirmations",
        [
            {
                "business_date": night,
                "shipment_id": shipment_id,
                "shipped_at": dt.datetime.combine(night, dt.time(14, 5)) - dt.timedelta(days=1),
                "tracking_number": tracking_number,
                "source_file": f"confirmations-{night}.csv",
                "source_row": 1,
                "status": status,
            }
        ],
    )


def tell(con: duckdb.DuckDBPyConnection, night: dt.date) -> pl.DataFrame:
    """What the channel feedback step records for a night (its ledger rows), recorded."""
    lines = run_sql_file(con, "channel_feedback/lines_to_tell", params={"business_date": night})
    ledger = with_files(lines)
    replace_partitions(con, night, {"channel_feedback": ledger}, run_id="test-run")
    return ledger


def told(ledger: pl.DataFrame) -> list[tuple]:
    """(package, line, quantity, tracking) of each ledger row."""
    return ledger.select("package_id", "line_no", "quantity", "tracking_number").rows()


def check_violations(con: duckdb.DuckDBPyConnection) -> pl.DataFrame:
    return run_sql_file(con, "channel_feedback/check_told_once")


def pending(con: duckdb.DuckDBPyConnection) -> pl.DataFrame:
    return con.sql("select * from oms.channel_feedback_pending").pl()
