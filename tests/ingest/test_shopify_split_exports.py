"""A large Shopify export arrives in parts (`orders_export_1.csv`, `_2.csv`, …) cut at a row count,
so an order can start in one part and go on in the next (docs: CHANNEL-FORMATS §1)."""

from datetime import timedelta
from itertools import pairwise
from pathlib import Path

import polars as pl

from assets.ingest.split_exports import exports_of
from contracts.landing_file import LandingFile
from tests.ingest.conftest import (
    FIXTURES,
    NIGHT,
    Landing,
    OrderBook,
    assert_rows_accounted_for,
)

EXPORT = FIXTURES / "shopify" / "orders_export_1.csv"


def _parts(cuts: list[int]) -> list[str]:
    """The fixture export cut into parts before the given data rows, each with the header."""
    rows = pl.read_csv(EXPORT, infer_schema=False)
    bounds = [0, *cuts, rows.height]
    return [rows.slice(a, b - a).write_csv() for a, b in pairwise(bounds)]


def _land_parts(
    landing: Landing, parts: list[str], *, landed: tuple[int, ...] | None = None
) -> list[LandingFile]:
    """Land the parts as `orders_export_<n>.csv`: all of them, or only the numbers `landed`."""
    return [
        landing.put("shopify", f"orders_export_{n}.csv", part)
        for n, part in enumerate(parts, start=1)
        if landed is None or n in landed
    ]


def test_an_order_cut_between_two_parts_is_read_whole(landing: Landing) -> None:
    # #1001 has three lines: MUG-BLU and TEE-M in part 1, SHRIMP-1 at the top of part 2, where
    # Shopify leaves the order fields (address, shipping method, status) empty.
    files = _land_parts(landing, _parts([2]))
    batch = landing.read(files)

    lines = batch.lines.filter(pl.col("channel_order_id") == "#1001")
    assert lines["sku"].to_list() == ["MUG-BLU", "TEE-M", "SHRIMP-1"]
    assert lines["line_no"].to_list() == [1, 2, 3]
    assert lines.select("source_file", "source_row").rows() == [
        (files[0].relative_path, 1),
        (files[0].relative_path, 2),
        (files[1].relative_path, 1),
    ]
    order = batch.orders.filter(pl.col("channel_order_id") == "#1001").to_dicts()
    assert len(order) == 1
    assert (order[0]["ship_city"], order[0]["service_level"]) == ("Boston", "standard")
    assert batch.rejects.is_empty()


def test_a_split_export_reads_like_the_same_export_in_one_file(landing: Landing) -> None:
    whole = landing.read([landing.put("shopify", "orders_export.csv", EXPORT.read_bytes())])
    other = Landing(landing.root.parent / "split")
    split = other.read(_land_parts(other, _parts([2, 4, 7])))

    def comparable(frame: pl.DataFrame) -> pl.DataFrame:
        return frame.drop("source_file", "source_row", "content_hash", strict=False)

    assert comparable(split.orders).equals(comparable(whole.orders))
    assert comparable(split.lines).equals(comparable(whole.lines))


def test_every_part_accounts_for_its_own_rows(landing: Landing) -> None:
    files = _land_parts(landing, _parts([2, 5]))
    result = OrderBook().apply(landing.read(files))
    ingested = result.ingested_files.sort("source_file")
    assert ingested["source_file"].to_list() == [f.relative_path for f in files]
    assert ingested["rows_read"].to_list() == [2, 3, 3]
    assert_rows_accounted_for(ingested)


def test_the_same_split_export_again_tomorrow_changes_nothing(landing: Landing) -> None:
    book = OrderBook()
    book.apply(landing.read(_land_parts(landing, _parts([2]))))
    tomorrow = NIGHT + timedelta(days=1)
    # Cumulative: tomorrow's export has the same orders, cut at a different row.
    again = [
        landing.put("shopify", f"orders_export_{n}.csv", part, day=tomorrow)
        for n, part in enumerate(_parts([1, 6]), start=1)
    ]
    result = book.apply(landing.read(again, day=tomorrow))
    assert result.orders.is_empty() and result.order_events.is_empty()
    assert result.ingested_files["lines_unchanged"].sum() == 8


def test_a_part_that_cannot_be_read_holds_back_the_whole_export(landing: Landing) -> None:
    first, _ = _parts([2])
    files = _land_parts(landing, [first, ""])  # part 2 arrived empty
    batch = landing.read(files)

    assert batch.orders.is_empty()
    rejects = batch.rejects.sort("source_file")
    assert rejects["source_file"].to_list() == [f.relative_path for f in files]
    assert rejects["rule"].to_list() == ["split_export_incomplete", "empty_file"]
    assert f"part {files[1].relative_path} cannot be read" in rejects["reason"][0]


def test_the_rows_of_a_held_back_part_are_counted_as_rejected(landing: Landing) -> None:
    first, _ = _parts([2])
    files = _land_parts(landing, [first, ""])
    ingested = OrderBook().apply(landing.read(files)).ingested_files.sort("source_file")
    assert ingested.select("rows_read", "lines_rejected").rows() == [(2, 2), (0, 0)]
    assert_rows_accounted_for(ingested)


def test_parts_are_read_in_part_number_order_and_other_files_alone() -> None:
    def file(name: str, channel: str = "shopify") -> LandingFile:
        relative = f"orders/{channel}/2026-09-17/{name}"
        return LandingFile(channel, Path("/landing") / relative, relative)

    names = ["orders_export_10.csv", "orders_export_2.csv", "orders_export_1.csv"]
    landed = [*map(file, names), file("orders_export.csv"), file("report_1.csv", "amazon")]
    exports = [[Path(f.relative_path).name for f in export] for export in exports_of(landed)]
    assert exports == [
        ["report_1.csv"],
        ["orders_export.csv"],
        ["orders_export_1.csv", "orders_export_2.csv", "orders_export_10.csv"],
    ]


def test_an_order_around_a_missing_part_waits_for_it(landing: Landing) -> None:
    # #1001's three rows are cut into parts 1, 2 and 3; part 2 has not landed
    files = _land_parts(landing, _parts([1, 2]), landed=(1, 3))
    result = OrderBook().apply(landing.read(files))

    assert "#1001" not in result.orders["channel_order_id"].to_list()
    assert result.orders["channel_order_id"].to_list() == ["#1002", "#1003", "#1004", "#1005"]
    held = result.order_rejects.filter(pl.col("channel_order_id") == "#1001")
    assert held.height == 2
    assert set(held["rule"]) == {"split_export_part_missing"}
    assert held["reason"].str.contains("orders_export_2.csv", literal=True).all()
    assert_rows_accounted_for(result.ingested_files)


def test_an_order_continued_from_a_first_part_that_has_not_landed_waits(landing: Landing) -> None:
    files = _land_parts(landing, _parts([1, 3]), landed=(2, 3))
    result = OrderBook().apply(landing.read(files))

    held = result.order_rejects.filter(pl.col("rule") == "split_export_part_missing")
    assert held["channel_order_id"].unique().to_list() == ["#1001"]
    assert held["reason"].str.contains("orders_export_1.csv", literal=True).all()
    assert "#1002" in result.orders["channel_order_id"].to_list()
