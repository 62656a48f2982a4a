"""Order dates are believed only when they are plausible for the night (a placeholder such as
1900-01-01 must not put an order at the head of the allocation queue), and a WooCommerce file's
dd/mm or mm/dd order is decided once for the whole file, never value by value."""

from datetime import date, datetime

import dagster as dg
import polars as pl
import pytest

from assets.ingest.assets import channel_batch_key, channel_batches
from assets.ingest.reading import IngestReference
from contracts.policy import OrderDatePolicy
from resources.landing import LandingZone
from resources.policies import IngestSettings
from tests.ingest.conftest import (
    GENERIC_LINES_HEADER,
    NIGHT,
    Landing,
    OrderBook,
    assert_rows_accounted_for,
    fixture_reference,
    generic_line,
)


def _night(landing: Landing, *rows: str, order_dates: OrderDatePolicy | None = None):
    reference = IngestReference(
        skus=fixture_reference().skus, order_dates=order_dates or OrderDatePolicy()
    )
    files = [landing.put("generic", "orders.csv", GENERIC_LINES_HEADER + "".join(rows))]
    return OrderBook().apply(landing.read(files, reference=reference))


@pytest.mark.parametrize(
    "placed_at", ["0001-01-01T00:00:00Z", "1900-01-01T00:00:00Z", "2099-12-31T23:59:59Z"]
)
def test_an_implausible_order_date_holds_the_whole_order(landing: Landing, placed_at: str) -> None:
    result = _night(
        landing,
        generic_line(placed_at=placed_at),
        generic_line(placed_at=placed_at, sku="TEE-M", channel_line_id="L2"),
        generic_line(channel_order_id="G-2"),
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
        generic_line(placed_at="1900-01-01T00:00:00Z"),
        generic_line(channel_order_id="G-2", placed_at="2099-12-31T23:59:59Z"),
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
    result = _night(landing, generic_line(placed_at=placed_at))
    assert result.order_rejects["rule"].to_list() == (["implausible_placed_at"] if is_held else [])
    assert result.orders.height == (0 if is_held else 1)


def test_the_window_is_configurable(landing: Landing) -> None:
    narrow = OrderDatePolicy(days_before=30, hours_after=0)
    result = _night(
        landing,
        generic_line(placed_at="2026-08-01T10:00:00Z"),
        generic_line(channel_order_id="G-2", placed_at="2026-09-18T00:30:00Z"),
        generic_line(channel_order_id="G-3", placed_at="2026-08-18T00:00:00Z"),
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
    first = landing.put("generic", "orders.csv", GENERIC_LINES_HEADER + generic_line())
    book.apply(landing.read([first], day=NIGHT))
    later_night = NIGHT.replace(day=18)
    again = landing.put(
        "generic",
        "orders.csv",
        GENERIC_LINES_HEADER + generic_line(placed_at="1900-01-01T00:00:00Z"),
        day=later_night,
    )
    result = book.apply(landing.read([again], day=later_night))
    assert result.orders.is_empty()
    assert result.order_rejects["rule"].to_list() == ["implausible_placed_at"]
    assert book.orders.filter(pl.col("channel_order_id") == "G-1")["version"].to_list() == [1]


# WooCommerce: a file re-saved by a spreadsheet writes its dates dd/mm/yyyy or mm/dd/yyyy,
# whichever the machine's locale says. The order is decided for the whole file, never per value.

WOO_NIGHT = date(2026, 11, 21)
WOO_HEADER = (
    "order_id,order_number,date,status,shipping_method,shipping_first_name,shipping_last_name,"
    "shipping_address_1,shipping_postcode,shipping_city,shipping_state,shipping_country,"
    "item_sku,item_quantity\n"
)


def _woo(*dates: str) -> str:
    rows = [
        f"{3000 + n},{3000 + n},{placed},processing,Flat rate,Ava,Smith,1 Main St,62701,"
        f"Springfield,IL,US,MUG-BLU,1\n"
        for n, placed in enumerate(dates, start=1)
    ]
    return WOO_HEADER + "".join(rows)


def _woo_night(landing: Landing, *files: str, date_order: str | None = None):
    reference = IngestReference(skus=fixture_reference().skus)
    if date_order:
        reference = IngestReference(
            skus=reference.skus, order_dates=OrderDatePolicy(woocommerce_date_order=date_order)
        )
    landed = [
        landing.put("woocommerce", f"export-{n}.csv", text, day=WOO_NIGHT)
        for n, text in enumerate(files, start=1)
    ]
    return OrderBook().apply(landing.read(landed, day=WOO_NIGHT, reference=reference))


def _placed(result) -> dict[str, datetime]:
    return dict(result.orders.select("channel_order_id", "placed_at").iter_rows())


def test_one_day_first_date_makes_the_whole_file_day_first(landing: Landing) -> None:
    result = _woo_night(landing, _woo("05/11/2026 10:00", "21/11/2026 09:30"))
    assert _placed(result) == {
        "3001": datetime(2026, 11, 5, 10, 0),  # 5 November, not 11 May
        "3002": datetime(2026, 11, 21, 9, 30),
    }
    assert result.order_rejects.is_empty()


def test_one_month_first_date_makes_the_whole_file_month_first(landing: Landing) -> None:
    result = _woo_night(landing, _woo("05/11/2026 10:00", "11/21/2026 09:30:15"))
    assert _placed(result) == {
        "3001": datetime(2026, 5, 11, 10, 0),
        "3002": datetime(2026, 11, 21, 9, 30, 15),
    }


def test_each_file_gets_its_own_order(landing: Landing) -> None:
    day_first = _woo("21/11/2026 09:30", "05/11/2026 10:00")
    month_first = _woo("11/20/2026 08:00", "05/11/2026 10:00").replace("300", "400")
    result = _woo_night(landing, day_first, month_first)
    placed = _placed(result)
    assert (placed["3002"], placed["4002"]) == (
        datetime(2026, 11, 5, 10),
        datetime(2026, 5, 11, 10),
    )


def test_a_file_ambiguous_throughout_follows_the_store_setting(landing: Landing) -> None:
    ambiguous = _woo("05/11/2026 10:00", "11/05/2026 10:00")
    by_default = _woo_night(landing, ambiguous)
    assert _placed(by_default)["3001"] == datetime(2026, 5, 11, 10)  # month first by default
    day_first = _woo_night(landing, ambiguous, date_order="day_first")
    assert _placed(day_first) == {
        "3001": datetime(2026, 11, 5, 10),
        "3002": datetime(2026, 5, 11, 10),
    }


def test_the_store_setting_is_an_ingest_setting() -> None:
    settings = IngestSettings(woocommerce_date_order="day_first")
    assert settings.order_dates().woocommerce_date_order == "day_first"


def test_a_file_mixing_both_orders_is_rejected_naming_rows_not_values(landing: Landing) -> None:
    mixed = _woo("05/11/2026 10:00", "21/11/2026 09:30", "11/20/2026 08:00")
    result = _woo_night(landing, mixed, _woo("2026-11-21 10:00:00").replace("3001", "5001"))

    assert result.orders["channel_order_id"].to_list() == ["5001"]  # the other file goes on
    (reject,) = result.order_rejects.to_dicts()
    assert (reject["rule"], reject["source_row"]) == ("mixed_date_order", None)
    assert "row 2" in reject["reason"] and "row 3" in reject["reason"]
    assert "21/11" not in reject["reason"] and "11/20" not in reject["reason"]
    assert_rows_accounted_for(result.ingested_files)


def test_iso_dates_need_no_decision(landing: Landing) -> None:
    result = _woo_night(landing, _woo("2026-11-05 10:00:00", "2026-11-21T09:30:00"))
    assert _placed(result) == {
        "3001": datetime(2026, 11, 5, 10),
        "3002": datetime(2026, 11, 21, 9, 30),
    }


def test_a_spreadsheet_date_without_seconds_or_leading_zeros_is_read(landing: Landing) -> None:
    result = _woo_night(landing, _woo("5/11/2026 0:37", "21/11/2026 9:05"))
    assert _placed(result) == {
        "3001": datetime(2026, 11, 5, 0, 37),
        "3002": datetime(2026, 11, 21, 9, 5),
    }


def test_the_ingest_settings_reach_the_channel_step(tmp_path) -> None:
    """Store time zone and date order, set on the resource, are how the night reads the file."""
    (tmp_path / "reference").mkdir()
    (tmp_path / "reference" / "skus.csv").write_text("sku,description,weight_g\nMUG-BLU,Mug,300\n")
    folder = tmp_path / "orders" / "woocommerce" / WOO_NIGHT.isoformat()
    folder.mkdir(parents=True)
    (folder / "export.csv").write_text(_woo("05/11/2026 10:00"))
    settings = IngestSettings(
        woocommerce_date_order="day_first", local_time_zones={"woocommerce": "Europe/Paris"}
    )

    result = dg.materialize(
        [next(a for a in channel_batches if a.key == channel_batch_key("woocommerce"))],
        partition_key=WOO_NIGHT.isoformat(),
        resources={
            "landing": LandingZone(root=str(tmp_path)),
            "ingest_settings": settings,
            "stage_io_manager": dg.InMemoryIOManager(),
        },
    )

    orders = result.output_for_node("stage__woocommerce_orders")["orders"]
    # 5 November 10:00 in Paris (UTC+1 in winter) is 09:00 UTC
    assert orders["placed_at"].to_list() == [datetime(2026, 11, 5, 9, 0)]


def test_a_misspelt_time_zone_is_refused_by_name() -> None:
    settings = IngestSettings(local_time_zones={"woocommerce": "Europe/Pariss"})
    with pytest.raises(ValueError, match="'Europe/Pariss' is not a time zone"):
        settings.time_zones()
    with pytest.raises(ValueError, match="'etsy' is not a channel"):
        IngestSettings(local_time_zones={"etsy": "UTC"}).time_zones()


def test_the_files_table_says_how_each_file_s_dates_were_read(landing: Landing) -> None:
    result = _woo_night(
        landing,
        _woo("05/11/2026 10:00", "21/11/2026 09:30"),
        _woo("05/11/2026 10:00").replace("3001", "4001"),
        _woo("2026-11-21 10:00:00").replace("3001", "5001"),
        _woo("21/11/2026 09:30", "11/20/2026 08:00").replace("300", "600"),
    )
    files = result.ingested_files.sort("source_file")
    assert files["date_order"].to_list() == [
        "day_first",  # its own dates showed it
        "month_first (setting)",  # nothing in it could tell: the store setting decided
        None,  # no dates with slashes
        None,  # rejected whole: both orders
    ]
