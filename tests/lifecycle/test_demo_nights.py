"""Two demo nights through the nightly job: the status history as analysts read it."""

from __future__ import annotations

import re
from pathlib import Path

import duckdb
import polars as pl
import pytest

from pipelines.demo.carrier_scans import write_carrier_scans
from tests.conftest import FIRST_DAY, SECOND_DAY, Site, make_site
from tests.e2e.nights import published_table, run_night

LINE = ["channel", "channel_order_id", "line_no"]


@pytest.fixture(scope="module")
def two_nights(tmp_path_factory: pytest.TempPathFactory) -> Site:
    """The demo carrier confirms every parcel of the first night's manifests, as `oms demo` does."""
    site = make_site(tmp_path_factory.mktemp("lifecycle"), orders_per_day=60)
    run_night(site, FIRST_DAY)
    write_carrier_scans(site.output, site.landing, FIRST_DAY)
    run_night(site, SECOND_DAY)
    return site


def _order_status(site: Site) -> pl.DataFrame:
    with duckdb.connect(str(site.warehouse_path), read_only=True) as con:
        return con.sql("select * from oms.order_status").pl()


def test_every_line_of_the_order_book_has_one_current_status(two_nights: Site):
    lines = published_table(two_nights, "order_lines").select(LINE).unique()
    now = _order_status(two_nights)

    assert lines.join(now, on=LINE, how="anti").is_empty()
    assert now.select(LINE).is_unique().all()


def test_what_the_carrier_confirmed_on_the_second_night_was_picked_on_the_first(two_nights: Site):
    history = published_table(two_nights, "order_status_history")
    shipped = history.filter(pl.col("status") == "shipped")
    picked_first = history.filter(
        (pl.col("status") == "picked") & (pl.col("business_date") == FIRST_DAY)
    )

    assert shipped.height > 0
    assert set(shipped["business_date"]) == {SECOND_DAY}
    assert shipped.join(picked_first, on=LINE, how="anti").is_empty()


def test_a_row_is_a_change_of_status(two_nights: Site):
    history = published_table(two_nights, "order_status_history")

    assert history.filter(pl.col("status") == pl.col("previous_status")).is_empty()


def test_rerunning_the_second_night_writes_the_same_history(two_nights: Site):
    before = published_table(two_nights, "order_status_history")
    run_night(two_nights, SECOND_DAY)

    assert published_table(two_nights, "order_status_history").equals(before)


def _support_queries() -> list[str]:
    doc = (Path(__file__).resolve().parents[2] / "docs" / "lifecycle.md").read_text(
        encoding="utf-8"
    )
    section = doc.split("## Five questions a support agent asks", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"```sql\n(.*?)```", section, flags=re.DOTALL)


def test_the_support_queries_of_the_docs_run_on_the_published_warehouse(two_nights: Site):
    queries = _support_queries()
    order_id = _order_status(two_nights)["channel_order_id"][0]
    with duckdb.connect(str(two_nights.warehouse_path), read_only=True) as con:
        answers = [con.sql(query.replace("#1128", order_id)).pl() for query in queries]

    assert len(queries) == 5
    assert answers[0].height >= 1 and answers[1].height >= answers[0].height
