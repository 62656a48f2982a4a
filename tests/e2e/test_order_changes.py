"""Changed, cancelled and re-exported orders: every unit ordered ships at most once, and the
first run of a night is the answer every re-run gives (docs/allocation.md, "When an order
changes")."""

from __future__ import annotations

import polars as pl
import pytest

from tests.e2e.histories import Line, Night, history_site, land, night_date, shipment_id
from tests.e2e.nights import TABLE_KEYS, published_table, run_night

pytestmark = pytest.mark.e2e

FIRST, SECOND = night_date(0), night_date(1)


def run_history(tmp_path, *nights: Night):
    site = history_site(tmp_path / "site")
    for number, night in enumerate(nights):
        land(site, night_date(number), night)
        run_night(site, night_date(number))
    return site


def shipped_then_changed(tmp_path, first: Line, then: Line):
    """Order A allocated on the first night; on the second the carrier confirms its shipment
    and the shop exports the order again as `then`."""
    return run_history(tmp_path, Night([first]), Night([then], confirm=[(FIRST, "A")]))


def allocated(site, order: str, business_date=None) -> int:
    rows = published_table(site, "allocations").filter(pl.col("channel_order_id") == order)
    if business_date is not None:
        rows = rows.filter(pl.col("business_date") == business_date)
    return int(rows["quantity"].sum())


def exceptions(site, order: str) -> list[str]:
    rows = published_table(site, "order_exceptions").filter(pl.col("channel_order_id") == order)
    return rows["exception"].to_list()


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


def test_an_order_edited_after_it_shipped_is_sent_only_the_added_units(tmp_path):
    site = shipped_then_changed(tmp_path, Line("A", 2), Line("A", 3))
    assert allocated(site, "A", FIRST) == 2
    assert allocated(site, "A", SECOND) == 1
    assert exceptions(site, "A") == []


def test_a_payment_change_after_shipping_sends_nothing_again(tmp_path):
    site = shipped_then_changed(tmp_path, Line("A", 2, is_paid=False), Line("A", 2, is_paid=True))
    assert allocated(site, "A") == 2
    assert allocated(site, "A", SECOND) == 0


def test_an_address_edited_after_shipping_is_an_exception_not_a_second_parcel(tmp_path):
    site = shipped_then_changed(tmp_path, Line("A", 2), Line("A", 2, address1="99 Other Rd"))
    assert allocated(site, "A", SECOND) == 0
    assert exceptions(site, "A") == ["address_changed_after_allocation"]


def test_a_quantity_lowered_below_what_shipped_is_an_exception_not_a_negative_parcel(tmp_path):
    site = shipped_then_changed(tmp_path, Line("A", 3), Line("A", 1))
    assert allocated(site, "A", SECOND) == 0
    assert exceptions(site, "A") == ["quantity_below_allocated"]
    reason = published_table(site, "order_exceptions")["reason"].item()
    assert "3 units" in reason and "1" in reason and shipment_id(FIRST, "A") in reason


def test_units_allocated_but_not_yet_shipped_stay_with_the_order_when_it_changes(tmp_path):
    site = run_history(
        tmp_path,
        Night([Line("A", 2)], on_hand=10),
        Night([Line("A", 3)], on_hand=10),
    )
    assert allocated(site, "A", SECOND) == 1
    positions = published_table(site, "inventory_positions").filter(
        pl.col("business_date") == SECOND
    )
    assert positions["reserved"].to_list() == [2]


def test_only_the_edited_line_of_an_order_with_line_ids_gets_more_units(tmp_path):
    site = run_history(
        tmp_path,
        Night([Line("A", 1, line_id="A-1"), Line("A", 1, line_id="A-2")]),
        Night([Line("A", 1, line_id="A-1"), Line("A", 4, line_id="A-2")], confirm=[(FIRST, "A")]),
    )
    tonight = published_table(site, "allocations").filter(pl.col("business_date") == SECOND)
    assert tonight.select("line_no", "quantity").rows() == [(2, 3)]


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


def test_an_order_reopened_after_its_cancellation_asks_again_for_what_was_released(tmp_path):
    site = run_history(
        tmp_path,
        Night([Line("A", 2)], on_hand=2),
        Night([Line("A", 2, status="cancelled")], on_hand=2),
        Night([Line("A", 2)], on_hand=2),
    )
    assert allocated(site, "A", night_date(2)) == 2
    positions = published_table(site, "inventory_positions").filter(
        pl.col("business_date") == night_date(2)
    )
    assert positions["reserved"].to_list() == [0]
