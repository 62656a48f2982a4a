"""The status history of order lines, night by night, from what each stage wrote."""

from __future__ import annotations

from tests.lifecycle.book import NIGHT_1, NIGHT_2, NIGHT_3, Book


def test_a_line_allocated_and_picked_is_shipped_the_night_its_confirmation_arrives():
    book = Book()
    book.allocated_and_picked(NIGHT_1, "#1001")
    book.run(NIGHT_1)
    book.confirm(NIGHT_2, "#1001", allocated_on=NIGHT_1)
    (shipped,) = book.run(NIGHT_2).to_dicts()

    assert book.statuses("#1001") == ["received", "allocated", "picked", "shipped"]
    assert shipped["previous_status"] == "picked"
    assert shipped["source"] == "shipment_confirmations"
    assert "tracking 1Z#1001" in shipped["reason"]


def test_a_night_passes_a_line_through_its_steps_in_the_order_the_night_runs_them():
    book = Book()
    book.allocated_and_picked(NIGHT_1, "#1002")
    night = book.run(NIGHT_1)

    assert night["sequence"].to_list() == [1, 2, 3]
    assert night["previous_status"].to_list() == [None, "received", "allocated"]
    assert "pick list PL-#1002, carrier manifest MF-WH1-UPS" in night["reason"][2]


def test_a_backordered_line_is_allocated_the_night_stock_comes_and_stays_quiet_in_between():
    book = Book()
    book.order(NIGHT_1, "#1003")
    book.decide(NIGHT_1, "#1003", allocated=0, rule="out_of_stock")
    book.run(NIGHT_1)
    book.decide(NIGHT_2, "#1003", allocated=0, rule="out_of_stock")
    assert book.run(NIGHT_2).is_empty()
    book.decide(NIGHT_3, "#1003")
    book.run(NIGHT_3)

    assert book.statuses("#1003") == ["received", "backordered", "allocated"]
    assert book.history()["business_date"].to_list()[-1] == NIGHT_3


def test_a_partly_allocated_line_ends_the_night_backordered_for_the_units_still_owed():
    book = Book()
    book.order(NIGHT_1, "#1004")
    book.decide(NIGHT_1, "#1004", ordered=5, allocated=2, rule="partial")
    book.pick(NIGHT_1, "#1004")
    night = book.run(NIGHT_1)

    assert night["status"].to_list() == ["received", "allocated", "picked", "backordered"]
    assert night["reason"][-1] == "3 of 5 units still owed at the end of the night"


def test_an_unpaid_order_is_held_until_a_paid_version_is_allocated():
    book = Book()
    book.order(NIGHT_1, "#1005")
    book.decide(NIGHT_1, "#1005", allocated=0, rule="held_unpaid")
    book.run(NIGHT_1)
    book.order(NIGHT_2, "#1005", version=2)
    book.decide(NIGHT_2, "#1005")
    book.run(NIGHT_2)

    assert book.statuses("#1005") == ["received", "held", "allocated"]


def test_a_shipment_nobody_can_deliver_holds_its_lines_with_the_reason():
    book = Book()
    book.order(NIGHT_1, "#1006")
    book.decide(NIGHT_1, "#1006")
    book.hold_shipment(NIGHT_1, "#1006", "recipient name missing")
    night = book.run(NIGHT_1)

    assert night["status"].to_list() == ["received", "allocated", "held"]
    assert night["reason"][-1].endswith("held at WH1: recipient name missing")


def test_an_order_cancelled_after_allocation_is_cancelled():
    book = Book()
    book.order(NIGHT_1, "#1007", lines=2)
    for line_no in (1, 2):
        book.decide(NIGHT_1, "#1007", line_no)
    book.pick(NIGHT_1, "#1007")
    book.run(NIGHT_1)
    book.order(NIGHT_2, "#1007", lines=2, version=2, status="cancelled")
    book.run(NIGHT_2)

    assert book.statuses("#1007", 2) == ["received", "allocated", "picked", "cancelled"]
    assert book.now("#1007")["order_status"].to_list() == ["cancelled", "cancelled"]


