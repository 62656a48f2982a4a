"""Returns as the merchant's operations team reads them: requests from the channels' reports,
parcels received by the returns desk, never more back than went out, restocked units on sale
again the next night, and the figures of the return views."""

from __future__ import annotations

import datetime as dt
import os
import re
from decimal import Decimal
from pathlib import Path

import polars as pl
import pytest

from assets.inventory.netting import net_positions
from assets.lifecycle.history import book_statuses
from assets.returns.files import header_key
from resources.warehouse import Warehouse, run_sql_file
from tests.returns.builders import (
    RETURN_NIGHT,
    amazon_report,
    land,
    receipts,
    rows,
    run_returns,
    shipped_order,
)

NEXT_NIGHT = RETURN_NIGHT + dt.timedelta(days=1)
MUG_RETURN = {
    "Order ID": "111-1",
    "Return request date": "21-Nov-2026",
    "Amazon RMA ID": "RMA1",
    "Merchant SKU": "MUG",
    "Return quantity": "2",
    "Return Reason": "CR-DEFECTIVE",
}


@pytest.fixture
def warehouse(tmp_path) -> Warehouse:
    warehouse = Warehouse(path=str(tmp_path / "warehouse.duckdb"), memory_limit="1GB", threads=1)
    shipped_order(warehouse, "111-1", [("MUG", 3, "12.50"), ("CUP", 1, "4.00")])
    return warehouse


def receipt(units: int, disposition: str, *, at: str = "2026-11-23T10:00:00+01:00") -> dict:
    return {
        "rma_id": "RMA1",
        "sku": "MUG",
        "qty_received": str(units),
        "disposition": disposition,
        "condition": "opened",
        "received_at": at,
    }


def test_headers_match_whatever_their_case_and_punctuation():
    assert {header_key(h) for h in ("Order ID", "order-id", "order_id", "ORDER ID")} == {"orderid"}


@pytest.mark.parametrize("hyphenated", [False, True], ids=["title-case", "hyphenated"])
def test_an_amazon_returns_report_becomes_a_request_for_the_order_line(
    tmp_path, warehouse, hyphenated
):
    land(
        tmp_path,
        "returns/requests",
        RETURN_NIGHT,
        "returns.txt",
        amazon_report([MUG_RETURN], hyphenated=hyphenated),
    )

    assert run_returns(tmp_path, warehouse, RETURN_NIGHT).success
    assert rows(
        warehouse,
        "select channel, rma_id, channel_order_id, line_no, quantity, reason_code, "
        "reason_code_norm, requested_at::date, status from oms.return_requests",
    ) == [
        (
            "amazon",
            "RMA1",
            "111-1",
            1,
            2,
            "CR-DEFECTIVE",
            "DEFECTIVE",
            dt.date(2026, 11, 21),
            "accepted",
        )
    ]


def test_a_generic_request_for_an_order_never_seen_is_kept_with_its_reason(tmp_path, warehouse):
    land(
        tmp_path,
        "returns/requests",
        RETURN_NIGHT,
        "shopify.csv",
        "channel,rma_id,order_id,sku,quantity,reason_code,requested_at\n"
        "shopify,R9,#404,MUG,1,SIZE_TOO_SMALL,2026-11-22\n",
    )

    assert run_returns(tmp_path, warehouse, RETURN_NIGHT).success
    [(status, reason)] = rows(warehouse, "select status, reason from oms.return_requests")
    assert status == "unknown_line"
    assert "shopify order #404" in reason


def test_a_report_landed_twice_is_applied_once_and_a_rerun_changes_nothing(tmp_path, warehouse):
    report = amazon_report([MUG_RETURN])
    land(tmp_path, "returns/requests", RETURN_NIGHT, "returns.txt", report)
    land(tmp_path, "returns/requests", NEXT_NIGHT, "returns-again.txt", report)
    land(tmp_path, "returns/receipts", RETURN_NIGHT, "desk.csv", receipts([receipt(2, "restock")]))
    land(tmp_path, "returns/receipts", NEXT_NIGHT, "desk.csv", receipts([receipt(2, "restock")]))

    for night in (RETURN_NIGHT, NEXT_NIGHT, NEXT_NIGHT):
        assert run_returns(tmp_path, warehouse, night).success
    assert rows(
        warehouse,
        "select business_date, 'request', status from oms.return_requests union all "
        "select business_date, 'receipt', status from oms.return_receipts order by all",
    ) == [
        (RETURN_NIGHT, "receipt", "accepted"),
        (RETURN_NIGHT, "request", "accepted"),
        (NEXT_NIGHT, "receipt", "duplicate"),
        (NEXT_NIGHT, "request", "duplicate"),
    ]


