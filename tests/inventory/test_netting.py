"""Inventory netting: what a warehouse can promise tonight."""

from datetime import date, datetime
from pathlib import Path

import duckdb
import polars as pl

from assets.inventory.netting import net_positions
from assets.inventory.snapshot import read_snapshot
from resources.warehouse import ensure_schema, replace_partitions, run_sql_file

WAREHOUSES = pl.Series(["WH1", "WH2"])


def _positions(snapshot_rows, reservations=(), safety=()) -> pl.DataFrame:
    snapshot = pl.DataFrame(snapshot_rows, schema=["warehouse_id", "sku", "on_hand"], orient="row")
    reserved = pl.DataFrame(
        list(reservations),
        schema={"warehouse_id": pl.String, "sku": pl.String, "reserved": pl.Int64},
        orient="row",
    )
    safety_stock = pl.DataFrame(
        list(safety),
        schema={"warehouse_id": pl.String, "sku": pl.String, "units": pl.Int64},
        orient="row",
    )
    return net_positions(snapshot, reserved, safety_stock)


def test_available_is_on_hand_minus_reserved_minus_safety_stock():
    positions = _positions([("WH1", "A", 10)], [("WH1", "A", 3)], [("WH1", "A", 2)])
    assert positions.row(0, named=True) == {
        "warehouse_id": "WH1",
        "sku": "A",
        "on_hand": 10,
        "returned_units": 0,
        "reserved": 3,
        "safety_stock": 2,
        "available": 5,
    }


def test_available_never_goes_below_zero():
    positions = _positions([("WH1", "A", 2)], [("WH1", "A", 5)])
    assert positions["available"].to_list() == [0]


def test_several_snapshot_files_are_summed_per_warehouse_and_sku():
    positions = _positions([("WH1", "A", 2), ("WH1", "A", 3), ("WH2", "A", 1)])
    assert positions.select("warehouse_id", "on_hand").rows() == [("WH1", 5), ("WH2", 1)]


def test_reserved_stock_missing_from_the_snapshot_still_has_a_position():
    positions = _positions([("WH1", "A", 4)], [("WH2", "B", 3)])
    missing = positions.filter(pl.col("sku") == "B").row(0, named=True)
    assert (missing["on_hand"], missing["reserved"], missing["available"]) == (0, 3, 0)


def _snapshot_file(tmp_path: Path, text: str) -> list[tuple[Path, str]]:
    path = tmp_path / "stock.csv"
    path.write_text(text)
    return [(path, "inventory/2026-11-20/stock.csv")]


def test_negative_and_non_numeric_on_hand_are_rejected_with_a_reason(tmp_path):
    files = _snapshot_file(
        tmp_path, "warehouse_id,sku,on_hand\nWH1,A,5\nWH1,B,-2\nWH1,C,lots\nWH9,D,1\n"
    )
    snapshot = read_snapshot(files, WAREHOUSES)
    assert snapshot.stock.rows() == [("WH1", "A", 5)]
    reasons = dict(zip(snapshot.rejects["sku"], snapshot.rejects["reason"], strict=True))
    assert reasons == {
        "B": "negative on_hand -2 (stock cannot be below zero)",
        "C": "on_hand 'lots' is not a whole number",
        "D": "unknown warehouse 'WH9' (not in reference/warehouses.csv)",
    }
    assert snapshot.rejects["source_row"].to_list() == [2, 3, 4]


def test_a_snapshot_file_without_the_expected_columns_is_rejected_whole(tmp_path):
    snapshot = read_snapshot(_snapshot_file(tmp_path, "location,item,qty\nWH1,A,5\n"), WAREHOUSES)
    assert snapshot.stock.height == 0
    assert snapshot.rejects["source_row"].to_list() == [None]
    assert "lacks column(s) warehouse_id, sku, on_hand" in snapshot.rejects["reason"][0]


def _allocation(day: date, shipment_id: str, version: int = 1) -> pl.DataFrame:
    return pl.DataFrame(
        {
            "channel": ["generic"],
            "channel_order_id": ["O1"],
            "version": [version],
            "line_no": [1],
            "ordered_sku": ["A"],
            "ordered_units": [2],
            "sku": ["A"],
            "warehouse_id": ["WH1"],
            "quantity": [2],
            "shipment_id": [shipment_id],
            "zone": ["2"],
        }
    )


