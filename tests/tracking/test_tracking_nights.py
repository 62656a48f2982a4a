"""Tracking events are matched to confirmed shipments by tracking number and stored once; what
cannot be stored is a reject with a reason; parcels gone quiet are listed to chase."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import polars as pl
import pytest

from tests.tracking.builders import CONFIRM_NIGHT, Site, make_site

NIGHT = CONFIRM_NIGHT + dt.timedelta(days=1)
LATER = NIGHT + dt.timedelta(days=1)

EVENTS = """tracking_number,status,event_time,location,exception_code
1Z 111,in_transit,2026-11-22T09:30:00Z,Louisville KY,
1Z222,exception,2026-11-22T10:15:00Z,Reno NV,WX
1ZNOBODY,in_transit,2026-11-22T10:15:00Z,Reno NV,
"""


@pytest.fixture
def site(tmp_path: Path) -> Site:
    site = make_site(tmp_path)
    site.shipment("S1", "1Z111", lines=2, packages=2)
    site.shipment("S2", "1Z222")
    site.shipment("S3", None)
    return site


def test_an_event_is_matched_to_its_shipment_by_tracking_number(site: Site):
    site.land(NIGHT, "events.csv", EVENTS)
    site.track(NIGHT)

    events = site.table("tracking_events").sort("shipment_id")
    assert events.select(
        "shipment_id", "channel_order_id", "packages", "tracking_status"
    ).rows() == [
        ("S1", "O-S1", 2, "in_transit"),
        ("S2", "O-S2", 1, "exception"),
    ]
    rejects = site.table("tracking_rejects")
    assert rejects.select("rule", "tracking_number").rows() == [
        ("unmatched_tracking_number", "1ZNOBODY")
    ]
    assert "land its shipment's confirmation and this file again" in rejects["reason"][0]


def test_a_file_landed_twice_is_applied_once(site: Site):
    site.land(NIGHT, "events.csv", EVENTS)
    site.land(NIGHT, "events-copy.csv", EVENTS)
    site.track(NIGHT)
    site.land(LATER, "events.csv", EVENTS)
    site.track(LATER)

    assert site.table("tracking_events").height == 2
    assert set(site.table("tracking_events")["business_date"]) == {NIGHT}
    duplicates = site.table("tracking_rejects").filter(pl.col("rule") == "duplicate_event")
    assert duplicates.group_by("business_date").len().sort("business_date").rows() == [
        (NIGHT, 2),
        (LATER, 2),
    ]


def test_a_rerun_writes_the_same_rows(site: Site):
    site.land(NIGHT, "events.csv", EVENTS)
    site.track(NIGHT)
    first = [site.table(t) for t in ("tracking_events", "tracking_rejects", "stuck_shipments")]
    site.track(NIGHT)

    again = [site.table(t) for t in ("tracking_events", "tracking_rejects", "stuck_shipments")]
    assert all(a.equals(b) for a, b in zip(first, again, strict=True))


def test_a_shipment_with_no_scan_for_the_set_days_is_stuck(site: Site):
    site.land(NIGHT, "events.csv", EVENTS)
    site.track(NIGHT)
    for night in (NIGHT + dt.timedelta(days=n) for n in (1, 2, 3)):
        site.track(night)

    stuck = site.table("stuck_shipments")
    assert (
        stuck.filter(pl.col("business_date") <= NIGHT + dt.timedelta(days=1))
        .select("business_date", "shipment_id")
        .rows()
        == []
    )
    day_three = NIGHT + dt.timedelta(days=2)
    assert stuck.filter(pl.col("business_date") == day_three)["shipment_id"].to_list() == ["S3"]
    last = stuck.filter(pl.col("business_date") == NIGHT + dt.timedelta(days=3)).sort("shipment_id")
    assert last.select("shipment_id", "days_without_scan", "stuck_after_days").rows() == [
        ("S1", 3, 3),
        ("S2", 3, 3),
        ("S3", 4, 3),
    ]
    assert "without a tracking number" in last["reason"][2]
    assert "last exception" in last["reason"][1]


def test_a_delivered_parcel_is_never_stuck(site: Site):
    site.land(
        NIGHT,
        "done.csv",
        "tracking_number,status,event_time\n1Z111,delivered,2026-11-22T09:30:00Z\n",
    )
    site.track(NIGHT, stuck_after_days=1)
    site.track(LATER, stuck_after_days=1)

    assert "S1" not in site.table("stuck_shipments", LATER)["shipment_id"].to_list()
    assert "S2" in site.table("stuck_shipments", LATER)["shipment_id"].to_list()


def test_a_reused_tracking_number_names_the_shipment_that_had_left_when_scanned(site: Site):
    site.insert(
        "shipment_confirmations",
        [
            {
                "business_date": NIGHT,
                "shipment_id": "S1-LATER",
                "tracking_number": "1Z111",
                "shipped_at": dt.datetime(2026, 11, 22, 12),
                "source_file": "c2.csv",
                "source_row": 1,
                "status": "applied",
            }
        ],
    )
    site.insert(
        "shipments",
        [
            {
                "business_date": NIGHT,
                "shipment_id": "S1-LATER",
                "channel": "shopify",
                "channel_order_id": "O-LATER",
                "warehouse_id": "W1",
                "service_level": "standard",
                "packages": 1,
                "units": 1,
                "weight_g": 1,
                "status": "ready",
                "ship_country": "US",
            }
        ],
    )
    site.land(NIGHT, "events.csv", EVENTS)  # 1Z111 scanned at 09:30, before S1-LATER left
    site.land(
        NIGHT,
        "later.csv",
        "tracking_number,status,event_time\n1Z111,delivered,2026-11-22T18:00:00Z\n",
    )
    site.track(NIGHT)

    events = site.table("tracking_events").filter(pl.col("tracking_number") == "1Z111")
    assert events.sort("event_time").select("shipment_id", "tracking_status").rows() == [
        ("S1", "in_transit"),
        ("S1-LATER", "delivered"),
    ]
