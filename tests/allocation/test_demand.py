"""Tonight's demand asks only for what the warehouse ships (sql/allocation/demand.sql)."""

from datetime import date, datetime

import polars as pl

from resources.warehouse import replace_partitions, run_sql_file

NIGHT = date(2026, 11, 20)


def _order(order_id: str, status: str) -> dict:
    return {
        "channel": "shopify",
        "channel_order_id": order_id,
        "version": 1,
        "placed_at": datetime(2026, 11, 19, 10),
        "service_level": "standard",
        "ship_name": "A. Customer",
        "ship_company": None,
        "ship_address1": "1 Main St",
        "ship_address2": None,
        "ship_city": "Springfield",
        "ship_region": "IL",
        "ship_postal_code": "62701",
        "ship_country": "US",
        "ship_phone": None,
        "status": status,
        "is_paid": True,
        "content_hash": f"h-{order_id}",
        "source_file": "orders_export.csv",
        "buyer_email": None,
    }


def _line(order_id: str, line_no: int, sku: str | None, line_status: str) -> dict:
    return {
        "channel": "shopify",
        "channel_order_id": order_id,
        "version": 1,
        "line_no": line_no,
        "channel_line_id": None,
        "sku": sku,
        "quantity": 1,
        "source_file": "orders_export.csv",
        "source_row": line_no,
        "line_status": line_status,
        "unit_price": None,  # unknown: demand does not depend on it
        "currency": None,
    }


def _demand(con, orders: list[dict], lines: list[dict]) -> list[tuple[str, int, str]]:
    frames = {
        "orders": pl.DataFrame(orders, schema_overrides={"buyer_email": pl.String}).with_columns(
            pl.col("version").cast(pl.Int32)
        ),
        "order_lines": pl.DataFrame(
            lines,
            schema_overrides={
                "channel_line_id": pl.String,
                "sku": pl.String,
                "unit_price": pl.Decimal(18, 4),
                "currency": pl.String,
            },
        ).with_columns(pl.col("version", "line_no").cast(pl.Int32)),
    }
    replace_partitions(con, NIGHT, frames, run_id="test-run")
    demand = run_sql_file(con, "allocation/demand", params={"business_date": NIGHT})
    return sorted(demand.select("channel_order_id", "line_no", "sku").rows())


def test_only_open_lines_of_open_orders_are_demanded(con) -> None:
    orders = [
        _order("#1", "open"),
        _order("#2", "store_pickup"),
        _order("#3", "digital"),
        _order("#4", "fulfilled_by_channel"),
    ]
    lines = [
        _line("#1", 1, "MUG-BLU", "fulfilled_by_channel"),  # the shop sent it already
        _line("#1", 2, "TEE-M", "open"),
        _line("#1", 3, None, "digital"),  # a gift card in the same order
        _line("#2", 1, "MUG-BLU", "open"),
        _line("#3", 1, None, "digital"),
        _line("#4", 1, "TEE-M", "fulfilled_by_channel"),
    ]
    assert _demand(con, orders, lines) == [("#1", 2, "TEE-M")]
