"""The demo's carrier tracking feed: where the parcels it confirmed are, the nights after.

In production, tracking events come from the carrier or an aggregator (EasyPost, Shippo). The
demo plays one after each night D, from the confirmations it wrote (pipelines/demo/carrier_scans):
in `tracking/<D+1>/carrier-tracking.jsonl`, as EasyPost tracker events, every parcel confirmed
on D is in transit, and every parcel confirmed on D-1 is delivered, but the first of them, held
by a delivery exception.
"""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

import polars as pl

PLACE = {"city": "Louisville", "state": "KY", "zip": "40201", "country": "US"}


def _confirmed(landing_root: Path, business_date: date) -> pl.DataFrame:
    path = landing_root / "confirmations" / business_date.isoformat() / "carrier-scans.csv"
    if not path.exists():
        return pl.DataFrame(schema={"tracking_number": pl.String})
    return pl.read_csv(path, infer_schema=False, columns=["tracking_number"]).sort(
        "tracking_number"
    )


def _event(tracking_number: str, status: str, detail: str, at: str, message: str) -> str:
    tracking_details = [
        {
            "object": "TrackingDetail",
            "status": status,
            "status_detail": detail,
            "message": message,
            "datetime": at,
            "tracking_location": PLACE,
        }
    ]
    tracker = {
        "object": "Tracker",
        "tracking_code": tracking_number,
        "carrier": "DemoCarrier",
        "status": status,
        "status_detail": detail,
        "tracking_details": tracking_details,
    }
    return json.dumps({"object": "Event", "description": "tracker.updated", "result": tracker})


def write_carrier_tracking(landing_root: Path, business_date: date) -> Path | None:
    """The tracking events the carrier sends the morning after `business_date`; returns the file
    written (None: nothing confirmed on that night or the one before)."""
    moving = _confirmed(landing_root, business_date)["tracking_number"].to_list()
    arrived = _confirmed(landing_root, business_date - timedelta(days=1))["tracking_number"]
    if not moving and arrived.is_empty():
        return None
    day = business_date.isoformat()
    lines = [
        _event(number, "in_transit", "departed_facility", f"{day}T22:00:00Z", "Departed facility")
        for number in moving
    ]
    for n, number in enumerate(arrived.to_list()):
        if n == 0:
            lines.append(
                _event(number, "failure", "delivery_exception", f"{day}T11:00:00Z", "Address issue")
            )
        else:
            lines.append(
                _event(
                    number, "delivered", "arrived_at_destination", f"{day}T14:00:00Z", "Delivered"
                )
            )
    folder = landing_root / "tracking" / (business_date + timedelta(days=1)).isoformat()
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "carrier-tracking.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path
