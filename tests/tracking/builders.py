"""A landing area and a warehouse with confirmed shipments, and the tracking step run on them
night by night through Dagster, as the nightly job runs it."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import dagster as dg
import polars as pl

from assets.tracking.assets import track_shipments
from contracts.tables import table_schema
from resources.landing import LandingZone
from resources.policies import FulfillmentSettings
from resources.warehouse import Warehouse

SHIP_NIGHT = dt.date(2026, 11, 20)
CONFIRM_NIGHT = dt.date(2026, 11, 21)
EVIDENCE = Path(__file__).parent / "evidence"


@dataclass
class Site:
    landing: Path
    warehouse: Warehouse

    def land(self, night: dt.date, name: str, text: str) -> Path:
        path = self.landing / "tracking" / night.isoformat() / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        return path

    def insert(self, table: str, rows: list[dict]) -> None:
        schema = table_schema(table)
        frame = pl.DataFrame([{c: row.get(c) for c in schema} for row in rows], schema=schema)
        with self.warehouse.connect() as con:
            con.register("rows", frame.to_arrow())
            con.execute(f"insert into oms.{table} by name select * from rows")
            con.unregister("rows")

    def shipment(
        self, shipment_id: str, tracking_number: str | None, *, lines: int = 1, packages: int = 1
    ) -> None:
        """A shipment of order `O-<shipment_id>` packed on SHIP_NIGHT and confirmed on
        CONFIRM_NIGHT with a tracking number."""
        order = f"O-{shipment_id}"
        self.insert(
            "shipments",
            [
                {
                    "business_date": SHIP_NIGHT,
                    "shipment_id": shipment_id,
                    "channel": "shopify",
                    "channel_order_id": order,
                    "carrier": "UPS",
                    "warehouse_id": "W1",
                    "service_level": "standard",
                    "packages": packages,
                    "units": lines,
                    "weight_g": 300 * lines,
                    "status": "ready",
                    "ship_country": "US",
                }
            ],
        )
        self.insert(
            "shipment_packages",
            [
                {
                    "business_date": SHIP_NIGHT,
                    "shipment_id": shipment_id,
                    "package_id": f"{shipment_id}-{n}",
                    "package_no": n,
                    "sku": "MUG",
                    "quantity": 1,
                    "weight_g": 300,
                }
                for n in range(1, packages + 1)
            ],
        )
        self.insert(
            "allocations",
            [
                {
                    "business_date": SHIP_NIGHT,
                    "shipment_id": shipment_id,
                    "channel": "shopify",
                    "channel_order_id": order,
                    "version": 1,
                    "line_no": n,
                    "ordered_sku": "MUG",
                    "ordered_units": 1,
                    "sku": "MUG",
                    "warehouse_id": "W1",
                    "quantity": 1,
                }
                for n in range(1, lines + 1)
            ],
        )
        self.insert(
            "shipment_confirmations",
            [
                {
                    "business_date": CONFIRM_NIGHT,
                    "shipment_id": shipment_id,
                    "shipped_at": dt.datetime(2026, 11, 21, 15),
                    "tracking_number": tracking_number,
                    "source_file": "confirmations/2026-11-21/c.csv",
                    "source_row": 1,
                    "status": "applied",
                }
            ],
        )

    def track(self, night: dt.date, *, stuck_after_days: int = 3) -> None:
        result = dg.materialize(
            [track_shipments],
            partition_key=night.isoformat(),
            resources={
                "landing": LandingZone(root=str(self.landing)),
                "warehouse": self.warehouse,
                "fulfillment_settings": FulfillmentSettings(stuck_after_days=stuck_after_days),
            },
            instance=dg.DagsterInstance.ephemeral(),
        )
        assert result.success

    def table(self, table: str, night: dt.date | None = None) -> pl.DataFrame:
        with self.warehouse.connect() as con:
            frame = con.sql(f"select * from oms.{table}").pl()
        if night is not None:
            frame = frame.filter(pl.col("business_date") == night)
        return frame


def make_site(root: Path) -> Site:
    warehouse = Warehouse(path=str(root / "warehouse.duckdb"), memory_limit="1GB", threads=1)
    return Site(landing=root / "landing", warehouse=warehouse)