def test_an_address_changed_after_allocation_is_an_exception_on_every_line_of_the_order():
    book = Book()
    book.order(NIGHT_1, "#1012", lines=2)
    for line_no in (1, 2):
        book.decide(NIGHT_1, "#1012", line_no)
    book.run(NIGHT_1)
    book.order(NIGHT_2, "#1012", lines=2, version=2)
    book.exception(NIGHT_2, "#1012", version=2, line_key=None)
    night = book.run(NIGHT_2)

    assert night["status"].to_list() == ["exception", "exception"]
    assert night["previous_status"].to_list() == ["allocated", "allocated"]
    assert night["reason"][0].startswith("address_changed_after_allocation: the address changed")


def test_a_line_gone_from_a_later_version_is_cancelled():
    book = Book()
    book.order(NIGHT_1, "#1008", lines=2)
    book.run(NIGHT_1)
    book.order(NIGHT_2, "#1008", lines=1, version=2)
    (gone,) = book.run(NIGHT_2).to_dicts()

    assert (gone["line_no"], gone["status"]) == (2, "cancelled")
    assert book.statuses("#1008", 1) == ["received"]


def test_rejected_rows_reject_their_line_and_hold_the_others_until_the_order_gets_in():
    book = Book()
    book.reject(NIGHT_1, "#1009", "unknown_sku", "order_held")
    night = book.run(NIGHT_1)
    assert night["status"].to_list() == ["rejected", "held"]
    assert night["reason"][0] == "unknown_sku: row 1 broke unknown_sku"

    book.order(NIGHT_2, "#1009", lines=2)
    for line_no in (1, 2):
        book.decide(NIGHT_2, "#1009", line_no)
    book.run(NIGHT_2)
    assert book.statuses("#1009", 1) == ["rejected", "received", "allocated"]
    assert book.statuses("#1009", 2) == ["held", "allocated"]


def test_a_rejected_later_copy_does_not_undo_what_the_accepted_version_did():
    book = Book()
    book.order(NIGHT_1, "#1010")
    book.decide(NIGHT_1, "#1010")
    book.run(NIGHT_1)
    book.reject(NIGHT_2, "#1010", "bad_quantity")

    assert book.run(NIGHT_2).is_empty()


def test_an_order_stands_where_its_line_furthest_behind_stands():
    book = Book()
    book.order(NIGHT_1, "#1128", lines=3)
    book.decide(NIGHT_1, "#1128", 1)
    book.decide(NIGHT_1, "#1128", 2, allocated=0, rule="out_of_stock")
    book.pick(NIGHT_1, "#1128")
    book.run(NIGHT_1)
    book.order(NIGHT_2, "#1128", lines=2, version=2)
    book.confirm(NIGHT_2, "#1128", allocated_on=NIGHT_1)
    book.run(NIGHT_2)
    now = book.now("#1128")

    assert now["status"].to_list() == ["shipped", "backordered", "cancelled"]
    assert set(now["order_status"]) == {"backordered"}
    assert set(now["order_lines_by_status"]) == {"1 backordered, 1 shipped, 1 cancelled"}
    assert now["status_since"].to_list() == [NIGHT_2, NIGHT_1, NIGHT_2]


def test_rerunning_a_night_writes_the_same_rows_and_never_duplicates_them():
    book = Book()
    book.allocated_and_picked(NIGHT_1, "#1011")
    book.run(NIGHT_1)
    book.confirm(NIGHT_2, "#1011", allocated_on=NIGHT_1)
    first = book.run(NIGHT_2)
    history = book.history()

    assert book.run(NIGHT_2).equals(first)
    assert book.run(NIGHT_1).height == 3
    assert book.history().equals(history)
