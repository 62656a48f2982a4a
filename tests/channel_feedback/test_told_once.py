"""Each confirmed package is told to its channel once and in full: across nights, re-runs,
backfills, late and repeated confirmations and orders shipped in parts."""

import datetime as dt

from resources.warehouse import replace_partitions
from tests.channel_feedback.builders import (
    NEXT_NIGHT,
    SHIP_NIGHT,
    check_violations,
    confirm,
    insert,
    one_mug_shipped,
    order,
    pending,
    ship,
    tell,
    told,
    warehouse,
)

THIRD_NIGHT = NEXT_NIGHT + dt.timedelta(days=1)
FOURTH_NIGHT = NEXT_NIGHT + dt.timedelta(days=2)


def test_a_confirmed_package_is_told_per_order_line_with_its_line_id_and_units():
    con = warehouse()
    order(con, "111-1", [("MUG", 2, "OI-1"), ("LAMP", 1, "OI-2")])
    ship(con, "111-1", "S1", [(1, "MUG", 2), (2, "LAMP", 1)], [[("MUG", 2), ("LAMP", 1)]])
    confirm(con, "S1", "1Z1")

    ledger = tell(con, NEXT_NIGHT)

    assert told(ledger) == [("S1-1", 1, 2, "1Z1"), ("S1-1", 2, 1, "1Z1")]
    assert ledger["channel_line_id"].to_list() == ["OI-1", "OI-2"]
    assert ledger["ship_date"].to_list() == [SHIP_NIGHT, SHIP_NIGHT]
    assert ledger["order_complete"].to_list() == [True, True]
    assert ledger["file"].unique().to_list() == ["channels/amazon/shipping-confirmation.txt"]


def test_a_line_split_over_two_packages_is_told_per_package_with_the_units_in_each():
    con = warehouse()
    order(con, "111-1", [("MUG", 5, "OI-1")])
    ship(con, "111-1", "S1", [(1, "MUG", 5)], [[("MUG", 3)], [("MUG", 2)]])
    confirm(con, "S1", "1Z1")

    assert told(tell(con, NEXT_NIGHT)) == [("S1-1", 1, 3, "1Z1"), ("S1-2", 1, 2, "1Z1")]


def test_a_sku_on_two_lines_fills_them_in_line_order_across_packages():
    con = warehouse()
    order(con, "111-1", [("MUG", 2, "OI-1"), ("MUG", 3, "OI-2")])
    ship(con, "111-1", "S1", [(1, "MUG", 2), (2, "MUG", 3)], [[("MUG", 4)], [("MUG", 1)]])
    confirm(con, "S1", "1Z1")

    assert told(tell(con, NEXT_NIGHT)) == [
        ("S1-1", 1, 2, "1Z1"),
        ("S1-1", 2, 2, "1Z1"),
        ("S1-2", 2, 1, "1Z1"),
    ]


def test_a_kit_line_is_told_whole_as_ordered_with_the_first_package_of_its_components():
    con = warehouse()
    order(con, "111-1", [("GIFTSET", 2, "OI-1")])
    ship(con, "111-1", "S1", [], [[("MUG", 2)], [("LAMP", 2)]])
    kit = {"business_date": SHIP_NIGHT, "channel": "amazon", "channel_order_id": "111-1"}
    kit |= {"version": 1, "line_no": 1, "ordered_sku": "GIFTSET", "ordered_units": 2}
    kit |= {"warehouse_id": "WH1", "quantity": 2, "shipment_id": "S1"}
    insert(con, "allocations", [kit | {"sku": "MUG"}, kit | {"sku": "LAMP"}])
    confirm(con, "S1", "1Z1")

    ledger = tell(con, NEXT_NIGHT)

    assert told(ledger) == [("S1-1", 1, 2, "1Z1")]
    assert ledger["sku"].to_list() == ["GIFTSET"]
    assert ledger["order_complete"].to_list() == [True]


