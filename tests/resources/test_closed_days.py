"""A day whose manifests have gone out is closed: its rows are never replaced again."""

from datetime import date

import polars as pl
import pytest

from contracts.tables import table_schema
from resources.warehouse import DayClosed, replace_partitions

SHIPPED = date(2026, 11, 29)
CONFIRMED = date(2026, 11, 30)


def _shipment(shipment_id: str) -> dict:
    row = {name: None for name in table_schema("shipments", without=("business_date",))}
    return row | {
        "shipment_id": shipment_id,
        "channel": "shopify",
        "channel_order_id": "#1128",
        "warehouse_id": "WH1",
        "service_level": "standard",
        "packages": 1,
        "units": 1,
        "weight_g": 500,
        "status": "ready",
        "ship_country": "US",
    }


def _frame(table: str, rows: list[dict]) -> pl.DataFrame:
    schema = table_schema(table, without=("business_date",))
    return pl.DataFrame(rows, schema=schema)


def _confirmation(shipment_id: str, status: str = "applied") -> dict:
    return {
        "shipment_id": shipment_id,
        "shipped_at": None,
        "tracking_number": "1Z999",
        "source_file": "confirmations/2026-11-30/ups.csv",
        "source_row": 1,
        "status": status,
        "reason": None,
    }


@pytest.fixture
def con(con):
    """The working database after a night that shipped S1 and S2."""
    shipments = _frame("shipments", [_shipment("S1"), _shipment("S2")])
    replace_partitions(con, SHIPPED, {"shipments": shipments}, run_id="night-1")
    return con


def _confirm(con, *confirmations: dict) -> None:
    rows = _frame("shipment_confirmations", list(confirmations))
    replace_partitions(con, CONFIRMED, {"shipment_confirmations": rows}, run_id="night-2")


def test_a_day_is_open_until_the_carrier_confirms_one_of_its_shipments(con):
    _confirm(con, _confirmation("S9", status="unknown_shipment"))
    replace_partitions(con, SHIPPED, {"shipments": _frame("shipments", [])}, run_id="rerun")
    assert con.sql("select * from oms.closed_days").fetchall() == []


def test_a_confirmed_day_refuses_every_rewrite_and_says_why(con):
    _confirm(con, _confirmation("S1"))
    with pytest.raises(DayClosed, match=r"2026-11-29 is closed: the carrier confirmed 1 of its"):
        replace_partitions(con, SHIPPED, {"shipments": _frame("shipments", [])}, run_id="rerun")
    assert con.sql("select count(*) from oms.shipments").fetchall() == [(2,)]
    assert con.sql("select * from oms.closed_days").fetchall() == [(SHIPPED, CONFIRMED, 1, 2)]


def test_the_confirming_night_itself_stays_open(con):
    _confirm(con, _confirmation("S1"))
    _confirm(con, _confirmation("S1"), _confirmation("S2"))  # re-running the night that confirmed
    assert con.sql("select confirmed_shipments from oms.closed_days").fetchall() == [(2,)]
