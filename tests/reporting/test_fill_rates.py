"""The fill rate analysts mean (first time, by order and by unit) beside the nightly allocation
rate, which counts a carried backorder again on every night it waits."""

from datetime import date

import duckdb
import pytest

from resources.warehouse import ensure_schema

FIRST, SECOND = date(2026, 11, 20), date(2026, 11, 21)


def _decided(
    con: duckdb.DuckDBPyConnection, night: date, order: str, line: int, ordered: int, allocated: int
) -> None:
    con.execute(
        "insert into oms.allocation_decisions (business_date, channel, channel_order_id, version, "
        "line_no, sku, is_kit, order_rank, ordered, allocated, backordered, rule, candidate_count) "
        "values (?, 'shopify', ?, 1, ?, 'MUG', false, 1, ?, ?, ?, 'r', 1)",
        [night, order, line, ordered, allocated, ordered - allocated],
    )


@pytest.fixture
def con() -> duckdb.DuckDBPyConnection:
    con = duckdb.connect()
    ensure_schema(con)
    # #1: 2 + 1 units, one unit short on the first night, carried and filled on the second;
    # #2: 1 unit, filled on the first night
    _decided(con, FIRST, "#1", 1, 2, 1)
    _decided(con, FIRST, "#1", 2, 1, 1)
    _decided(con, FIRST, "#2", 1, 1, 1)
    _decided(con, SECOND, "#1", 1, 1, 1)
    return con


def test_first_time_fill_rate_counts_each_order_on_the_night_it_was_first_served(con):
    rows = con.sql(
        "select business_date, orders, orders_filled_complete, order_fill_rate, units_ordered, "
        "units_allocated, unit_fill_rate from oms.first_time_fill_rate"
    ).fetchall()
    assert rows == [(FIRST, 2, 1, 0.5, 4, 3, 0.75)]


def test_the_nightly_allocation_rate_demands_a_carried_backorder_again(con):
    rows = con.sql(
        "select business_date, units_ordered, units_allocated, fill_rate "
        "from oms.fill_rate_by_channel"
    ).fetchall()
    assert rows == [(FIRST, 4, 3, 0.75), (SECOND, 1, 1, 1.0)]
