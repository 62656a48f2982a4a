"""Changed, cancelled and re-exported orders: every unit ordered ships at most once, and the
first run of a night is the answer every re-run gives (docs/allocation.md, "When an order
changes")."""

from __future__ import annotations

import polars as pl
import pytest

from tests.e2e.histories import Line, Night, history_site, land, night_date
from tests.e2e.nights import TABLE_KEYS, published_table, run_night

pytestmark = pytest.mark.e2e

FIRST, SECOND = night_date(0), night_date(1)


def run_history(tmp_path, *nights: Night):
    site = history_site(tmp_path / "site")
    for number, night in enumerate(nights):
        land(site, night_date(number), night)
        run_night(site, night_date(number))
    return site


def allocated(site, order: str, business_date=None) -> int:
    rows = published_table(site, "allocations").filter(pl.col("channel_order_id") == order)
    if business_date is not None:
        rows = rows.filter(pl.col("business_date") == business_date)
    return int(rows["quantity"].sum())


def test_an_order_cancelled_tonight_frees_its_units_for_tonights_queue_on_the_first_run(tmp_path):
    site = run_history(
        tmp_path,
        Night([Line("A", 3)], on_hand=3),
        Night([Line("A", 3, status="cancelled"), Line("B", 3, placed_on=SECOND)], on_hand=3),
    )
    assert allocated(site, "A") == 3
    assert allocated(site, "B", SECOND) == 3
    first_run = {table: published_table(site, table) for table in TABLE_KEYS}
    run_night(site, SECOND)
    for table, frame in first_run.items():
        assert published_table(site, table).equals(frame), table


def test_a_cancelled_order_releases_units_allocated_but_not_shipped(tmp_path):
    site = run_history(
        tmp_path,
        Night([Line("A", 2)], on_hand=2),
        Night([Line("A", 2, status="cancelled")], on_hand=2),
    )
    positions = published_table(site, "inventory_positions").filter(
        pl.col("business_date") == SECOND
    )
    assert positions["reserved"].to_list() == [0]
    assert positions["available"].to_list() == [2]