def test_a_rerun_of_a_night_tells_the_same_again_and_keeps_one_row_per_package_line():
    con = one_mug_shipped()
    confirm(con, "S1", "1Z1")

    first = tell(con, NEXT_NIGHT)
    again = tell(con, NEXT_NIGHT)

    assert again.equals(first)
    assert check_violations(con).height == 0


def test_a_package_told_on_one_night_is_not_told_on_the_next():
    con = one_mug_shipped()
    confirm(con, "S1", "1Z1")
    tell(con, NEXT_NIGHT)

    assert tell(con, THIRD_NIGHT).height == 0
    assert pending(con).height == 0


def test_a_confirmation_arriving_twice_is_told_once():
    con = one_mug_shipped()
    confirm(con, "S1", "1Z1")
    confirm(con, "S1", "1Z1", night=THIRD_NIGHT, status="duplicate")

    assert told(tell(con, NEXT_NIGHT)) == [("S1-1", 1, 1, "1Z1")]
    assert tell(con, THIRD_NIGHT).height == 0
    assert check_violations(con).height == 0


def test_a_confirmation_a_backfill_applies_again_on_an_earlier_night_is_not_told_again():
    con = one_mug_shipped()
    confirm(con, "S1", "1Z1", night=THIRD_NIGHT)
    tell(con, THIRD_NIGHT)
    confirm(con, "S1", "1Z1", night=NEXT_NIGHT)  # the same file landed again, earlier

    assert tell(con, NEXT_NIGHT).height == 0
    assert told(tell(con, THIRD_NIGHT)) == [("S1-1", 1, 1, "1Z1")]
    assert check_violations(con).height == 0


def test_a_confirmation_of_a_night_that_was_not_told_is_told_by_the_next_night_run():
    con = one_mug_shipped()
    confirm(con, "S1", "1Z1", night=NEXT_NIGHT)

    assert pending(con)["package_id"].to_list() == ["S1-1"]
    assert told(tell(con, THIRD_NIGHT)) == [("S1-1", 1, 1, "1Z1")]
    assert pending(con).height == 0


def test_a_confirmation_dated_after_the_night_is_left_for_its_own_night():
    con = one_mug_shipped()
    confirm(con, "S1", "1Z1", night=THIRD_NIGHT)

    assert tell(con, NEXT_NIGHT).height == 0
    assert told(tell(con, THIRD_NIGHT)) == [("S1-1", 1, 1, "1Z1")]


def test_an_order_shipped_in_two_parts_is_told_per_part_and_complete_with_the_last():
    con = warehouse()
    order(con, "7001", [("MUG", 1, None), ("LAMP", 2, None)], channel="woocommerce")
    ship(con, "7001", "S1", [(1, "MUG", 1)], [[("MUG", 1)]], channel="woocommerce")
    ship(con, "7001", "S2", [(2, "LAMP", 2)], [[("LAMP", 2)]], channel="woocommerce")
    confirm(con, "S1", "1Z1", night=NEXT_NIGHT)
    confirm(con, "S2", "1Z2", night=THIRD_NIGHT)

    first, second = tell(con, NEXT_NIGHT), tell(con, THIRD_NIGHT)

    assert told(first) == [("S1-1", 1, 1, "1Z1")]
    assert first["order_complete"].to_list() == [False]
    assert told(second) == [("S2-1", 2, 2, "1Z2")]
    assert second["order_complete"].to_list() == [True]
    assert tell(con, FOURTH_NIGHT).height == 0


def test_the_check_lists_a_package_line_told_on_two_nights():
    con = one_mug_shipped()
    confirm(con, "S1", "1Z1")
    replace_partitions(
        con, FOURTH_NIGHT, {"channel_feedback": tell(con, NEXT_NIGHT)}, run_id="test-run"
    )

    assert check_violations(con).select("package_id", "line_no", "times_told").rows() == [
        ("S1-1", 1, 2)
    ]