def _order(status: str, version: int = 1) -> pl.DataFrame:
    return pl.DataFrame(
        {
            "channel": ["generic"],
            "channel_order_id": ["O1"],
            "version": [version],
            "placed_at": [datetime(2026, 11, 19)],
            "service_level": ["standard"],
            "ship_name": ["A. Customer"],
            "ship_company": [None],
            "ship_address1": ["1 Main St"],
            "ship_address2": [None],
            "ship_city": ["Springfield"],
            "ship_region": ["IL"],
            "ship_postal_code": ["62701"],
            "ship_country": ["US"],
            "ship_phone": [None],
            "status": [status],
            "is_paid": [True],
            "content_hash": [f"h{version}{status}"],
            "source_file": ["f.csv"],
            "buyer_email": [None],
        }
    ).with_columns(
        pl.col("placed_at").cast(pl.Datetime("us")),
        pl.col("ship_company", "ship_address2", "ship_phone", "buyer_email").cast(pl.String),
    )


def _book(tmp_path) -> duckdb.DuckDBPyConnection:
    con = duckdb.connect(str(tmp_path / "w.duckdb"))
    ensure_schema(con)
    replace_partitions(
        con,
        date(2026, 11, 19),
        {"orders": _order("open"), "allocations": _allocation(date(2026, 11, 19), "S1")},
        run_id="test-run",
    )
    return con


def open_reservations(con: duckdb.DuckDBPyConnection, business_date: date) -> pl.DataFrame:
    return run_sql_file(con, "inventory/open_reservations", params={"business_date": business_date})


def test_units_allocated_on_an_earlier_night_stay_reserved_until_shipped(tmp_path):
    con = _book(tmp_path)
    assert open_reservations(con, date(2026, 11, 20)).rows() == [("WH1", "A", 2)]


def test_a_confirmed_shipment_releases_its_reservation(tmp_path):
    con = _book(tmp_path)
    confirmation = pl.DataFrame(
        {
            "shipment_id": ["S1"],
            "shipped_at": [datetime(2026, 11, 20, 9)],
            "tracking_number": ["1Z999"],
            "source_file": ["c.csv"],
            "source_row": [1],
            "status": ["applied"],
            "reason": [None],
        },
        schema_overrides={"reason": pl.String},
    )
    replace_partitions(
        con, date(2026, 11, 20), {"shipment_confirmations": confirmation}, run_id="test-run"
    )
    assert open_reservations(con, date(2026, 11, 20)).height == 0
    assert (
        open_reservations(con, date(2026, 11, 19)).height == 0
    )  # nothing reserved before it was allocated


def test_a_cancellation_releases_the_reservation(tmp_path):
    con = _book(tmp_path)
    replace_partitions(
        con, date(2026, 11, 20), {"orders": _order("cancelled", version=2)}, run_id="test-run"
    )
    assert open_reservations(con, date(2026, 11, 20)).height == 0
    assert open_reservations(con, date(2026, 11, 21)).height == 0


def _lines(version: int, *statuses: str) -> pl.DataFrame:
    """Lines 1, 2… of order O1's version: SKU A (the allocated one), then B…, each 2 units."""
    return pl.DataFrame(
        {
            "channel": "generic",
            "channel_order_id": "O1",
            "version": version,
            "line_no": list(range(1, len(statuses) + 1)),
            "channel_line_id": None,
            "sku": ["A", "B", "C"][: len(statuses)],
            "quantity": 2,
            "source_file": "f.csv",
            "source_row": list(range(1, len(statuses) + 1)),
            "line_status": list(statuses),
            "unit_price": None,  # unknown: reservations do not depend on it
            "currency": None,
        },
        schema_overrides={
            "channel_line_id": pl.String,
            "version": pl.Int32,
            "unit_price": pl.Decimal(18, 4),
            "currency": pl.String,
        },
    )


def _reserved_once_lines_became(tmp_path, *statuses: str) -> list[tuple]:
    """Open reservations the next night, once order O1 (two open lines, A allocated) came back
    as version 2 with its lines in these statuses."""
    con = _book(tmp_path)
    replace_partitions(
        con, date(2026, 11, 19), {"order_lines": _lines(1, "open", "open")}, run_id="test-run"
    )
    later = {"orders": _order("open", version=2), "order_lines": _lines(2, *statuses)}
    replace_partitions(con, date(2026, 11, 20), later, run_id="test-run")
    return open_reservations(con, date(2026, 11, 20)).rows()


def test_a_line_the_shop_fulfilled_since_releases_its_reservation(tmp_path):
    assert _reserved_once_lines_became(tmp_path, "fulfilled_by_channel", "open") == []


def test_another_line_fulfilled_since_keeps_this_lines_reservation(tmp_path):
    reserved = _reserved_once_lines_became(tmp_path, "open", "fulfilled_by_channel")
    assert reserved == [("WH1", "A", 2)]


def test_an_order_picked_up_in_store_since_releases_its_reservation(tmp_path):
    con = _book(tmp_path)
    replace_partitions(
        con, date(2026, 11, 20), {"orders": _order("store_pickup", version=2)}, run_id="test-run"
    )
    assert open_reservations(con, date(2026, 11, 20)).height == 0
