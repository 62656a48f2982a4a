"""A tiny warehouse written by hand, table by table, as the stages of a night would write it,
so a test can say in a few lines what happened to an order and read the status history after."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import duckdb
import polars as pl

from assets.lifecycle.history import book_statuses, ranked
from resources.warehouse import ensure_schema, replace_partitions, run_sql_file

NIGHT_1 = date(2026, 11, 19)
NIGHT_2 = NIGHT_1 + timedelta(days=1)
NIGHT_3 = NIGHT_1 + timedelta(days=2)

DEFAULTS: dict[str, dict[str, object]] = {
    "orders": {
        "channel": "shopify",
        "version": 1,
        "placed_at": datetime(2026, 11, 18, 12),
        "service_level": "standard",
        "status": "open",
        "is_paid": True,
        "content_hash": "0",
        "source_file": "orders/shopify/orders.csv",
    },
    "order_lines": {
        "channel": "shopify",
        "version": 1,
        "sku": "SKU-1",
        "quantity": 1,
        "source_file": "orders/shopify/orders.csv",
        "line_status": "open",
    },
    "order_rejects": {"channel": "shopify", "source_file": "orders/shopify/orders.csv"},
    "allocation_decisions": {
        "channel": "shopify",
        "version": 1,
        "sku": "SKU-1",
        "is_kit": False,
        "order_rank": 1,
        "candidate_count": 1,
    },
    "allocations": {
        "channel": "shopify",
        "version": 1,
        "ordered_sku": "SKU-1",
        "sku": "SKU-1",
        "warehouse_id": "WH1",
    },
    "shipment_exceptions": {"warehouse_id": "WH1"},
    "pick_list_lines": {
        "warehouse_id": "WH1",
        "wave": 1,
        "service_level": "standard",
        "sequence": 1,
        "sku": "SKU-1",
        "quantity": 1,
        "tote": 1,
        "is_unslotted": False,
    },
    "manifest_lines": {
        "warehouse_id": "WH1",
        "carrier": "UPS",
        "service": "Ground",
        "weight_g": 500,
        "ship_country": "US",
    },
    "shipment_confirmations": {
        "shipped_at": datetime(2026, 11, 20, 15),
        "source_file": "confirmations/carrier-scans.csv",
        "source_row": 1,
        "status": "applied",
    },
}


class Book:
    """One order book and what the nights did to it, in an in-memory database."""

    def __init__(self) -> None:
        self.con = duckdb.connect()
        ensure_schema(self.con)

    def _insert(self, table: str, night: date, **values: object) -> None:
        row = {**DEFAULTS.get(table, {}), **values, "business_date": night}
        self.con.register("row_to_insert", pl.DataFrame([row]).to_arrow())
        self.con.execute(f"insert into oms.{table} by name select * from row_to_insert")
        self.con.unregister("row_to_insert")

    def order(
        self,
        night: date,
        order_id: str,
        *,
        lines: int = 1,
        version: int = 1,
        status: str = "open",
        line_status: str = "open",
    ) -> None:
        """A version of an order arrives, with `lines` lines."""
        self._insert("orders", night, channel_order_id=order_id, version=version, status=status)
        for line_no in range(1, lines + 1):
            self._insert(
                "order_lines",
                night,
                channel_order_id=order_id,
                version=version,
                line_no=line_no,
                source_row=line_no,
                line_status=line_status,
            )

    def reject(self, night: date, order_id: str, *rules: str) -> None:
        """The rows of an order that did not enter the book, one rule per row, in file order."""
        for row, rule in enumerate(rules, start=1):
            self._insert(
                "order_rejects",
                night,
                channel_order_id=order_id,
                source_row=row,
                rule=rule,
                reason=f"row {row} broke {rule}",
            )

    def decide(
        self,
        night: date,
        order_id: str,
        line_no: int = 1,
        *,
        ordered: int = 1,
        allocated: int = 1,
        rule: str = "ship_complete",
    ) -> None:
        """Allocation's decision for a line; allocated units travel in shipment `S-<order>`."""
        self._insert(
            "allocation_decisions",
            night,
            channel_order_id=order_id,
            line_no=line_no,
            ordered=ordered,
            allocated=allocated,
            backordered=ordered - allocated,
            rule=rule,
        )
        if allocated:
            self._insert(
                "allocations",
                night,
                channel_order_id=order_id,
                line_no=line_no,
                ordered_units=allocated,
                quantity=allocated,
                shipment_id=shipment(order_id, night),
            )

    def pick(self, night: date, order_id: str) -> None:
        """The order's shipment of the night goes on a pick list and its carrier's manifest."""
        shipment_id = shipment(order_id, night)
        self._insert(
            "pick_list_lines", night, pick_list_id=f"PL-{order_id}", shipment_id=shipment_id
        )
        self._insert(
            "manifest_lines",
            night,
            manifest_id="MF-WH1-UPS",
            shipment_id=shipment_id,
            package_id=f"{shipment_id}-P1",
        )

    def allocated_and_picked(self, night: date, order_id: str) -> None:
        """A one-line order arrives, is allocated in full and its shipment picked, one night."""
        self.order(night, order_id)
        self.decide(night, order_id)
        self.pick(night, order_id)

    def hold_shipment(self, night: date, order_id: str, reason: str) -> None:
        self._insert(
            "shipment_exceptions", night, shipment_id=shipment(order_id, night), reason=reason
        )

    def confirm(self, night: date, order_id: str, *, allocated_on: date) -> None:
        """The warehouse confirms the shipment allocated on an earlier night."""
        self._insert(
            "shipment_confirmations",
            night,
            shipment_id=shipment(order_id, allocated_on),
            tracking_number=f"1Z{order_id}",
        )

    def exception(self, night: date, order_id: str, *, version: int, line_key: str | None) -> None:
        """A change no parcel can follow; `line_key` None for a change of the whole order."""
        self._insert(
            "order_exceptions",
            night,
            channel="shopify",
            channel_order_id=order_id,
            version=version,
            line_key=line_key,
            exception="address_changed_after_allocation",
            units_allocated=1,
            units_shipped=0,
            shipments=shipment(order_id, NIGHT_1),
            reason="the address changed after units were allocated",
        )

    def run(self, night: date) -> pl.DataFrame:
        """The lifecycle step of the night, as the asset runs it; the night's rows."""
        changes = run_sql_file(
            self.con,
            "lifecycle/status_changes",
            frames={"book_statuses": book_statuses()},
            params={"business_date": night},
        )
        replace_partitions(
            self.con, night, {"order_status_history": ranked(changes)}, run_id="test-run"
        )
        return self.history(night=night)

    def history(self, *, night: date | None = None) -> pl.DataFrame:
        rows = self.con.sql(
            "select * from oms.order_status_history "
            "order by business_date, channel, channel_order_id, line_no, sequence"
        ).pl()
        return rows.filter(pl.col("business_date") == night) if night else rows

    def statuses(self, order_id: str, line_no: int = 1) -> list[str]:
        """Every status the line has had, first to latest."""
        history = self.history().filter(
            (pl.col("channel_order_id") == order_id) & (pl.col("line_no") == line_no)
        )
        return history["status"].to_list()

    def now(self, order_id: str) -> pl.DataFrame:
        """What a support agent sees of one order in oms.order_status."""
        return self.con.sql(
            "select * from oms.order_status where channel_order_id = $id order by line_no",
            params={"id": order_id},
        ).pl()


def shipment(order_id: str, night: date) -> str:
    return f"S-{night:%Y%m%d}-{order_id}"
