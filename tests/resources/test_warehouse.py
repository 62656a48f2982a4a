"""Writing a date: all of a table's columns or nothing."""

import subprocess
import sys
import time
from datetime import date

import duckdb
import polars as pl
import pytest

from contracts.tables import view_files
from resources import warehouse
from resources.warehouse import (
    LayoutError,
    Warehouse,
    WorkingDatabaseInUse,
    ensure_schema,
    replace_partitions,
    writer_lock,
)

NIGHT = date(2026, 11, 20)


def _stock_reject(**columns: list) -> pl.DataFrame:
    row = {
        "source_file": ["inventory/2026-11-20/stock.csv"],
        "source_row": [7],
        "warehouse_id": ["WH1"],
        "sku": ["SKU-1"],
        "reason": ["on_hand is negative"],
    }
    return pl.DataFrame({**row, **columns})


def test_a_frame_with_every_column_is_written_for_the_date(con):
    replace_partitions(con, NIGHT, {"inventory_rejects": _stock_reject()}, run_id="run-1")
    assert con.sql("select business_date, sku from oms.inventory_rejects").fetchall() == [
        (NIGHT, "SKU-1")
    ]


def test_a_forgotten_column_is_refused_instead_of_stored_as_null(con):
    # sku is nullable in the DDL, so `insert … by name` alone would store NULL without a word
    forgot_sku = _stock_reject().drop("sku")
    with pytest.raises(ValueError, match=r"missing \['sku'\]"):
        replace_partitions(con, NIGHT, {"inventory_rejects": forgot_sku}, run_id="run-1")
    assert con.sql("select count(*) from oms.inventory_rejects").fetchall() == [(0,)]


def test_a_column_the_table_does_not_have_is_refused(con):
    with pytest.raises(ValueError, match=r"unknown \['carrier'\]"):
        replace_partitions(
            con, NIGHT, {"inventory_rejects": _stock_reject(carrier=["UPS"])}, run_id="run-1"
        )


def _write_a_reject(con) -> None:
    replace_partitions(con, NIGHT, {"inventory_rejects": _stock_reject()}, run_id="run-1")


def _rows(con) -> int:
    return con.sql("select count(*) from oms.inventory_rejects").fetchall()[0][0]


def _as_an_older_release(con, change: str) -> None:
    """The database as a release whose DDL differed by `change` left it."""
    con.execute(change)
    con.execute("update oms_meta.layout set fingerprint = 'older release'")


def test_editing_a_view_keeps_every_table(tmp_path, monkeypatch):
    views = tmp_path / "views"
    views.mkdir()
    for path in view_files():
        (views / path.name).write_text(path.read_text(encoding="utf-8"), encoding="utf-8")
    with duckdb.connect(str(tmp_path / "w.duckdb")) as con:
        ensure_schema(con)
        _write_a_reject(con)
        edited = views / "order_book.view.sql"
        edited.write_text("-- one more comment\n" + edited.read_text(encoding="utf-8"))
        monkeypatch.setattr(warehouse, "view_files", lambda: sorted(views.glob("*.sql")))
        ensure_schema(con)
        assert _rows(con) == 1


def test_a_new_nullable_column_is_added_in_place(tmp_path, monkeypatch):
    with duckdb.connect(str(tmp_path / "w.duckdb")) as con:
        ensure_schema(con)
        _write_a_reject(con)
        _as_an_older_release(con, "alter table oms.inventory_rejects drop column sku")
        ensure_schema(con)
        assert _rows(con) == 1
        assert con.sql("select sku from oms.inventory_rejects").fetchall() == [(None,)]


def test_a_column_that_may_now_be_empty_is_relaxed_in_place(tmp_path):
    # orders.ship_country was NOT NULL before orders that ship nothing were recorded
    with duckdb.connect(str(tmp_path / "w.duckdb")) as con:
        ensure_schema(con)
        _write_a_reject(con)
        _as_an_older_release(con, "alter table oms.orders alter column ship_country set not null")
        con.execute(  # an order stored by that release: the table has rows to keep
            "insert into oms.orders by name select date '2026-09-17' as business_date,"
            " 'shopify' as channel, '#1' as channel_order_id, 1 as version,"
            " timestamp '2026-09-17 10:00' as placed_at, 'standard' as service_level,"
            " 'US' as ship_country, 'open' as status, true as is_paid, 'h' as content_hash,"
            " 'f.csv' as source_file"
        )
        ensure_schema(con)
        nullable = con.sql(
            "select is_nullable from information_schema.columns "
            "where table_schema = 'oms' and table_name = 'orders' and column_name = 'ship_country'"
        ).fetchall()
        assert nullable == [("YES",)]
        assert con.sql("select count(*) from oms.orders").fetchall() == [(1,)]


def test_a_layout_that_cannot_migrate_refuses_and_keeps_the_data(tmp_path):
    with duckdb.connect(str(tmp_path / "w.duckdb")) as con:
        ensure_schema(con)
        _write_a_reject(con)
        _as_an_older_release(con, "alter table oms.inventory_rejects alter source_row type varchar")
        with pytest.raises(LayoutError, match=r"oms\.inventory_rejects.*source_row"):
            ensure_schema(con)
        assert _rows(con) == 1


