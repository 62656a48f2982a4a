"""A line repeated byte for byte (same line id, same everything) is one line: the repeat is
recorded once, with a reason, and the order goes on; only a conflicting duplicate holds it."""

from pathlib import Path

import polars as pl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.ingest.conftest import (
    FIXTURES,
    GENERIC_LINES_HEADER,
    Landing,
    OrderBook,
    assert_rows_accounted_for,
    generic_line,
)
from tests.ingest.test_validation_rules import _rejects


def test_a_byte_identical_repeated_line_counts_once(landing: Landing) -> None:
    batch, rejects = _rejects(landing, generic_line(), generic_line())
    assert batch.orders["channel_order_id"].to_list() == ["G-1"]
    assert batch.lines.select("channel_line_id", "quantity").rows() == [("L1", 1)]
    assert [(r["source_row"], r["rule"]) for r in rejects] == [(2, "repeated_line")]
    assert "row 2 repeats row 1" in rejects[0]["reason"]
    assert "line id 'L1'" in rejects[0]["reason"]
    assert rejects[0]["original_values"] is not None


def test_a_repeated_line_is_accounted_for_in_its_file(landing: Landing) -> None:
    batch, _ = _rejects(
        landing, generic_line(), generic_line(), generic_line(channel_line_id="L2", sku="TEE-M")
    )
    result = OrderBook().apply(batch)
    files = result.ingested_files
    assert_rows_accounted_for(files)
    assert files.select("rows_read", "lines_accepted", "lines_rejected").rows() == [(3, 2, 1)]
    assert result.order_lines["line_no"].to_list() == [1, 2]


def test_a_conflicting_duplicate_still_holds_the_order(landing: Landing) -> None:
    _, rejects = _rejects(landing, generic_line(), generic_line(), generic_line(quantity="2"))
    assert [(r["source_row"], r["rule"]) for r in rejects] == [
        (1, "order_held"),
        (2, "repeated_line"),
        (3, "duplicate_line"),
    ]


def test_rows_that_differ_in_a_column_we_do_not_read_are_not_repeats(landing: Landing) -> None:
    header = GENERIC_LINES_HEADER.strip() + ",note\n"
    rows = generic_line().strip() + ",gift wrap\n" + generic_line().strip() + ",no wrap\n"
    batch = landing.read([landing.put("generic", "orders.csv", header + rows)])
    assert batch.rejects.sort("source_row")["rule"].to_list() == ["order_held", "duplicate_line"]
    assert batch.orders.is_empty()


def test_an_ebay_row_exported_twice_is_one_line(landing: Landing) -> None:
    report = (FIXTURES / "ebay" / "eBay-OrdersReport-comma-preamble.csv").read_text()
    lines = report.split("\n")
    (row,) = [n for n, line in enumerate(lines) if line.startswith("1004,")]
    lines.insert(row + 1, lines[row])
    batch = landing.read([landing.put("ebay", "report.csv", "\n".join(lines))])
    result = OrderBook().apply(batch)
    assert result.orders["channel_order_id"].to_list() == ["12-34567-89014"]
    assert result.order_lines.select("channel_line_id", "quantity").rows() == [("2000000000009", 1)]
    assert result.order_rejects.select("source_row", "rule").rows() == [(2, "repeated_line")]
    assert_rows_accounted_for(result.ingested_files)
    assert pl.Series(result.order_rejects["reason"]).str.contains("repeats row 1").all()


# A night's rows as (order, line id, quantity); each row may be followed by exact repeats.
night_rows = st.lists(
    st.tuples(
        st.sampled_from(["G-1", "G-2", "G-3"]),
        st.sampled_from(["L1", "L2"]),
        st.integers(1, 3),
        st.integers(0, 2),  # exact repeats right after the row
    ),
    min_size=1,
    max_size=8,
)


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(rows=night_rows)
def test_repeats_never_add_a_line_nor_lose_a_row(
    tmp_path_factory: pytest.TempPathFactory, rows: list[tuple[str, str, int, int]]
) -> None:
    """Whatever the mix of repeats and conflicts: every row is accepted or rejected with a
    reason; an order's lines are its distinct (line id, quantity) rows, never a repeat twice;
    and an order with the same line id at two quantities is held, not half-taken."""
    landing = Landing(Path(tmp_path_factory.mktemp("repeats")))
    written = [
        (order, line, quantity)
        for order, line, quantity, repeats in rows
        for _ in range(1 + repeats)
    ]
    body = "".join(
        generic_line(channel_order_id=order, channel_line_id=line, quantity=str(quantity))
        for order, line, quantity in written
    )
    batch = landing.read([landing.put("generic", "orders.csv", GENERIC_LINES_HEADER + body)])
    result = OrderBook().apply(batch)
    assert_rows_accounted_for(result.ingested_files)
    rows_seen = set(result.order_lines["source_row"]) | set(result.order_rejects["source_row"])
    assert rows_seen == set(range(1, len(written) + 1))
    assert result.order_rejects["reason"].is_not_null().all()
    for order in {o for o, _, _ in written}:
        distinct = {(line, q) for o, line, q in written if o == order}
        got = result.order_lines.filter(pl.col("channel_order_id") == order)
        conflicting = len({line for line, _ in distinct}) < len(distinct)
        if conflicting:
            assert got.is_empty()
        else:
            assert sorted(got.select("channel_line_id", "quantity").rows()) == sorted(distinct)
