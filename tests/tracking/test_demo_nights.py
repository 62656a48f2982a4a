"""Four demo nights with the demo carrier's scans and tracking feed, as `oms demo` plays them:
a parcel confirmed on the second night is in transit on the third and delivered on the fourth,
but one, held by a delivery exception."""

from __future__ import annotations

import re
from datetime import timedelta
from pathlib import Path

import duckdb
import polars as pl
import pytest

from pipelines.demo.carrier_scans import write_carrier_scans
from pipelines.demo.carrier_tracking import write_carrier_tracking
from tests.conftest import SECOND_DAY, Site, make_site
from tests.e2e.nights import published_table, run_night

LAST = SECOND_DAY + timedelta(days=2)
NIGHTS = [LAST - timedelta(days=n) for n in (3, 2, 1, 0)]
LINE = ["channel", "channel_order_id", "line_no"]


@pytest.fixture(scope="module")
def nights(tmp_path_factory: pytest.TempPathFactory) -> tuple[Site, dict]:
    site = make_site(tmp_path_factory.mktemp("tracking"), days=4, end_date=LAST, orders_per_day=30)
    statuses = {}
    for night in NIGHTS:
        run_night(site, night)
        write_carrier_scans(site.output, site.landing, night)
        write_carrier_tracking(site.landing, night)
        statuses[night] = _order_status(site)
    return site, statuses


def _order_status(site: Site) -> pl.DataFrame:
    with duckdb.connect(str(site.warehouse_path), read_only=True) as con:
        return con.sql("select * from oms.order_status").pl()


def test_lines_shipped_on_the_second_night_reach_in_transit_then_delivered_or_exception(nights):
    site, statuses = nights
    history = published_table(site, "order_status_history")
    # lines whose every parcel was confirmed on the second night (a line in two parcels stands
    # where the one furthest behind is)
    shipped_on = (
        history.filter(pl.col("status") == "shipped")
        .group_by(LINE)
        .agg(pl.col("business_date").unique())
    )
    shipped = shipped_on.filter(pl.col("business_date") == [NIGHTS[1]]).select(LINE)
    assert shipped.height > 0

    third = statuses[NIGHTS[2]].join(shipped, on=LINE)
    assert set(third["status"]) == {"in_transit"}
    fourth = statuses[NIGHTS[3]].join(shipped, on=LINE)
    assert set(fourth["status"]) == {"delivered", "exception"}
    troubled = fourth.filter(pl.col("status") == "exception")
    assert troubled.select("channel", "channel_order_id").unique().height == 1
    assert "delivery exception" in troubled["reason"][0] or "Address issue" in troubled["reason"][0]
    assert set(troubled["order_status"]) == {"exception"}


def test_every_tracking_event_of_the_demo_is_stored_once(nights):
    site, _ = nights
    events = published_table(site, "tracking_events")
    rejects = published_table(site, "tracking_rejects")

    assert events.height > 0
    assert events["event_id"].is_unique().all()
    assert rejects.filter(pl.col("rule") != "duplicate_event").is_empty()


def test_rerunning_the_last_night_changes_nothing(nights):
    site, _ = nights
    tables = ("tracking_events", "tracking_rejects", "stuck_shipments", "order_status_history")
    before = [published_table(site, t) for t in tables]
    run_night(site, NIGHTS[3])

    assert all(published_table(site, t).equals(b) for t, b in zip(tables, before, strict=True))


def test_the_tracking_queries_of_the_docs_run_on_the_published_warehouse(nights):
    site, _ = nights
    doc = (Path(__file__).resolve().parents[2] / "docs" / "lifecycle.md").read_text("utf-8")
    section = doc.split("### Questions about parcels", 1)[1].split("\n## ", 1)[0]
    queries = re.findall(r"```sql\n(.*?)```", section, flags=re.DOTALL)
    order_id = published_table(site, "tracking_events")["channel_order_id"][0]
    with duckdb.connect(str(site.warehouse_path), read_only=True) as con:
        answers = [con.sql(query.replace("#1128", order_id)).pl() for query in queries]

    assert len(answers) == 3
    assert answers[0].height > 0
    assert answers[2].height == 1