def test_a_line_never_receives_more_than_was_shipped(tmp_path, warehouse):
    land(tmp_path, "returns/requests", RETURN_NIGHT, "returns.txt", amazon_report([MUG_RETURN]))
    land(
        tmp_path,
        "returns/receipts",
        RETURN_NIGHT,
        "desk.csv",
        receipts([receipt(2, "restock"), receipt(2, "dispose", at="2026-11-23T11:00:00Z")]),
    )

    assert run_returns(tmp_path, warehouse, RETURN_NIGHT).success
    [accepted, refused] = rows(
        warehouse, "select status, reason from oms.return_receipts order by source_row"
    )
    assert accepted == ("accepted", None)
    assert refused[0] == "over_receipt"
    assert "shipped 3 units and 2 were received before this row, which adds 2" in refused[1]


def test_a_parcel_with_an_unknown_rma_and_no_order_is_unmatched(tmp_path, warehouse):
    land(tmp_path, "returns/receipts", RETURN_NIGHT, "desk.csv", receipts([receipt(1, "restock")]))

    assert run_returns(tmp_path, warehouse, RETURN_NIGHT).success
    assert rows(warehouse, "select rma_id, status from oms.receipts_without_request") == [
        ("RMA1", "unmatched")
    ]


@pytest.mark.parametrize(
    ("disposition", "returned", "available"), [("restock", 2, 7), ("dispose", 0, 5)]
)
def test_restocked_units_are_available_the_next_night_and_disposed_ones_are_not(
    tmp_path, warehouse, disposition, returned, available
):
    land(tmp_path, "returns/requests", RETURN_NIGHT, "returns.txt", amazon_report([MUG_RETURN]))
    land(
        tmp_path, "returns/receipts", RETURN_NIGHT, "desk.csv", receipts([receipt(2, disposition)])
    )
    assert run_returns(tmp_path, warehouse, RETURN_NIGHT).success

    with warehouse.connect() as con:
        restocked = run_sql_file(
            con, "inventory/returned_units", params={"business_date": NEXT_NIGHT}
        )
        two_nights_on = run_sql_file(
            con,
            "inventory/returned_units",
            params={"business_date": NEXT_NIGHT + dt.timedelta(days=1)},
        )
    snapshot = pl.DataFrame({"warehouse_id": ["WH1"], "sku": ["MUG"], "on_hand": [5]})
    no_rows = pl.DataFrame(schema={"warehouse_id": pl.String, "sku": pl.String})
    positions = net_positions(
        snapshot,
        no_rows.with_columns(reserved=pl.lit(0, pl.Int64)),
        no_rows.with_columns(units=pl.lit(0, pl.Int64)),
        restocked,
    )
    assert positions.select("on_hand", "returned_units", "safety_stock", "available").row(0) == (
        5,
        returned,
        0,
        available,
    )
    assert two_nights_on.height == 0, "from the night after, the snapshot counts them"


