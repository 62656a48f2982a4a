"""Hand-written order histories: a few orders of one SKU over a few nights, with the edits,
cancellations and carrier confirmations a real store produces, run through the nightly job.

The reference data (warehouses, zones, carriers) is the demo's; the orders, stock and
confirmations of each night are exactly what a test writes, so every unit can be counted.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

import polars as pl

from contracts.ids import shipment_id_for
from pipelines.demo.generate import generate_landing
from tests.conftest import Site

SKU = "SKU-00001"
WAREHOUSE = "WH-EAST"
START = date(2026, 11, 2)
ADDRESS = {
    "ship_name": "Ava Smith",
    "ship_address1": "12 Main St",
    "ship_city": "Springfield",
    "ship_region": "NJ",
    "ship_postal_code": "07081",
    "ship_country": "US",
}


@dataclass(frozen=True)
class Line:
    """One line of an order as the generic feed exports it."""

    order: str
    quantity: int
    status: str = "open"
    is_paid: bool = True
    address1: str = ADDRESS["ship_address1"]
    sku: str = SKU
    line_id: str | None = None
    placed_on: date = START


@dataclass
class Night:
    """What lands for one business date: the export of the channel (every order it lists, as it
    stands that night), the stock count, and confirmations of earlier nights' shipments."""

    lines: list[Line] = field(default_factory=list)
    on_hand: int = 10
    confirm: list[tuple[date, str]] = field(default_factory=list)
    """(night it was allocated, order) of shipments the carrier confirms tonight."""


def night_date(number: int) -> date:
    return START + timedelta(days=number)


def history_site(root: Path) -> Site:
    """A landing area with the demo's reference data and no orders, stock or confirmations yet."""
    site = Site(root)
    generate_landing(site.landing, days=1, orders_per_day=1, seed=1, end_date=START, n_skus=5)
    for folder in ("orders", "inventory", "confirmations"):
        shutil.rmtree(site.landing / folder, ignore_errors=True)
    (site.landing / "reference" / "safety_stock.csv").unlink(missing_ok=True)
    return site


def land(site: Site, business_date: date, night: Night) -> None:
    """Write one night's export, stock snapshot and confirmations into the landing area."""
    day = business_date.isoformat()
    if night.lines:
        rows = pl.DataFrame(
            [
                {
                    "channel_order_id": line.order,
                    "placed_at": f"{line.placed_on.isoformat()}T09:00:00Z",
                    "service_level": "standard",
                    **ADDRESS,
                    "ship_address1": line.address1,
                    "sku": line.sku,
                    "quantity": line.quantity,
                    "status": line.status,
                    "is_paid": str(line.is_paid).lower(),
                    "channel_line_id": line.line_id,
                }
                for line in night.lines
            ]
        )
        _write_csv(rows, site.landing / "orders" / "generic" / day / "orders.csv")
    stock = pl.DataFrame({"warehouse_id": [WAREHOUSE], "sku": [SKU], "on_hand": [night.on_hand]})
    _write_csv(stock, site.landing / "inventory" / day / "stock.csv")
    if night.confirm:
        confirmations = pl.DataFrame(
            {
                "shipment_id": [
                    shipment_id(allocated, order) for allocated, order in night.confirm
                ],
                "shipped_at": [
                    f"{allocated.isoformat()}T18:00:00Z" for allocated, _ in night.confirm
                ],
            }
        )
        _write_csv(confirmations, site.landing / "confirmations" / day / "confirmations.csv")


def shipment_id(allocated_on: date, order: str) -> str:
    """The id of the parcel an order's units allocated that night travel in."""
    return shipment_id_for(
        allocated_on, pl.Series(["generic"]), pl.Series([order]), pl.Series([WAREHOUSE])
    ).item()


def _write_csv(frame: pl.DataFrame, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    frame.write_csv(path)
