"""Each carrier's tracking file is read into the same rows: tracking number, time, status in
batch-oms words, location and exception code, whatever shape the carrier sends."""

from __future__ import annotations

import json
from pathlib import Path

import polars as pl

from assets.tracking.files import read_tracking_files
from tests.tracking.builders import EVIDENCE

SAME = ["tracking_number", "event_time", "tracking_status", "lifecycle_status", "location"]


def _fields(name: str) -> str:
    return (EVIDENCE / name).read_text(encoding="utf-8")


def _read(tmp_path: Path, name: str, text: str) -> pl.DataFrame:
    path = tmp_path / "tracking" / "2026-11-22" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return read_tracking_files([(path, f"tracking/2026-11-22/{name}")])


def easypost_event() -> str:
    """A tracker.updated event with its history, keys as EasyPost's field list names them."""
    for key in ("tracking_code", "tracking_details", "status_detail", "tracking_location"):
        assert key in _fields("easypost_tracker_event.fields.txt")
    place = {"city": "Louisville", "state": "KY", "zip": "40201", "country": "US"}
    details = [
        {
            "object": "TrackingDetail",
            "status": "in_transit",
            "status_detail": "arrived_at_facility",
            "message": "Arrived at facility",
            "datetime": "2026-11-22T09:30:00Z",
            "tracking_location": place,
        },
        {
            "object": "TrackingDetail",
            "status": "failure",
            "status_detail": "delivery_exception",
            "message": "Weather delay",
            "datetime": "2026-11-23T10:15:00Z",
            "tracking_location": place,
        },
        {
            "object": "TrackingDetail",
            "status": "delivered",
            "status_detail": "arrived_at_destination",
            "message": "Delivered",
            "datetime": "2026-11-24T12:00:00Z",
            "tracking_location": place,
        },
    ]
    tracker = {
        "object": "Tracker",
        "id": "trk_1",
        "tracking_code": "1z 999",
        "carrier": "UPS",
        "status": "delivered",
        "signed_by": "J DOE",
        "tracking_details": details,
    }
    return json.dumps({"object": "Event", "description": "tracker.updated", "result": tracker})


def shippo_event() -> str:
    """A track_updated event: its current status and its history, as Shippo's field list has."""
    for key in ("tracking_number", "tracking_status", "tracking_history", "status_date"):
        assert key in _fields("shippo_track_updated.fields.txt")
    place = {"city": "Louisville", "state": "KY", "zip": "40201", "country": "US"}
    history = [
        {
            "status": "TRANSIT",
            "status_details": "Arrived at facility",
            "status_date": "2026-11-22T09:30:00Z",
            "location": place,
        },
        {
            "status": "FAILURE",
            "status_details": "Weather delay",
            "status_date": "2026-11-23T10:15:00Z",
            "location": place,
        },
    ]
    current = {
        "status": "DELIVERED",
        "status_details": "Delivered",
        "status_date": "2026-11-24T12:00:00Z",
        "location": place,
    }
    data = {
        "carrier": "ups",
        "tracking_number": "1Z999",
        "tracking_status": current,
        "tracking_history": history,
    }
    return json.dumps({"event": "track_updated", "data": data})


UPS_HEADER = (
    "Record Type,Shipper Number,Tracking Number,Date,Time,Activity Type,Status Code,"
    "Status Description,Reason Code,Reason Description,Activity City,Activity State,"
    "Activity Postal Code,Activity Country"
)
UPS_CSV = f"""{UPS_HEADER}
Generic,A1,1Z999,20261122,093000,DS,,,,,Louisville,KY,40201,US
Exception,A1,1Z999,20261123,101500,,X,Delay,WX,Weather delay,Louisville,KY,40201,US
Delivery,A1,1Z999,20261124,120000,,,,,,Louisville,KY,40201,US
"""

GENERIC_CSV = """carrier,tracking_number,status,event_time,location,exception_code
ups,1Z999,in_transit,2026-11-22T09:30:00Z,"Louisville, KY, 40201, US",
ups,1Z999,exception,2026-11-23T10:15:00Z,"Louisville, KY, 40201, US",WX
ups,1Z999,Delivered,2026-11-24T12:00:00Z,"Louisville, KY, 40201, US",
"""


def test_every_format_reads_into_the_same_events(tmp_path: Path):
    for record in ("Origin", "Exception", "Delivery", "Generic", "tracking_number"):
        assert record in _fields("ups_quantumview_subscription_file.fields.txt")
    read = {
        "easypost": _read(tmp_path, "easypost.jsonl", easypost_event() + "\n"),
        "shippo": _read(tmp_path, "shippo.jsonl", shippo_event() + "\n"),
        "ups": _read(tmp_path, "quantum-view.csv", UPS_CSV),
        "generic": _read(tmp_path, "events.csv", GENERIC_CSV),
    }
    events = {name: rows.sort("event_time").select(SAME) for name, rows in read.items()}

    assert events["easypost"]["tracking_status"].to_list() == [
        "in_transit",
        "exception",
        "delivered",
    ]
    assert events["easypost"]["lifecycle_status"].to_list() == [
        "in_transit",
        "exception",
        "delivered",
    ]
    assert events["easypost"]["tracking_number"].unique().to_list() == ["1Z999"]
    for name, rows in events.items():
        assert rows.equals(events["easypost"]), name
    assert all(rows["rule"].is_null().all() for rows in read.values())


def test_the_carriers_codes_and_signatures_are_kept(tmp_path: Path):
    ups = _read(tmp_path, "quantum-view.csv", UPS_CSV)
    easypost = _read(tmp_path, "easypost.jsonl", easypost_event() + "\n")

    assert ups["carrier_status"].to_list() == ["Generic DS", "Exception", "Delivery"]
    assert ups["exception_code"].to_list() == [None, "WX", None]
    assert easypost.filter(pl.col("tracking_status") == "delivered")["signed_by"].to_list() == [
        "J DOE"
    ]


def test_a_bad_line_is_a_reason_and_the_others_are_read(tmp_path: Path):
    text = "\n".join(["{not json", shippo_event(), json.dumps({"hello": "world"})]) + "\n"
    rows = _read(tmp_path, "mixed.jsonl", text)

    bad = rows.filter(pl.col("rule").is_not_null())
    assert bad["rule"].to_list() == ["unreadable_row", "unreadable_row"]
    assert bad["source_row"].to_list() == [1, 3]
    assert not any("hello" in reason or "not json" in reason for reason in bad["problem"])
    assert rows.filter(pl.col("rule").is_null()).height == 3


def test_a_status_nobody_mapped_is_refused_with_the_word_to_map(tmp_path: Path):
    text = "tracking_number,status,event_time\n1Z999,teleported,2026-11-22T09:30:00Z\n"
    rows = _read(tmp_path, "events.csv", text)

    assert rows["rule"].to_list() == ["unknown_status"]
    assert "'teleported'" in rows["problem"][0]


def test_a_csv_of_another_kind_is_refused_without_quoting_it(tmp_path: Path):
    rows = _read(tmp_path, "prices.csv", "sku;secret_price\nMUG;12\n")

    assert rows["rule"].to_list() == ["unreadable_file"]
    assert "secret" not in rows["problem"][0]
