"""Order dates are believed only when they are plausible for the night: a placeholder such as
1900-01-01 must not put an order at the head of the allocation queue."""

import polars as pl
import pytest

from assets.ingest.reading import IngestReference
from contracts.policy import OrderDatePolicy
from resources.policies import IngestSettings
from tests.ingest.conftest import (
    NIGHT,
    Landing,
    OrderBook,
    assert_rows_accounted_for,
    fixture_reference,
)

HEADER = (
    "channel_order_id,placed_at,service_level,ship_name,ship_address1,ship_city,ship_region,"
    "ship_postal_code,ship_country,sku,quantity,channel_line_id\n"
)
GOOD = "G-1,2026-09-17T10:00:00Z,standard,Ava,1 Main St,Boston,MA,02134,US,MUG-BLU,1,L1\n"


def _line(**changes: str) -> str:
    values = dict(zip(HEADER.strip().split(","), GOOD.strip().split(","), strict=True))
    values.update(changes)
    return ",".join(values.values()) + "\n"


def _night(landing: Landing, *rows: str, order_dates: OrderDatePolicy | None = None):
    reference = IngestReference(
        skus=fixture_reference().skus, order_dates=order_dates or OrderDatePolicy()
    )
    files = [landing.put("generic", "orders.csv", HEADER + "".join(rows))]
    return OrderBook().apply(landing.read(files, reference=reference))


@pytest.mark.parametrize(
    "placed_at", ["0001-01-01T00:00:00Z", "1900-01-01T00:00:00Z", "2099-12-31T23:59:59Z"]
)
def test_an_implausible_order_date_holds_the_whole_order(landing: Landing, placed_at: str) -> None:
    result = _night(
        landing,
        _line(placed_at=placed_at),
        _line(placed_at=placed_at, sku="TEE-M", channel_line_id="L2"),
        _line(channel_order_id="G-2"),
    )

    assert result.orders["channel_order_id"].to_list() == ["G-2"]
    rejects = result.order_rejects.sort("source_row").to_dicts()
    assert [(r["source_row"], r["rule"]) for r in rejects] == [
        (1, "implausible_placed_at"),
        (2, "implausible_placed_at"),
    ]
    reason = rejects[0]["reason"]
    assert "business date 2026-09-17" in reason
    assert placed_at[:10] not in reason  # the reason states our window, not the file's value
    assert_rows_accounted_for(result.ingested_files)


def test_the_reason_says_which_side_of_the_window_the_date_is_on(landing: Landing) -> None:
    result = _night(
        landing,
        _line(placed_at="1900-01-01T00:00:00Z"),
        _line(channel_order_id="G-2", placed_at="2099-12-31T23:59:59Z"),
    )
    old, future = result.order_rejects.sort("source_row")["reason"].to_list()
    assert "more than 365 days before business date 2026-09-17" in old
    assert "placed_at_days_before" in old
    assert "later than 2026-09-18 03:00 UTC" in future


@pytest.mark.parametrize(
    ("placed_at", "is_held"),
    [
        ("2025-09-17T00:00:00Z", False),  # 365 days before the business date
        ("2025-09-16T23:59:59Z", True),
        ("2026-09-18T03:00:00Z", False),  # the end of the business date + 3 hours
        ("2026-09-18T03:00:01Z", True),
        ("2026-09-17T22:30:00-04:00", False),  # an offset counts: 02:30 UTC the next day
        ("2026-09-17T23:30:00-04:00", True),  # 03:30 UTC the next day
    ],
)
def test_the_default_window_is_a_year_back_to_three_hours_after_the_night(
    landing: Landing, placed_at: str, is_held: bool
) -> None:
    result = _night(landing, _line(placed_at=placed_at))
    assert result.order_rejects["rule"].to_list() == (["implausible_placed_at"] if is_held else [])
    assert result.orders.height == (0 if is_held else 1)


def test_the_window_is_configurable(landing: Landing) -> None:
    narrow = OrderDatePolicy(days_before=30, hours_after=0)
    result = _night(
        landing,
        _line(placed_at="2026-08-01T10:00:00Z"),
        _line(channel_order_id="G-2", placed_at="2026-09-18T00:30:00Z"),
        _line(channel_order_id="G-3", placed_at="2026-08-18T00:00:00Z"),
        order_dates=narrow,
    )
    assert result.orders["channel_order_id"].to_list() == ["G-3"]
    reasons = result.order_rejects.sort("source_row")["reason"].to_list()
    assert "more than 30 days before" in reasons[0]
    assert "later than 2026-09-18 00:00 UTC" in reasons[1]


def test_the_settings_resource_defaults_are_the_policy_defaults() -> None:
    assert IngestSettings().order_dates() == OrderDatePolicy()
    configured = IngestSettings(placed_at_days_before=7, placed_at_hours_after=1)
    assert configured.order_dates() == OrderDatePolicy(days_before=7, hours_after=1)


def test_a_held_order_keeps_its_previous_version_in_the_book(landing: Landing) -> None:
    book = OrderBook()
    first = landing.put("generic", "orders.csv", HEADER + _line())
    book.apply(landing.read([first], day=NIGHT))
    later_night = NIGHT.replace(day=18)
    again = landing.put(
        "generic", "orders.csv", HEADER + _line(placed_at="1900-01-01T00:00:00Z"), day=later_night
    )
    result = book.apply(landing.read([again], day=later_night))
    assert result.orders.is_empty()
    assert result.order_rejects["rule"].to_list() == ["implausible_placed_at"]
    assert book.orders.filter(pl.col("channel_order_id") == "G-1")["version"].to_list() == [1]
