"""Each carrier's words for where a parcel is, in batch-oms words (contracts.vocabulary
TRACKING_STATUSES; FEEDBACK-FORMATS.md section 4.6, docs/lifecycle.md "Delivery tracking")."""

from __future__ import annotations

import polars as pl

from contracts.vocabulary import TRACKING_STATUS_LIFECYCLE, TRACKING_STATUSES

EASYPOST: dict[str, str] = {
    "pre_transit": "label_created",
    "in_transit": "in_transit",
    "out_for_delivery": "out_for_delivery",
    "available_for_pickup": "available_for_pickup",
    "delivered": "delivered",
    "return_to_sender": "return_to_sender",
    "failure": "exception",
    "cancelled": "cancelled",
    "unknown": "unknown",
    "error": "unknown",
}
SHIPPO: dict[str, str] = {
    "PRE_TRANSIT": "label_created",
    "TRANSIT": "in_transit",
    "DELIVERED": "delivered",
    "RETURNED": "return_to_sender",
    "FAILURE": "exception",
    "UNKNOWN": "unknown",
}
UPS_QUANTUM_VIEW: dict[str, str] = {
    "Manifest": "label_created",
    "Origin": "in_transit",
    "Exception": "exception",
    "Delivery": "delivered",
    "Generic DS": "in_transit",
    "Generic OD": "out_for_delivery",
    "Generic UR": "return_to_sender",
    "Generic VM": "cancelled",
    "Generic UD": "unknown",
    "Generic SD": "unknown",
}
"""A UPS record type, or for a Generic record `Generic <activity_type>`. Generic codes UPS
documents without a meaning for the parcel's journey (RE, RP, PS, TC, FN, AG, FM, PT, PC) are
refused as unknown_status so someone decides what they mean."""
GENERIC: dict[str, str] = {status: status for status in TRACKING_STATUSES}

MAPPINGS: dict[str, dict[str, str]] = {
    "easypost": EASYPOST,
    "shippo": SHIPPO,
    "ups_quantum_view": UPS_QUANTUM_VIEW,
    "generic_csv": GENERIC,
}


def mapping_frame() -> pl.DataFrame:
    """(source_format, carrier_status, tracking_status, lifecycle_status) for every word known."""
    rows = [
        (fmt, raw, status, TRACKING_STATUS_LIFECYCLE[status])
        for fmt, mapping in MAPPINGS.items()
        for raw, status in mapping.items()
    ]
    return pl.DataFrame(
        rows,
        schema={
            "source_format": pl.String,
            "carrier_status": pl.String,
            "tracking_status": pl.String,
            "lifecycle_status": pl.String,
        },
        orient="row",
    )
