"""The shortcuts that keep a Black Friday night fast give the answers of the plain rules."""

from datetime import date

import polars as pl

from assets.ingest.readers.staging import with_order_values, with_run_head_values
from assets.ingest.timestamps import with_instant
from contracts.channel_formats.generic import LOCAL_FORMATS as ISO_LOCAL_FORMATS
from contracts.channel_formats.generic import OFFSET_FORMATS
from tests.ingest.conftest import Landing, generic_header
from tests.ingest.plain_rules import parse_instant, runs_of

HEADER = generic_header("channel_line_id") + "\n"
ADDRESS = "standard,Ava Smith,12 Main St,Springfield,IL,62701,US"


def _row(order_id: str, sku: str, line_id: str, quantity: str = "1") -> str:
    return f"{order_id},2026-09-17T14:03:22Z,{ADDRESS},{sku},{quantity},{line_id}\n"


def _feed(*rows: tuple[str, str, str]) -> str:
    """A generic feed of (order id, SKU, line id) rows."""
    return HEADER + "".join(_row(*row) for row in rows)


A1, A2, B1 = ("A", "MUG-BLU", "A-1"), ("A", "CAP-01", "A-2"), ("B", "TEE-M", "B-1")


def test_lines_of_an_order_listed_apart_still_form_one_order(landing: Landing) -> None:
    apart = _feed(A1, B1, A2)
    together = _feed(A1, A2, B1)
    batch = landing.read([landing.put("generic", "apart.csv", apart)])
    lines = batch.lines.filter(pl.col("channel_order_id") == "A")
    assert lines["line_no"].to_list() == [1, 2]
    assert lines["source_row"].to_list() == [1, 3]
    assert batch.orders["channel_order_id"].to_list() == ["A", "B"]
    other = Landing(landing.root.parent / "other")
    reference = other.read([other.put("generic", "together.csv", together)])
    assert batch.orders.sort("channel_order_id")["content_hash"].to_list() == (
        reference.orders.sort("channel_order_id")["content_hash"].to_list()
    )


def test_a_rejected_line_listed_apart_holds_its_whole_order(landing: Landing) -> None:
    content = _feed(A1, B1, ("A", "NOPE-1", "A-2"))
    batch = landing.read([landing.put("generic", "apart.csv", content)])
    assert batch.orders["channel_order_id"].to_list() == ["B"]
    rules = dict(batch.rejects.select("source_row", "rule").iter_rows())
    assert rules == {1: "order_held", 3: "unknown_sku"}


def test_an_earlier_copy_listed_apart_is_unchanged_when_the_later_copy_matches(
    landing: Landing,
) -> None:
    early = _feed(A1, B1, A2)
    late = _feed(A1, A2)
    files = [landing.put("generic", "1.csv", early), landing.put("generic", "2.csv", late)]
    batch = landing.read(files, day=date(2026, 9, 17))
    stats = {row["source_file"]: row for row in batch.file_stats.to_dicts()}
    assert [s["lines_unchanged"] for s in stats.values()] == [2, 0]
    assert batch.rejects.is_empty()
    assert batch.lines.filter(pl.col("channel_order_id") == "A")["source_file"].unique().len() == 1


def test_run_head_values_match_the_group_by_spread() -> None:
    frame = pl.DataFrame(
        {
            "name": ["#1", "#1", None, "#2", "#2", "#1"],
            "city": ["Boston", None, "Rome", None, "x", "Oslo"],
        }
    )
    values = {"_city": pl.col("city")}
    fast = with_run_head_values(frame, pl.col("name"), values)
    plain = with_order_values(frame, runs_of(pl.col("name")), values, first_row_only=True)
    assert fast["_city"].to_list() == plain["_city"].to_list()
    assert fast["_city"].to_list() == ["Boston", "Boston", "Rome", None, None, "Oslo"]


def test_timestamps_parsed_format_by_format_match_the_coalesced_parse() -> None:
    raw = [
        "2026-09-17T14:03:22Z",
        "2026-09-17 16:00:00+02:00",
        "2026-09-17T18:30:00",
        "2026-09-17",
        "17/09/2026",
        None,
        " 2026-09-17 09:00:00.25 UTC ",
    ]
    frame = pl.DataFrame({"raw": raw})
    formats = {"offset_formats": OFFSET_FORMATS, "local_formats": ISO_LOCAL_FORMATS}
    for zone in ("UTC", "America/New_York"):
        stepwise = with_instant(frame, "at", pl.col("raw"), local_time_zone=zone, **formats)
        coalesced = frame.select(at=parse_instant(pl.col("raw"), local_time_zone=zone, **formats))
        assert stepwise["at"].to_list() == coalesced["at"].to_list()
