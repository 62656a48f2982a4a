"""Shipment confirmations: matched before netting, because a confirmed shipment releases its
reservation."""

import dagster as dg
import polars as pl

from assets.fulfillment.confirmation_files import read_confirmation_files
from assets.fulfillment.confirmations import match_confirmations
from assets.partitions import business_date_of
from assets.specs import rows_per, table_spec
from resources.landing import LandingZone
from resources.storage import OBJECT_STORAGE_RETRY
from resources.warehouse import Warehouse, replace_partitions, run_sql_file


@dg.multi_asset(
    name="match_shipment_confirmations",
    specs=[
        table_spec(
            "shipment_confirmations",
            group="fulfillment",
            description=(
                "Confirmations of earlier nights' shipments: applied once; unknown or duplicate "
                "ids reported."
            ),
        )
    ],
    retry_policy=OBJECT_STORAGE_RETRY,
)
def match_shipment_confirmations(
    context: dg.AssetExecutionContext, landing: LandingZone, warehouse: Warehouse
) -> dg.MaterializeResult:
    business_date = business_date_of(context)
    incoming = read_confirmation_files(
        landing.dated_files("confirmations", business_date),
        landing.refused_files("confirmations", business_date),
    )
    unreadable = incoming.filter(pl.col("file_error").is_not_null()).select(
        pl.lit(None, pl.String).alias("shipment_id"),
        "source_file",
        pl.lit("unreadable_file").alias("status"),
        pl.col("file_error").alias("reason"),
    )
    rows = incoming.filter(pl.col("file_error").is_null()).drop("file_error")
    with warehouse.connect() as con:
        inputs = {"frames": {"incoming": rows}, "params": {"business_date": business_date}}
        known = run_sql_file(con, "fulfillment/confirmed_shipments_known", **inputs)
        earlier = run_sql_file(con, "fulfillment/confirmations_earlier", **inputs)
        matched = match_confirmations(rows, known, earlier, business_date=business_date)
        matched = pl.concat([matched, unreadable], how="diagonal_relaxed").drop("business_date")
        replace_partitions(
            con, business_date, {"shipment_confirmations": matched}, run_id=context.run_id
        )
    by_status = rows_per(matched, "status")
    return dg.MaterializeResult(
        metadata={
            "dagster/row_count": matched.height,
            "by_status": dg.MetadataValue.json(by_status),
        }
    )