def test_an_analyst_connection_on_the_working_database_is_named_not_a_raw_lock_error(tmp_path):
    """`.work/` is the pipeline's private copy: a process holding it open (even read-only) stops
    the night, and the error says which process, and where analysts read instead."""
    store = Warehouse(path=str(tmp_path / "warehouse.duckdb"))
    with store.connect():
        pass
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import duckdb, sys, time\n"
            f"con = duckdb.connect({str(store.working_path)!r}, read_only=True)\n"
            "print('open', flush=True)\n"
            "time.sleep(60)\n",
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "open"
        with pytest.raises(WorkingDatabaseInUse) as refused, store.connect():
            pass
    finally:
        holder.kill()
        holder.wait()
    message = str(refused.value)
    assert str(store.working_path) in message
    assert f"PID {holder.pid}" in message
    assert str(store.published_path) in message


def test_a_long_lived_process_sees_a_new_night_by_attaching_the_file_anew(tmp_path):
    """What docs/analysts.md says of notebooks: while one connection of a process is open, a new
    `connect` of that process joins the database it already has (the old night); attaching the
    file to a fresh in-memory database reads it as it is now."""
    store = Warehouse(path=str(tmp_path / "warehouse.duckdb"))

    def publish_night(night: int) -> None:
        with store.connect() as con:
            con.execute(f"create or replace table oms_meta.night as select {night} as night")
        store.publish()

    publish_night(1)
    notebook = duckdb.connect(str(store.published_path), read_only=True)
    publish_night(2)
    reconnected = duckdb.connect(str(store.published_path), read_only=True)
    fresh = duckdb.connect()
    fresh.execute(f"attach '{store.published_path}' as warehouse (read_only); use warehouse")
    try:
        assert notebook.sql("select night from oms_meta.night").fetchall() == [(1,)]
        assert reconnected.sql("select night from oms_meta.night").fetchall() == [(1,)]
        assert fresh.sql("select night from oms_meta.night").fetchall() == [(2,)]
    finally:
        for con in (notebook, reconnected, fresh):
            con.close()


WAITING_RUN = """
import sys
from pathlib import Path
from resources.warehouse import writer_lock
with writer_lock(Path(sys.argv[1]), sys.argv[2]) as killed:
    print(sys.argv[2], [run.run_id for run in killed if not run.held_the_lock], flush=True)
"""


def test_a_run_killed_while_waiting_for_the_writer_lock_is_found_and_a_live_one_is_not(tmp_path):
    """Of three runs waiting behind a fourth, one is killed: whichever takes the lock first
    reports it, once; the live ones are never reported."""
    working = tmp_path / ".work" / "warehouse.duckdb"
    waiting = working.parent / "waiting"

    def wait_as(run_id: str) -> subprocess.Popen:
        run = subprocess.Popen(
            [sys.executable, "-c", WAITING_RUN, str(working), run_id],
            stdout=subprocess.PIPE,
            text=True,
        )
        for _ in range(400):  # until it waits behind us, its marker locked
            if (waiting / run_id).exists():
                return run
            time.sleep(0.05)
        raise AssertionError(f"{run_id} never waited")

    with writer_lock(working, "holder") as killed_before:
        live = [wait_as("live-1"), wait_as("live-2")]
        killed = wait_as("killed")
        killed.kill()
        killed.wait()
    reports = [run.communicate(timeout=60)[0].split(" ", 1) for run in live]
    assert killed_before == []
    assert sorted(reports) == [
        ["live-1", "['killed']\n"],
        ["live-2", "[]\n"],
    ] or sorted(reports) == [["live-1", "[]\n"], ["live-2", "['killed']\n"]]
    assert not any(waiting.iterdir())


def test_a_working_database_of_a_newer_storage_version_is_rewritten_once_keeping_its_rows(
    tmp_path,
):
    """The published file is a byte copy of the working one, so the working one is kept in the
    version analysts' tools read; a file an earlier release wrote in DuckDB's own newer format
    is rewritten on first use, rows and all."""
    store = Warehouse(path=str(tmp_path / "warehouse.duckdb"))
    store.working_path.parent.mkdir()
    with duckdb.connect(str(store.working_path)) as con:  # DuckDB's default storage version
        con.execute("create schema oms_meta; create table oms_meta.nights as select 7 as night")
        (newer,) = con.sql(
            "select tags['storage_version'] from duckdb_databases() "
            "where database_name = current_database()"
        ).fetchall()[0]
    assert newer.startswith("v") and newer != "v1.4.0+"

    with store.connect() as con:
        (tags,) = con.sql(
            "select tags from duckdb_databases() where database_name = current_database()"
        ).fetchall()[0]
        nights = con.sql("select night from oms_meta.nights").fetchall()
    assert tags["storage_version"] == "v1.4.0+"
    assert nights == [(7,)]
