"""eBay Seller Hub orders report quirks (docs: CHANNEL-FORMATS §3.2)."""

from datetime import datetime

import polars as pl

from contracts.channel_formats.ebay import ORDER_STATUS
from tests.ingest.conftest import FIXTURES, Landing

REPORT = FIXTURES / "ebay" / "eBay-OrdersReport-Sep-17-2026.csv"


def _read(landing: Landing, fixture=REPORT):
    return landing.read([landing.put_fixture(fixture)])


def _order(batch, order_id: str) -> dict:
    return batch.orders.filter(pl.col("channel_order_id") == order_id).to_dicts()[0]


def test_preamble_padding_and_footer_are_not_data_rows(landing: Landing) -> None:
    stats = _read(landing).file_stats.to_dicts()[0]
    assert stats["rows_read"] == 5
    assert stats["rows_structural"] == 1


def test_summary_row_is_structural_and_fills_the_item_rows(landing: Landing) -> None:
    batch = _read(landing)
    lines = batch.lines.filter(pl.col("channel_order_id") == "12-34567-89013")
    assert lines.select("sku", "quantity", "channel_line_id").rows() == [
        ("CAP-01", 1, "2000000000002"),
        ("TEE-L", 2, "2000000000003"),
    ]
    order = _order(batch, "12-34567-89013")
    assert (order["ship_city"], order["ship_country"], order["ship_postal_code"]) == (
        "Sydney",
        "AU",
        "2000",
    )


def test_country_names_become_alpha2(landing: Landing) -> None:
    assert _order(_read(landing), "12-34567-89012")["ship_country"] == "US"


def test_month_name_sale_dates_are_read_as_utc_midnight(landing: Landing) -> None:
    assert _order(_read(landing), "12-34567-89012")["placed_at"] == datetime(2026, 9, 17)


def test_blank_order_number_falls_back_to_sales_record_number(landing: Landing) -> None:
    order = _order(_read(landing), "1003")
    assert (order["status"], order["is_paid"], order["service_level"]) == (
        "fulfilled_by_channel",
        False,
        "overnight",
    )


def test_comma_preamble_and_crlf_variant(landing: Landing) -> None:
    batch = _read(landing, FIXTURES / "ebay" / "eBay-OrdersReport-comma-preamble.csv")
    assert batch.orders["channel_order_id"].to_list() == ["12-34567-89014"]
    assert batch.file_stats["rows_read"][0] == 1


def test_money_with_currency_prefix_does_not_disturb_parsing(landing: Landing) -> None:
    assert _read(landing).rejects.is_empty()


def test_order_status_column_marks_cancellations(landing: Landing) -> None:
    header = '"eBay International Shipping"'
    text = REPORT.read_text().replace(header, f'{header},"{ORDER_STATUS}"')
    lines = text.split("\n")
    lines = [line + ",Cancelled" if "BOOK-7" in line else line for line in lines]
    batch = landing.read([landing.put("ebay", "report.csv", "\n".join(lines))])
    assert _order(batch, "1003")["status"] == "cancelled"


def test_a_stray_unescaped_quote_in_an_item_title_does_not_reject_the_file(
    landing: Landing,
) -> None:
    """eBay does not escape `"` inside titles (ebay2hermes); the row must still be read."""
    fixture = FIXTURES / "ebay" / "eBay-OrdersReport-comma-preamble.csv"
    original = fixture.read_bytes()
    broken = original.replace(b'"Blue mug 12"" tall"', b'"Blue mug 12" tall"')
    assert broken != original
    path = landing.put("ebay", "stray-quote.csv", broken)
    batch = landing.read([path])
    assert batch.orders["channel_order_id"].to_list() == ["12-34567-89014"]
    assert batch.lines.select("sku", "quantity").rows() == [("MUG-BLU", 1)]
    assert batch.file_stats["file_rejected_reason"].to_list() == [None]


AU_REPORT = FIXTURES / "real" / "ebay" / "ebay-label-maker__sample.csv"


def test_an_australian_report_names_its_address_columns_in_australian(landing: Landing) -> None:
    """eBay Australia writes `Post To State` and `Post To Postal Code` (and `Posted On Date`,
    `eBay Fulfilment Program`): read like their US names, not left empty."""
    from assets.ingest.readers import read_export

    staged = read_export([landing.put_fixture(AU_REPORT)]).staged
    lines = staged.filter(~pl.col("is_structural"))
    assert lines.height > 0
    assert lines["ship_region"].null_count() == 0
    assert lines["ship_postal_code_raw"].null_count() == 0
