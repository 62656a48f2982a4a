"""A warehouse holding only an order book written by hand, and the customers step run on it as
the nightly job runs it (the real asset, its SQL and its CRM file)."""

from __future__ import annotations

import csv
import io
from datetime import date, datetime, timedelta
from decimal import Decimal
from pathlib import Path

import dagster as dg
import polars as pl

from assets.customers.assets import customers
from contracts.tables import table_schema
from resources.output_store import OutputStore
from resources.warehouse import Warehouse, replace_partitions

NIGHT_1 = date(2026, 11, 19)
NIGHT_2 = NIGHT_1 + timedelta(days=1)

ADDRESS = {
    "ship_name": "Ava Lindqvist",
    "ship_address1": "12 Harbour Road",
    "ship_city": "Boston",
    "ship_region": "MA",
    "ship_postal_code": "02134",
    "ship_country": "US",
}


class Shop:
    """Orders land night by night (`order`), then `run(night)` runs the customers step."""

    def __init__(self, root: Path) -> None:
        self.warehouse = Warehouse(path=str(root / "warehouse.duckdb"))
        self.output = OutputStore(root=str(root / "output"))
        self._orders: dict[date, list[dict]] = {}
        self._lines: dict[date, list[dict]] = {}

    def order(
        self,
        night: date,
        channel: str,
        order_id: str,
        *,
        email: str | None = None,
        units: int = 1,
        price: str | None = "10.00",
        currency: str = "USD",
        status: str = "open",
        version: int = 1,
        **address: str,
    ) -> None:
        self._orders.setdefault(night, []).append(
            {
                "channel": channel,
                "channel_order_id": order_id,
                "version": version,
                "placed_at": datetime.combine(night, datetime.min.time()) - timedelta(hours=3),
                "service_level": "standard",
                **ADDRESS,
                **address,
                "status": status,
                "is_paid": True,
                "content_hash": f"{order_id}-{version}",
                "source_file": f"orders/{channel}/{night}/export.csv",
                "buyer_email": email,
            }
        )
        self._lines.setdefault(night, []).append(
            {
                "channel": channel,
                "channel_order_id": order_id,
                "version": version,
                "line_no": 1,
                "sku": "MUG-BLU",
                "quantity": units,
                "source_file": f"orders/{channel}/{night}/export.csv",
                "source_row": 1,
                "unit_price": None if price is None else Decimal(price),
                "currency": currency,
            }
        )

    def run(self, night: date) -> None:
        with self.warehouse.connect() as con:
            frames = {
                table: pl.DataFrame(
                    rows.get(night, []),
                    schema={k: v for k, v in table_schema(table).items() if k != "business_date"},
                )
                for table, rows in (("orders", self._orders), ("order_lines", self._lines))
            }
            replace_partitions(con, night, frames, run_id="landing")
        result = dg.materialize(
            [customers],
            partition_key=night.isoformat(),
            resources={"warehouse": self.warehouse, "output_store": self.output},
        )
        assert result.success

    def table(self, sql: str) -> pl.DataFrame:
        with self.warehouse.connect() as con:
            return con.sql(sql).pl()

    def profiles(self) -> pl.DataFrame:
        return self.table("select * from oms.customer_profiles order by customer_id")

    def links(self) -> dict[str, str]:
        """Each order's current customer."""
        current = self.table(
            "select channel_order_id, customer_id from oms.order_customers "
            "qualify row_number() over (partition by channel, channel_order_id "
            "order by business_date desc) = 1"
        )
        return dict(current.iter_rows())

    def crm_file(self, night: date) -> list[dict[str, str]]:
        path = Path(self.output.root) / night.isoformat() / "crm" / "customers.csv"
        return list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))
