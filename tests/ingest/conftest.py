"""Helpers for ingest tests: land files in a temporary landing area and run the night."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from pathlib import Path

import polars as pl
import pytest

from assets.ingest.order_book import IngestResult, apply_to_order_book
from assets.ingest.reading import IngestReference, ValidatedBatch, read_and_validate
from contracts.channel_formats import generic
from contracts.landing_file import LandingFile

FIXTURES = Path(__file__).parent / "fixtures"
NIGHT = date(2026, 9, 17)
# The hand-written fixtures, one folder per channel. `real/` holds public real exports with their
# own tests (test_real_exports.py); they are not part of the all-fixtures nights.
CHANNEL_FIXTURES = sorted(
    p for p in FIXTURES.glob("*/*") if p.parent.name not in ("reference", "real")
)


def generic_header(*optional: str) -> str:
    """A canonical-feed header line (no line end): the feed's columns up to `quantity`, in the
    contract's order, then the `optional` ones named."""
    required = generic.COLUMNS[: generic.COLUMNS.index("quantity") + 1]
    return ",".join((*required, *optional))


GENERIC_LINES_HEADER = generic_header("channel_line_id") + "\n"
_GOOD_LINE = "G-1,2026-09-17T10:00:00Z,standard,Ava,1 Main St,Boston,MA,02134,US,MUG-BLU,1,L1"


def generic_line(**changes: str) -> str:
    """A row under GENERIC_LINES_HEADER that breaks no rule (order G-1, line L1: one mug to
    Boston), with the `changes` made (column → value)."""
    values = dict(zip(GENERIC_LINES_HEADER.strip().split(","), _GOOD_LINE.split(","), strict=True))
    values.update(changes)
    return ",".join(values.values()) + "\n"


def fixture_reference() -> IngestReference:
    """The SKU list every fixture draws from."""
    return IngestReference(skus=pl.read_csv(FIXTURES / "reference" / "skus.csv"))


class Landing:
    """A landing area in a temp folder: `put` files, then `night` runs read + apply."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def put(self, channel: str, name: str, content: bytes | str, day: date = NIGHT) -> LandingFile:
        path = self.root / "orders" / channel / day.isoformat() / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, str):
            path.write_text(content, encoding="utf-8", newline="")
        else:
            path.write_bytes(content)
        return LandingFile(channel, path, path.relative_to(self.root).as_posix())

    def put_fixture(self, fixture: Path, day: date = NIGHT, name: str | None = None) -> LandingFile:
        return self.put(fixture.parent.name, name or fixture.name, fixture.read_bytes(), day)

    def read(
        self,
        files: Iterable[LandingFile],
        day: date = NIGHT,
        reference: IngestReference | None = None,
    ) -> ValidatedBatch:
        return read_and_validate(
            list(files), business_date=day, reference=reference or fixture_reference()
        )


@pytest.fixture
def landing(tmp_path: Path) -> Landing:
    return Landing(tmp_path / "landing")


class OrderBook:
    """The order book as the lead's DuckDB tables would hold it, kept in memory."""

    def __init__(self) -> None:
        self.orders = pl.DataFrame()
        self.lines = pl.DataFrame()
        self.events = pl.DataFrame()

    def apply(self, batch: ValidatedBatch) -> IngestResult:
        keys = batch.orders.select("channel", "channel_order_id")
        prior_orders, prior_lines = pl.DataFrame(), pl.DataFrame()
        if self.orders.height:
            prior_orders = (
                self.orders.filter(pl.col("business_date") < batch.business_date)
                .join(keys, on=["channel", "channel_order_id"], how="semi")
                .sort("version")
                .unique(["channel", "channel_order_id"], keep="last")
            )
            prior_lines = self.lines.join(
                prior_orders.select("channel", "channel_order_id", "version"),
                on=["channel", "channel_order_id", "version"],
                how="semi",
            )
        result = apply_to_order_book(batch, prior_orders=prior_orders, prior_lines=prior_lines)
        self.orders = pl.concat([self.orders, result.orders], how="diagonal_relaxed")
        self.lines = pl.concat([self.lines, result.order_lines], how="diagonal_relaxed")
        self.events = pl.concat([self.events, result.order_events], how="diagonal_relaxed")
        return result


def assert_rows_accounted_for(files: pl.DataFrame) -> None:
    """rows_read = accepted + rejected + unchanged + structural, for every file."""
    unbalanced = files.filter(
        pl.col("rows_read")
        != pl.col("lines_accepted")
        + pl.col("lines_rejected")
        + pl.col("lines_unchanged")
        + pl.col("rows_structural")
    )
    assert unbalanced.is_empty(), unbalanced.to_dicts()
