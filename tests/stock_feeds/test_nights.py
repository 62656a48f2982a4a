"""Over nights: ATP after allocation, and which quantities go out (changed only, or all)."""

from __future__ import annotations

from datetime import date

import duckdb
import polars as pl
import pytest

from assets.stock_feeds.offers import OFFER_SCHEMA
from resources.warehouse import ensure_schema, replace_partitions, run_sql_file

NIGHT_1, NIGHT_2 = date(2026, 11, 19), date(2026, 11, 20)
KITS = pl.DataFrame(
    {"kit_sku": ["KIT-1", "KIT-1"], "component_sku": ["SKU-1", "SKU-2"], "quantity": [2, 1]},
    schema={"kit_sku": pl.String, "component_sku": pl.String, "quantity": pl.Int64},
)


@pytest.fixture
def con():
    with duckdb.connect() as con:
        ensure_schema(con)
        yield con


def positions(*rows: tuple[str, str, int, int, int]) -> pl.DataFrame:
    """(warehouse, sku, on hand, reserved, safety stock) rows of oms.inventory_positions."""
    frame = pl.DataFrame(
        rows, schema=["warehouse_id", "sku", "on_hand", "reserved", "safety_stock"], orient="row"
    )
    available = pl.max_horizontal(
        pl.col("on_hand") - pl.col("reserved") - pl.col("safety_stock"), 0
    )
    return frame.with_columns(available=available, returned_units=pl.lit(0, pl.Int64))


def allocated(*rows: tuple[str, str, int]) -> pl.DataFrame:
    """(warehouse, sku, units) allocated tonight, as rows of oms.allocations."""
    return pl.DataFrame(
        [
            {
                "channel": "shopify",
                "channel_order_id": f"#{n}",
                "version": 1,
                "line_no": 1,
                "ordered_sku": sku,
                "ordered_units": units,
                "sku": sku,
                "warehouse_id": warehouse,
                "quantity": units,
                "shipment_id": f"S{n}",
                "zone": None,
            }
            for n, (warehouse, sku, units) in enumerate(rows)
        ],
        schema_overrides={"zone": pl.String},
    )


def atp(con, night=NIGHT_1) -> dict[tuple[str, str], int]:
    frame = run_sql_file(
        con,
        "stock_feeds/available_to_promise",
        frames={"kits": KITS},
        params={"business_date": night},
    )
    return {(r["warehouse_id"], r["sku"]): r["atp"] for r in frame.iter_rows(named=True)}


def test_atp_is_on_hand_less_reserved_safety_stock_and_tonights_allocations(con):
    replace_partitions(
        con,
        NIGHT_1,
        {
            "inventory_positions": positions(
                ("WH-A", "SKU-1", 20, 3, 2), ("WH-A", "SKU-2", 4, 0, 0)
            ),
            "allocations": allocated(("WH-A", "SKU-1", 5), ("WH-A", "SKU-2", 4)),
        },
        run_id="test-run",
    )
    assert atp(con) == {("WH-A", "SKU-1"): 10, ("WH-A", "SKU-2"): 0, ("WH-A", "KIT-1"): 0}


def test_a_kit_offers_as_many_kits_as_its_scarcest_component_allows(con):
    replace_partitions(
        con,
        NIGHT_1,
        {"inventory_positions": positions(("WH-A", "SKU-1", 7, 0, 0), ("WH-A", "SKU-2", 9, 0, 0))},
        run_id="test-run",
    )
    assert atp(con)[("WH-A", "KIT-1")] == 3  # 7 // 2 of SKU-1


def test_atp_is_never_negative(con):
    replace_partitions(
        con,
        NIGHT_1,
        {"inventory_positions": positions(("WH-A", "SKU-1", 2, 5, 1))},
        run_id="test-run",
    )
    assert atp(con)[("WH-A", "SKU-1")] == 0


def offers(**sellable: int) -> pl.DataFrame:
    """Amazon offers of one night: SKU -> sellable (ATP the same)."""
    return pl.DataFrame(
        [
            {
                "channel": "amazon",
                "sku": sku,
                "listing": None,
                "location": None,
                "atp": units,
                "sellable": units,
                "file": "channels/amazon/stock-price-quantity.txt",
            }
            for sku, units in sellable.items()
        ],
        schema=OFFER_SCHEMA,
    )


