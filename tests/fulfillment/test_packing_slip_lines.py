"""Packing slip lines: every line of a shipment's order, as the allocation tables hold it."""

import datetime as dt

import polars as pl

from assets.fulfillment.packing_slip_lines import build_packing_slip_lines
from contracts.tables import table_schema

NIGHT = dt.date(2026, 11, 20)


def allocations(*rows: tuple) -> pl.DataFrame:
    """(line_no, ordered_sku, ordered_units, sku, warehouse_id, quantity) rows of order A1."""
    frame = pl.DataFrame(
        rows,
        schema=["line_no", "ordered_sku", "ordered_units", "sku", "warehouse_id", "quantity"],
        orient="row",
    )
    return frame.with_columns(
        business_date=pl.lit(NIGHT),
        channel=pl.lit("web"),
        channel_order_id=pl.lit("A1"),
        version=pl.lit(1),
        shipment_id=pl.format("SH-{}", "warehouse_id"),
        zone=pl.lit("2"),
    ).select(table_schema("allocations").keys())


def backorders(*rows: tuple) -> pl.DataFrame:
    """(line_no, sku, quantity) rows still owed on order A1."""
    return pl.DataFrame(
        [
            (NIGHT, "web", "A1", 1, line, sku, units, dt.datetime(2026, 11, 19), "standard", NIGHT)
            for line, sku, units in rows
        ],
        schema=table_schema("backorders"),
        orient="row",
    )


def packages(*rows: tuple) -> pl.DataFrame:
    """(shipment_id, package_no, sku) rows."""
    return pl.DataFrame(rows, schema=["shipment_id", "package_no", "sku"], orient="row")


SKUS = pl.DataFrame({"sku": ["KIT", "MUG"], "description": ["Gift kit", "Mug"]})


def statuses(lines: pl.DataFrame) -> list[tuple]:
    return lines.select(
        "shipment_id",
        "line_no",
        "ordered_units",
        "packed_units",
        "packages",
        "other_warehouse_units",
        "other_warehouses",
        "backordered_units",
    ).rows()


def test_a_kit_counts_in_kit_units_once_however_many_components_it_has():
    lines = build_packing_slip_lines(
        allocations((1, "KIT", 2, "CUP", "WH1", 2), (1, "KIT", 2, "LID", "WH1", 4)),
        backorders(),
        packages(("SH-WH1", 1, "CUP"), ("SH-WH1", 2, "LID")),
        SKUS,
    )

    assert statuses(lines) == [("SH-WH1", 1, 2, 2, "1 2", 0, None, 0)]
    assert lines["description"].to_list() == ["Gift kit"]


def test_each_shipment_of_a_split_order_lists_every_line_and_who_ships_the_rest():
    lines = build_packing_slip_lines(
        allocations((1, "MUG", 3, "MUG", "WH1", 3), (1, "MUG", 1, "MUG", "WH2", 1)),
        backorders((1, "MUG", 2), (2, "KIT", 1)),
        packages(("SH-WH1", 1, "MUG"), ("SH-WH2", 1, "MUG")),
        SKUS,
    )

    assert statuses(lines) == [
        ("SH-WH1", 1, 6, 3, "1", 1, "WH2", 2),
        ("SH-WH1", 2, 1, 0, None, 0, None, 1),
        ("SH-WH2", 1, 6, 1, "1", 3, "WH1", 2),
        ("SH-WH2", 2, 1, 0, None, 0, None, 1),
    ]
