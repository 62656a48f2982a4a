"""A small shipped order book in a warehouse file, return files landed night by night, and the
returns step run on them as Dagster runs it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from decimal import Decimal
from pathlib import Path

import dagster as dg
import duckdb
import polars as pl

from assets.returns.assets import match_returns
from contracts.tables import table_schema
from resources.landing import LandingZone
from resources.warehouse import Warehouse

EVIDENCE = Path(__file__).parent / "evidence"
SHIP_NIGHT = dt.date(2026, 11, 20)
RETURN_NIGHT = dt.date(2026, 11, 23)
DEFAULTS = {pl.String: "", pl.Int32: 0, pl.Int64: 0, pl.Boolean: False}


def amazon_header(*, hyphenated: bool = False) -> list[str]:
    """The Amazon returns report's header (today's Title Case, or older copies' hyphenated)."""
    names = (EVIDENCE / "amazon_returns_report_by_return_date.header.tsv").read_text()
    names = names.rstrip("\n").split("\t")
    return [n.lower().replace(" ", "-") for n in names] if hyphenated else names


def receipt_header() -> list[str]:
    return (EVIDENCE / "batchoms_return_receipt_PROPOSED.header.csv").read_text().strip().split(",")


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


def shipped_order(
    warehouse: Warehouse,
    order_id: str,
    lines: Sequence[tuple[str, int, str]],
    *,
    channel: str = "amazon",
    warehouse_id: str = "WH1",
) -> None:
    """An order of (sku, units, unit price in USD) lines allocated from one warehouse on
    SHIP_NIGHT and confirmed shipped the night after."""
    shipment = f"S-{order_id}"
    with warehouse.connect() as con:
        insert(
            con,
            "order_lines",
            [
                {
                    "business_date": SHIP_NIGHT,
                    "channel": channel,
                    "channel_order_id": order_id,
                    "version": 1,
                    "line_no": n,
                    "channel_line_id": f"{order_id}-{n}",
                    "sku": sku,
                    "quantity": units,
                    "line_status": "open",
                    "unit_price": Decimal(price),
                    "currency": "USD",
                }
                for n, (sku, units, price) in enumerate(lines, start=1)
            ],
        )
        allocated = [
            {
                "business_date": SHIP_NIGHT,
                "channel": channel,
                "channel_order_id": order_id,
                "version": 1,
                "line_no": n,
                "ordered_sku": sku,
                "ordered_units": units,
                "sku": sku,
                "warehouse_id": warehouse_id,
                "quantity": units,
                "shipment_id": shipment,
            }
            for n, (sku, units, _) in enumerate(lines, start=1)
        ]
        insert(con, "allocations", allocated)
        insert(
            con,
            "shipment_confirmations",
            [
                {
                    "business_date": SHIP_NIGHT + dt.timedelta(days=1),
                    "shipment_id": shipment,
                    "source_file": "confirmations/c.csv",
                    "source_row": 1,
                    "status": "applied",
                }
            ],
        )


def land(landing: Path, folder: str, night: dt.date, name: str, text: str) -> None:
    path = landing / folder / night.isoformat() / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def amazon_report(rows: Sequence[dict[str, str]], *, hyphenated: bool = False) -> str:
    """A returns report with the given cells (by today's header name), the others empty."""
    header = amazon_header()
    written = amazon_header(hyphenated=hyphenated)
    lines = ["\t".join(written)]
    lines += ["\t".join(row.get(name, " ") for name in header) for row in rows]
    return "\n".join(lines) + "\n"


def receipts(rows: Sequence[dict[str, str]]) -> str:
    header = receipt_header()
    lines = [",".join(header)] + [",".join(row.get(name, "") for name in header) for row in rows]
    return "\n".join(lines) + "\n"


def run_returns(landing: Path, warehouse: Warehouse, night: dt.date) -> dg.ExecuteInProcessResult:
    return dg.materialize(
        [match_returns],
        partition_key=night.isoformat(),
        resources={"landing": LandingZone(root=str(landing)), "warehouse": warehouse},
        instance=dg.DagsterInstance.ephemeral(),
    )


def rows(warehouse: Warehouse, sql: str) -> list[tuple]:
    with duckdb.connect(str(warehouse.working_path), read_only=True) as con:
        return con.sql(sql).fetchall()
