"""Every data row of every file ends somewhere: accepted, rejected, unchanged or structural."""

from pathlib import Path

import polars as pl
import pytest

from tests.ingest.conftest import (
    CHANNEL_FIXTURES,
    NIGHT,
    Landing,
    OrderBook,
    assert_rows_accounted_for,
)


@pytest.mark.parametrize("fixture", CHANNEL_FIXTURES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_each_fixture_accounts_for_every_row(landing: Landing, fixture: Path) -> None:
    result = OrderBook().apply(landing.read([landing.put_fixture(fixture)]))
    files = result.ingested_files
    assert files.height == 1
    assert files["file_rejected_reason"][0] is None
    assert files["rows_read"][0] > 0
    assert_rows_accounted_for(files)
    accepted_rows = result.order_lines.select("source_file", "source_row").unique().height
    assert files["lines_accepted"][0] == accepted_rows
    rejected_rows = (
        result.order_rejects.drop_nulls("source_row").select("source_row").unique().height
    )
    assert files["lines_rejected"][0] == rejected_rows


def test_all_fixtures_together_account_for_every_row(landing: Landing) -> None:
    files = [landing.put_fixture(f) for f in CHANNEL_FIXTURES]
    result = OrderBook().apply(landing.read(files))
    assert result.ingested_files.height == len(CHANNEL_FIXTURES)
    assert_rows_accounted_for(result.ingested_files)


def test_the_result_frames_have_exactly_the_ddl_columns(landing: Landing) -> None:
    ddl = Path(__file__).parents[2] / "sql" / "ingest"
    result = OrderBook().apply(landing.read([landing.put_fixture(f) for f in CHANNEL_FIXTURES]))
    for table in ("orders", "order_lines", "order_events", "order_rejects", "ingested_files"):
        text = (ddl / f"{table}.ddl.sql").read_text()
        body = text[text.index("(") + 1 : text.index(");")]
        columns = [line.split()[0] for line in body.strip().splitlines()]
        assert getattr(result, table).columns == columns, table


def test_placed_at_is_naive_utc(landing: Landing) -> None:
    batch = landing.read([landing.put_fixture(f) for f in CHANNEL_FIXTURES])
    assert batch.orders.schema["placed_at"] == pl.Datetime("us")
    assert batch.business_date == NIGHT


def test_a_file_rejected_whole_counts_its_rows_as_rejected(landing: Landing) -> None:
    """A file of the wrong layout is read, so its data rows are counted: all rejected with it."""
    wrong = landing.put(
        "shopify", "orders.csv", "Order,Item,Qty\n1001,MUG,1\n1002,MUG,2\n\n1003,CUP,1\n"
    )
    files = OrderBook().apply(landing.read([wrong])).ingested_files
    assert files.select("rows_read", "lines_rejected", "lines_accepted").row(0) == (3, 3, 0)
    assert files["file_rejected_reason"][0] is not None
    assert_rows_accounted_for(files)


def test_a_file_that_holds_no_rows_of_text_has_no_row_count(landing: Landing) -> None:
    """Binary data or a file refused at the landing area is never split into rows: its count is
    unknown (null), not zero."""
    binary = landing.put("amazon", "report.txt", b"PK\x03\x04" + bytes(200))
    files = OrderBook().apply(landing.read([binary])).ingested_files
    assert files.select("rows_read", "lines_rejected").row(0) == (None, 0)
