"""Order value per night, channel and currency: from live versions, never mixing currencies."""

from datetime import date, datetime
from decimal import Decimal

import polars as pl

from contracts.tables import table_schema
from resources.warehouse import replace_partitions

NIGHT = date(2026, 11, 20)
NEXT = date(2026, 11, 21)


def _order(order_id: str, version: int = 1, status: str = "open") -> dict:
    row = {name: None for name in table_schema("orders", without=("business_date",))}
    return row | {
        "channel": "shopify",
        "channel_order_id": order_id,
        "version": version,
        "placed_at": datetime(2026, 11, 20, 10),
        "service_level": "standard",
        "ship_country": "US",
        "status": status,
        "is_paid": True,
        "content_hash": f"{order_id}-{version}",
        "source_file": "orders_export.csv",
    }


def _line(order_id: str, price: str | None, currency: str | None, version: int = 1) -> dict:
    row = {name: None for name in table_schema("order_lines", without=("business_date",))}
    return row | {
        "channel": "shopify",
        "channel_order_id": order_id,
        "version": version,
        "line_no": 1,
        "sku": "MUG",
        "quantity": 2,
        "source_file": "orders_export.csv",
        "source_row": 1,
        "unit_price": None if price is None else Decimal(price),
        "currency": currency,
    }


def _write(con, night: date, orders: list[dict], lines: list[dict]) -> None:
    frames = {
        table: pl.DataFrame(rows, schema=table_schema(table, without=("business_date",)))
        for table, rows in (("orders", orders), ("order_lines", lines))
    }
    replace_partitions(con, night, frames, run_id="test-run")


def test_orders_are_valued_per_currency_and_never_added_across_currencies(con):
    _write(
        con,
        NIGHT,
        [_order("#1"), _order("#2"), _order("#3")],
        [_line("#1", "10.00", "USD"), _line("#2", "5.00", "GBP"), _line("#3", None, None)],
    )
    rows = con.sql(
        "select currency, orders, order_value, average_order_value, unpriced_lines "
        "from oms.revenue_by_channel order by currency"
    ).fetchall()
    assert rows == [
        ("GBP", 1, Decimal("10.0000"), Decimal("10.00"), 0),
        ("USD", 1, Decimal("20.0000"), Decimal("20.00"), 0),
        ("unknown", 1, None, None, 1),
    ]


def test_a_later_cancellation_keeps_the_order_on_its_first_night_without_its_value(con):
    _write(
        con,
        NIGHT,
        [_order("#1"), _order("#2")],
        [_line("#1", "10.00", "USD"), _line("#2", "4.00", "USD")],
    )
    _write(
        con, NEXT, [_order("#1", version=2, status="cancelled")], [_line("#1", "10.00", "USD", 2)]
    )
    rows = con.sql(
        "select business_date, orders, cancelled_orders, order_value from oms.revenue_by_channel"
    ).fetchall()
    assert rows == [(NIGHT, 2, 1, Decimal("8.0000"))]
