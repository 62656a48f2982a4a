"""Tracking: tonight's carrier events matched to confirmed shipments, after the confirmations
and before the lifecycle, which moves the shipments' lines from them."""

from collections.abc import Iterator

import dagster as dg
import polars as pl

from assets.partitions import business_date_of
from assets.specs import oms_key, rows_per, table_spec, table_step
from assets.tracking.files import read_tracking_files
from contracts.tables import table_schema
from resources.landing import LandingZone
from resources.policies import FulfillmentSettings
from resources.storage import OBJECT_STORAGE_RETRY
from resources.warehouse import Warehouse, replace_partitions, run_sql_file

READS = ("shipment_confirmations", "shipments", "shipment_packages")
"""Where a tracking number names a shipment, its order and its packages."""


def sorted_out(matched: pl.DataFrame) -> tuple[pl.DataFrame, pl.DataFrame]:
    """The events to store (first copy, matched to a shipment) and the others as rejects with
    why: an unmatched tracking number, or a copy of an event already stored."""
    where = pl.format("{} row {}", "source_file", "source_row")
    rule = (
        pl.when(pl.col("shipment_id").is_null())
        .then(pl.lit("unmatched_tracking_number"))
        .when(pl.col("stored_on").is_not_null() | (pl.col("copy_tonight") > 1))
        .then(pl.lit("duplicate_event"))
    )
    reason = (
        pl.when(pl.col("shipment_id").is_null())
        .then(
            pl.format(
                "{}: tracking number {} matches no confirmed shipment (oms.shipment_confirmations, "
                "applied on or before tonight): check it is this merchant's parcel, or land its "
                "shipment's confirmation and this file again",
                where,
                "tracking_number",
            )
        )
        .when(pl.col("stored_on").is_not_null())
        .then(
            pl.format(
                "{}: the same event was stored on {} from {}: applied once, nothing to do",
                where,
                pl.col("stored_on").cast(pl.String),
                "stored_in",
            )
        )
        .otherwise(
            pl.format(
                "{}: repeats the event of {} row {}: applied once, nothing to do",
                where,
                "first_file",
                "first_row",
            )
        )
    )
    judged = matched.with_columns(rule.alias("rule"), reason.alias("reason"))
    columns = [c for c in table_schema("tracking_events") if c != "business_date"]
    events = judged.filter(pl.col("rule").is_null()).select(columns)
    return events, judged.filter(pl.col("rule").is_not_null())


TRACKING_TABLES = {
    "tracking_events": (
        "Every carrier tracking event of tracking/<date>/, matched to its shipment by "
        "tracking number and stored once however often it lands."
    ),
    "tracking_rejects": (
        "Tracking files and events not stored, with why: unreadable, unknown status, "
        "unmatched tracking number, or already stored."
    ),
    "stuck_shipments": (
        "Confirmed shipments not delivered with no carrier scan for "
        "FulfillmentSettings.stuck_after_days days (default 3): the parcels to chase."
    ),
}


@table_step(
    "track_shipments",
    [
        table_spec(
            table,
            group="tracking",
            description=description,
            deps=[oms_key(read) for read in READS],
        )
        for table, description in TRACKING_TABLES.items()
    ],
    retry_policy=OBJECT_STORAGE_RETRY,
)
def track_shipments(
    context: dg.AssetExecutionContext,
    landing: LandingZone,
    warehouse: Warehouse,
    fulfillment_settings: FulfillmentSettings,
) -> Iterator[dg.MaterializeResult]:
    """One transaction for the three tables: a re-run replaces the night's events, rejects and
    stuck list together, and the events of earlier nights decide what is a duplicate."""
    business_date = business_date_of(context)
    rows = read_tracking_files(
        landing.dated_files("tracking", business_date),
        landing.refused_files("tracking", business_date),
    )
    unreadable = rows.filter(pl.col("rule").is_not_null()).rename({"problem": "reason"})
    readable = rows.filter(pl.col("rule").is_null()).drop("rule", "problem")
    with warehouse.connect() as con:
        matched = run_sql_file(
            con,
            "tracking/match_events",
            frames={"landed_events": readable},
            params={"business_date": business_date},
        )
        events, unmatched = sorted_out(matched)
        reject_columns = [c for c in table_schema("tracking_rejects") if c != "business_date"]
        rejects = pl.concat(
            [unreadable.with_columns(pl.lit(None, pl.String).alias("event_id")), unmatched],
            how="diagonal_relaxed",
        ).select(reject_columns)
        stuck = run_sql_file(
            con,
            "tracking/stuck_shipments",
            frames={"tonights_events": events},
            params={
                "business_date": business_date,
                "stuck_after_days": fulfillment_settings.stuck_after_days,
            },
        )
        replace_partitions(
            con,
            business_date,
            {"tracking_events": events, "tracking_rejects": rejects, "stuck_shipments": stuck},
            run_id=context.run_id,
        )
    yield dg.MaterializeResult(
        asset_key=oms_key("tracking_events"), metadata={"dagster/row_count": events.height}
    )
    yield dg.MaterializeResult(
        asset_key=oms_key("tracking_rejects"),
        metadata={
            "dagster/row_count": rejects.height,
            "by_rule": dg.MetadataValue.json(rows_per(rejects, "rule")),
        },
    )
    yield dg.MaterializeResult(
        asset_key=oms_key("stuck_shipments"), metadata={"dagster/row_count": stuck.height}
    )