def feed(con, night: date, tonight: pl.DataFrame, *, full_feed: bool = False) -> pl.DataFrame:
    """The night's oms.stock_feed rows, written as the asset writes them."""
    rows = run_sql_file(
        con,
        "stock_feeds/stock_feed",
        frames={"offers": tonight},
        params={"business_date": night, "full_feed": full_feed},
    )
    replace_partitions(con, night, {"stock_feed": rows}, run_id="test-run")
    return rows


def sent(rows: pl.DataFrame) -> dict[str, tuple[int | None, int]]:
    return {
        r["sku"]: (r["previous_sellable"], r["sellable"])
        for r in rows.filter("sent").iter_rows(named=True)
    }


def test_the_first_night_tells_every_sku(con):
    assert sent(feed(con, NIGHT_1, offers(**{"SKU-1": 5, "SKU-2": 0}))) == {
        "SKU-1": (None, 5),
        "SKU-2": (None, 0),
    }


def test_the_next_night_tells_only_the_skus_whose_quantity_changed(con):
    feed(con, NIGHT_1, offers(**{"SKU-1": 5, "SKU-2": 0}))
    rows = feed(con, NIGHT_2, offers(**{"SKU-1": 5, "SKU-2": 3}))
    assert sent(rows) == {"SKU-2": (0, 3)}
    unsent = rows.filter(~pl.col("sent"))
    assert unsent.select("sku", "previous_sellable", "file").rows() == [("SKU-1", 5, None)]


def test_a_full_feed_tells_every_sku_whether_or_not_it_changed(con):
    feed(con, NIGHT_1, offers(**{"SKU-1": 5, "SKU-2": 0}))
    rows = feed(con, NIGHT_2, offers(**{"SKU-1": 5, "SKU-2": 3}), full_feed=True)
    assert sent(rows) == {"SKU-1": (5, 5), "SKU-2": (0, 3)}


def test_a_re_run_compares_with_the_nights_before_it_not_with_its_own_first_run(con):
    feed(con, NIGHT_1, offers(**{"SKU-1": 5}))
    first = feed(con, NIGHT_2, offers(**{"SKU-1": 4}))
    again = feed(con, NIGHT_2, offers(**{"SKU-1": 4}))
    assert sent(first) == sent(again) == {"SKU-1": (5, 4)}


def test_the_changes_view_lists_what_was_told_and_by_how_much(con):
    feed(con, NIGHT_1, offers(**{"SKU-1": 5, "SKU-2": 0}))
    feed(con, NIGHT_2, offers(**{"SKU-1": 2, "SKU-2": 0}))
    changes = con.sql(
        "select business_date, sku, previous_sellable, sellable, change from oms.stock_feed_changes"
    ).fetchall()
    assert changes == [
        (NIGHT_1, "SKU-1", None, 5, 5),
        (NIGHT_1, "SKU-2", None, 0, 0),
        (NIGHT_2, "SKU-1", 5, 2, -3),
    ]


def violations(con) -> list[tuple]:
    rows = run_sql_file(con, "stock_feeds/check_within_atp", params={"business_date": NIGHT_1})
    return rows.select("channel", "sku", "offered", "atp").rows()


def test_the_check_passes_offers_within_atp_and_finds_one_above_it(con):
    replace_partitions(
        con,
        NIGHT_1,
        {"inventory_positions": positions(("WH-A", "SKU-1", 6, 0, 0))},
        run_id="test-run",
    )
    feed(con, NIGHT_1, offers(**{"SKU-1": 6}))
    assert violations(con) == []
    too_many = offers(**{"SKU-1": 6}).with_columns(sellable=pl.lit(7, pl.Int64))
    feed(con, NIGHT_1, too_many)
    assert violations(con) == [("amazon", "SKU-1", 7, 6)]


def test_the_check_finds_an_atp_above_what_the_warehouses_hold_after_allocation(con):
    replace_partitions(
        con,
        NIGHT_1,
        {
            "inventory_positions": positions(("WH-A", "SKU-1", 6, 0, 0)),
            "allocations": allocated(("WH-A", "SKU-1", 2)),
        },
        run_id="test-run",
    )
    feed(con, NIGHT_1, offers(**{"SKU-1": 6}))  # ATP 6 where 4 are left
    assert violations(con) == [("amazon", "SKU-1", 6, 6)]
