"""The demo's carrier: scans the night's manifests and sends back shipment confirmations.

In production, confirmations come from the carrier or the warehouse system. The demo has neither, so
`oms demo` plays the carrier after each night: every shipment on a manifest of date D is confirmed
shipped in `confirmations/<D+1>/carrier-scans.csv`, which releases its reservation when D+1 is
netted.
"""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import polars as pl


def write_carrier_scans(output_root: Path, landing_root: Path, business_date: date) -> Path | None:
    """Confirm every manifested shipment of `business_date`; returns the file written
    (None: no manifests)."""
    manifests = sorted((output_root / business_date.isoformat()).glob("*/manifest-*.csv"))
    if not manifests:
        return None
    shipments = (
        pl.concat([pl.read_csv(p, infer_schema=False, columns=["shipment_id"]) for p in manifests])
        .unique()
        .sort("shipment_id")
    )
    scans = shipments.with_columns(
        pl.lit(f"{business_date.isoformat()}T18:30:00Z").alias("shipped_at"),
        # one parcel, one number: the id's hash repeats for the same order and warehouse on
        # another night, so the ship date is part of the number
        pl.concat_str(
            pl.lit(f"TRK{business_date:%Y%m%d}"),
            pl.col("shipment_id").str.slice(-12).str.to_uppercase(),
        ).alias("tracking_number"),
    )
    folder = landing_root / "confirmations" / (business_date + timedelta(days=1)).isoformat()
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "carrier-scans.csv"
    scans.write_csv(path)
    return path