def test_the_views_give_the_return_rate_the_refund_owed_and_what_is_still_to_come(
    tmp_path, warehouse
):
    shipped_order(warehouse, "111-2", [("MUG", 1, "13.00")])
    second = MUG_RETURN | {
        "Order ID": "111-2",
        "Amazon RMA ID": "RMA2",
        "Return quantity": "1",
        "Return Reason": "CR-UNWANTED_ITEM",
    }
    land(
        tmp_path,
        "returns/requests",
        RETURN_NIGHT,
        "returns.txt",
        amazon_report([MUG_RETURN, second]),
    )
    land(tmp_path, "returns/receipts", RETURN_NIGHT, "desk.csv", receipts([receipt(2, "restock")]))
    assert run_returns(tmp_path, warehouse, RETURN_NIGHT).success

    assert rows(
        warehouse,
        "select channel, sku, units_shipped, units_requested, units_received, units_restocked, "
        "return_rate, main_reason from oms.return_rates",
    ) == [
        ("amazon", "CUP", 1, 0, 0, 0, None, None),
        ("amazon", "MUG", 4, 3, 2, 2, 0.75, "DEFECTIVE"),
    ]
    assert rows(warehouse, "select reason_code, units, share_of_units from oms.return_reasons") == [
        ("DEFECTIVE", 2, 0.6667),
        ("UNWANTED_ITEM", 1, 0.3333),
    ]
    assert rows(
        warehouse,
        "select channel_order_id, units_received, currency, refund_owed from oms.refunds_owed",
    ) == [("111-1", 2, "USD", Decimal("25.00"))]
    assert rows(
        warehouse, "select rma_id, units_outstanding, days_waiting from oms.requests_not_received"
    ) == [("RMA2", 1, 0)]


def test_a_line_received_back_is_returned_and_refunded_when_the_channel_says_so(
    tmp_path, warehouse
):
    refunded = MUG_RETURN | {"Refunded Amount": "25.00"}
    land(tmp_path, "returns/requests", RETURN_NIGHT, "returns.txt", amazon_report([refunded]))
    land(tmp_path, "returns/receipts", RETURN_NIGHT, "desk.csv", receipts([receipt(2, "restock")]))
    assert run_returns(tmp_path, warehouse, RETURN_NIGHT).success

    with warehouse.connect() as con:
        changes = run_sql_file(
            con,
            "lifecycle/status_changes",
            frames={"book_statuses": book_statuses()},
            params={"business_date": RETURN_NIGHT},
        )
    assert changes.select("line_no", "status", "source", "reason").rows() == [
        (1, "returned", "return_receipts", "2 unit(s) received back under RMA RMA1, restock"),
        (1, "refunded", "return_requests", "the channel refunded 25.00 under RMA RMA1"),
    ]


def test_the_return_queries_of_the_docs_run(tmp_path, warehouse):
    doc = (Path(__file__).resolve().parents[2] / "docs" / "lifecycle.md").read_text()
    section = doc.split("\n## Returns\n", 1)[1].split("\n## ", 1)[0]
    queries = re.findall(r"```sql\n(.*?)```", section, flags=re.DOTALL)
    land(tmp_path, "returns/requests", RETURN_NIGHT, "returns.txt", amazon_report([MUG_RETURN]))
    land(tmp_path, "returns/receipts", RETURN_NIGHT, "desk.csv", receipts([receipt(1, "restock")]))
    assert run_returns(tmp_path, warehouse, RETURN_NIGHT).success

    answers = [rows(warehouse, query) for query in queries]
    assert len(queries) == 4
    assert answers[1] == [("USD", Decimal("12.50"), 1)]
    assert answers[2] == [("amazon", "RMA1", "111-1", "MUG", 1, 0)]


def test_a_file_that_cannot_be_used_is_one_row_with_why_and_none_of_its_content(
    tmp_path, warehouse
):
    land(tmp_path, "returns/requests", RETURN_NIGHT, "notes.csv", "secret-column\nsecret-value\n")
    folder = tmp_path / "returns/receipts" / RETURN_NIGHT.isoformat()
    folder.mkdir(parents=True)
    os.mkfifo(folder / "pipe.csv")

    assert run_returns(tmp_path, warehouse, RETURN_NIGHT).success
    found = rows(
        warehouse,
        "select source_file, status, reason from oms.return_requests union all "
        "select source_file, status, reason from oms.return_receipts order by all",
    )
    assert [(file, status) for file, status, _ in found] == [
        ("returns/receipts/2026-11-23/pipe.csv", "unreadable_file"),
        ("returns/requests/2026-11-23/notes.csv", "unreadable_file"),
    ]
    assert "named pipe" in found[0][2]
    assert "no column channel, rma_id, order_id" in found[1][2] and "secret" not in found[1][2]
