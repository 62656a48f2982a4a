"""Each export's buyer e-mail reaches oms.orders (the customer dimension resolves identity from
it), without changing any order's content hash: an upgrade must not make the book look changed."""

from __future__ import annotations

from datetime import timedelta

import polars as pl

from tests.ingest.conftest import (
    FIXTURES,
    NIGHT,
    Landing,
    OrderBook,
    generic_header,
    generic_line,
)


def _emails(landing: Landing, fixture: str) -> dict[str, str | None]:
    batch = landing.read([landing.put_fixture(FIXTURES / fixture)])
    return dict(batch.orders.select("channel_order_id", "buyer_email").iter_rows())


def test_each_channel_with_an_email_column_carries_it(landing: Landing) -> None:
    assert set(_emails(landing, "shopify/orders_export_1.csv").values()) == {"ava@example.com"}
    woo = "woocommerce/orders-export-2026_09_17-23_00_00.csv"
    assert set(_emails(landing, woo).values()) == {"mary@example.com"}
    amazon = _emails(landing, "amazon/unshipped_orders.txt")
    assert set(amazon.values()) == {"p3vkb18m93xc7lv@marketplace.amazon.com"}  # the relay


def test_a_report_without_emails_stores_none(landing: Landing) -> None:
    assert set(_emails(landing, "amazon/all_orders.txt").values()) == {None}


def test_an_order_stored_before_emails_is_unchanged_when_re_exported_with_one(
    landing: Landing,
) -> None:
    book = OrderBook()
    fixture = FIXTURES / "shopify/orders_export_1.csv"
    book.apply(landing.read([landing.put_fixture(fixture)]))
    book.orders = book.orders.with_columns(buyer_email=pl.lit(None, dtype=pl.String))

    tomorrow = NIGHT + timedelta(days=1)
    again = book.apply(landing.read([landing.put_fixture(fixture, tomorrow)], tomorrow))

    assert again.orders.is_empty()  # same hashes: no new versions, the stored ones keep null


def test_a_copy_without_an_email_keeps_the_books(landing: Landing) -> None:
    book = OrderBook()
    header = generic_header("channel_line_id", "buyer_email") + "\n"
    with_email = header + generic_line().rstrip("\n") + ",ava@example.com\n"
    book.apply(landing.read([landing.put("generic", "a.csv", with_email)]))

    tomorrow = NIGHT + timedelta(days=1)
    changed = generic_header("channel_line_id") + "\n" + generic_line(quantity="3")
    result = book.apply(
        landing.read([landing.put("generic", "b.csv", changed, tomorrow)], tomorrow)
    )

    assert result.orders.select("version", "buyer_email").rows() == [(2, "ava@example.com")]
