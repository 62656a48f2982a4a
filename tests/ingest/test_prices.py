"""Every channel export's unit price and currency reach the order book as a decimal and an ISO
4217 code (what customs declarations value a parcel at), read independently from the real
exports here; a price that cannot be read ships the line and warns, never rejects it."""

from __future__ import annotations

import re
from collections import Counter
from decimal import Decimal
from pathlib import Path

import polars as pl
import pytest

from assets.ingest.reading import IngestReference
from resources.policies import IngestSettings
from tests.ingest.conftest import (
    FIXTURES,
    GENERIC_LINES_HEADER,
    Landing,
    OrderBook,
    fixture_reference,
    generic_header,
    generic_line,
)
from tests.ingest.test_real_exports import CORPUS, RealExport, _night, _records, _rows, _text

CENT = Decimal("0.0001")


def _stored(export: RealExport, tmp_path: Path) -> Counter:
    result = _night(export, export.count(export.path), tmp_path / "landing")
    assert result.ingest_warnings.is_empty()
    assert result.order_lines.schema["unit_price"] == pl.Decimal(18, 4)
    return Counter(result.order_lines.select("channel_order_id", "unit_price", "currency").rows())


def _shopify_prices(path: Path) -> Counter:
    """`Lineitem price` of every row, in the `Currency` of its order's first row."""
    prices: Counter = Counter()
    currency, name = None, None
    for record in _records(_rows(_text(path))):
        if record["Name"] != name:
            name, currency = record["Name"], record["Currency"]
        prices[(name, Decimal(record["Lineitem price"]).quantize(CENT), currency)] += 1
    return prices


SHOPIFY = [e for e in CORPUS if e.channel == "shopify"]


@pytest.mark.parametrize("export", SHOPIFY, ids=lambda e: e.fixture)
def test_shopify_lines_keep_their_lineitem_price_in_the_orders_currency(
    export: RealExport, tmp_path: Path
) -> None:
    assert _stored(export, tmp_path) == _shopify_prices(export.path)


def _ebay_prices(path: Path, currency: str) -> Counter:
    """`Sold For` of every item row (a summary row has no `Item Number`), its marker dropped."""
    rows = _rows(_text(path))
    header_at = next(i for i, row in enumerate(rows) if row and "Sales Record" in row[0])
    prices: Counter = Counter()
    for record in _records(rows, header_at):
        if (record.get("Item Number") or "").strip():
            amount = re.sub(r"[^\d.]", "", record["Sold For"])
            prices[(record["Order Number"], Decimal(amount).quantize(CENT), currency)] += 1
    return prices


@pytest.mark.parametrize(
    ("fixture", "currency"),
    [
        ("ebay/ebay-csv-report-analysis__report1.csv", "USD"),
        ("ebay/ebay-label-maker__sample.csv", "AUD"),
    ],
)
def test_ebay_sold_for_is_a_unit_price_whose_marker_names_the_currency(
    fixture: str, currency: str, tmp_path: Path
) -> None:
    export = next(e for e in CORPUS if e.fixture == fixture)
    assert _stored(export, tmp_path) == _ebay_prices(export.path, currency)


def test_woocommerce_item_total_is_divided_by_its_quantity(tmp_path: Path) -> None:
    export = next(e for e in CORPUS if e.channel == "woocommerce")
    expected: Counter = Counter()
    for record in _records(_rows(_text(export.path))):
        item = dict(p.split(":", 1) for p in record["line_item_1"].split("|") if ":" in p)
        if item:
            unit = (Decimal(item["total"]) / int(item["quantity"])).quantize(CENT)
            expected[(record["order_number"], unit, record["order_currency"])] += 1
    assert _stored(export, tmp_path) == expected


def test_an_amazon_report_without_prices_stores_them_as_unknown_without_warnings(
    tmp_path: Path,
) -> None:
    export = next(e for e in CORPUS if e.channel == "amazon")
    assert set(_stored(export, tmp_path)) == {("403-7089694-1230741", None, None)}


def test_amazon_item_price_is_for_all_units_of_the_item(landing: Landing) -> None:
    file = landing.put_fixture(FIXTURES / "amazon" / "all_orders.txt")
    lines = OrderBook().apply(landing.read([file])).order_lines
    prices = lines.filter(pl.col("channel_order_id") == "171-0000001-0000003")
    assert prices.select("quantity", "unit_price", "currency").row(0) == (
        2,
        Decimal("44.9750"),
        "USD",
    )


def _generic(landing: Landing, header: str, *lines: str, **reference) -> pl.DataFrame:
    file = landing.put("generic", "orders.csv", header + "".join(lines))
    batch = landing.read(
        [file], reference=IngestReference(skus=fixture_reference().skus, **reference)
    )
    return OrderBook().apply(batch)


PRICED_HEADER = generic_header("channel_line_id", "unit_price", "currency") + "\n"


def _priced_line(price: str, currency: str) -> str:
    return generic_line().rstrip("\n") + f",{price},{currency}\n"


def test_an_unreadable_price_ships_the_line_and_warns_without_quoting_it(landing: Landing) -> None:
    result = _generic(landing, PRICED_HEADER, _priced_line("twelve-ish", "USD"))
    assert result.order_lines.select("unit_price", "currency").rows() == [(None, "USD")]
    assert result.order_rejects.is_empty()
    warning = result.ingest_warnings.row(0, named=True)
    assert (warning["rule"], warning["line"]) == ("bad_unit_price", 2)
    assert "data row 1" in warning["reason"]
    assert "twelve" not in warning["reason"]


def test_a_currency_that_is_no_iso_code_leaves_the_price_without_one_and_warns(
    landing: Landing,
) -> None:
    result = _generic(landing, PRICED_HEADER, _priced_line("12.50", "DOLLARS"))
    assert result.order_lines.select("unit_price", "currency").rows() == [(Decimal("12.5"), None)]
    assert result.ingest_warnings["rule"].to_list() == ["unknown_currency"]


def test_a_price_without_a_currency_takes_the_channels_configured_one(landing: Landing) -> None:
    header = generic_header("channel_line_id", "unit_price") + "\n"
    line = generic_line().rstrip("\n") + ',"1.234,50"\n'
    result = _generic(landing, header, line, channel_currencies={"generic": "EUR"})
    assert result.order_lines.select("unit_price", "currency").rows() == [
        (Decimal("1234.5"), "EUR")
    ]


def test_a_feed_without_price_columns_stores_unknown_prices_silently(landing: Landing) -> None:
    result = _generic(landing, GENERIC_LINES_HEADER, generic_line())
    assert result.order_lines.select("unit_price", "currency").rows() == [(None, None)]
    assert result.ingest_warnings.is_empty()


def test_a_configured_currency_that_is_no_iso_code_stops_the_night_naming_it() -> None:
    with pytest.raises(ValueError, match="'EURO' is not an ISO 4217"):
        IngestSettings(channel_currencies={"woocommerce": "EURO"}).currencies()
