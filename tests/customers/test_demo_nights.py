"""Two demo nights through the nightly job: every order of the book has a customer, the CRM file
is published beside the documents, and re-running a night changes nothing."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest

from tests.conftest import FIRST_DAY, SECOND_DAY, Site, make_site
from tests.e2e.nights import published_table, run_night, run_nights


@pytest.fixture(scope="module")
def two_nights(tmp_path_factory: pytest.TempPathFactory) -> Site:
    site = make_site(tmp_path_factory.mktemp("customers"), orders_per_day=40)
    run_nights(site, [FIRST_DAY, SECOND_DAY])
    return site


def _crm(site: Site, night) -> bytes:
    return (Path(site.output) / night.isoformat() / "crm" / "customers.csv").read_bytes()


def test_every_order_of_the_book_has_a_customer(two_nights: Site) -> None:
    book = published_table(two_nights, "order_book").select("channel", "channel_order_id")
    linked = published_table(two_nights, "order_customers").select("channel", "channel_order_id")

    assert book.join(linked, on=["channel", "channel_order_id"], how="anti").is_empty()


def test_the_crm_file_of_each_night_is_that_nights_rows(two_nights: Site) -> None:
    customers = published_table(two_nights, "customers")
    for night in (FIRST_DAY, SECOND_DAY):
        rows = pl.read_csv(_crm(two_nights, night), infer_schema=False)
        tonight = customers.filter(pl.col("business_date") == night)
        assert sorted(rows["customer_id"]) == sorted(tonight["customer_id"])
    assert customers.filter(pl.col("email").str.contains("marketplace.amazon")).is_empty()


def test_rerunning_the_second_night_changes_no_customer_and_no_file(two_nights: Site) -> None:
    def tables() -> list[pl.DataFrame]:
        return [
            published_table(two_nights, "customers").sort("business_date", "customer_id"),
            published_table(two_nights, "order_customers").sort(
                "business_date", "channel", "channel_order_id"
            ),
        ]

    before, crm = tables(), _crm(two_nights, SECOND_DAY)

    run_night(two_nights, SECOND_DAY)

    assert all(after.equals(then) for after, then in zip(tables(), before, strict=True))
    assert _crm(two_nights, SECOND_DAY) == crm
