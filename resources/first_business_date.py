"""The first business date the code location offers: where the UI's partitions begin.

A deployment's history starts with the first night its landing area holds, not on a fixed date
(partitions from 2025-01-01 made three good nights read "696 missing, 0 % filled"). That date is
recorded beside the working database the first time it is worked out, so cleaning old folders out
of the landing area later never hides the nights already in the warehouse. `OMS_FIRST_DATE`
(YYYY-MM-DD) overrides both, e.g. to backfill history older than the first landed night.
"""

from __future__ import annotations

import os
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from resources.landing import is_date_folder
from resources.storage import Location

FIRST_DATE_VARIABLE = "OMS_FIRST_DATE"
RECORD_NAME = "first_business_date"


def first_business_date() -> date:
    """`OMS_FIRST_DATE`, else the recorded first date, else the earliest `orders/<channel>/<date>/`
    folder of `$OMS_LANDING` (recorded now), else yesterday (UTC), the first night that can run,
    unrecorded so that the first files to land still set it."""
    configured = os.environ.get(FIRST_DATE_VARIABLE)
    if configured:
        return date.fromisoformat(configured)
    record = _record_path()
    if record is not None and record.is_file():
        return date.fromisoformat(record.read_text(encoding="utf-8").strip())
    landing = os.environ.get("OMS_LANDING")
    first = _earliest_landed_date(landing) if landing else None
    if first is None:
        return _yesterday()  # not recorded: the first files to land will say
    if record is not None:
        record.parent.mkdir(parents=True, exist_ok=True)
        record.write_text(first.isoformat() + "\n", encoding="utf-8")
    return first


def _record_path() -> Path | None:
    """`<dir of $OMS_WAREHOUSE>/.work/first_business_date`, beside the working database."""
    warehouse = os.environ.get("OMS_WAREHOUSE")
    if not warehouse:
        return None
    return Path(warehouse).resolve().parent / ".work" / RECORD_NAME


def _earliest_landed_date(landing: str) -> date | None:
    location = Location.of(landing)
    try:
        channels = location.fs.ls(location.join("orders"), detail=False)
    except FileNotFoundError:
        return None
    dates = [
        date.fromisoformat(name)
        for channel in channels
        if location.fs.isdir(channel)
        for name in (
            path.rstrip("/").rsplit("/", 1)[-1] for path in location.fs.ls(channel, detail=False)
        )
        if is_date_folder(name)
    ]
    return min(dates, default=None)


def _yesterday() -> date:
    return datetime.now(UTC).date() - timedelta(days=1)
