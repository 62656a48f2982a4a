"""Channel feedback: after the documents are published, tell each channel what shipped.

Reads the carrier confirmations applied up to tonight with their packages and order lines,
writes each channel's upload file under `$OMS_OUTPUT/<date>/channels/<channel>/` and records
every package and line told in oms.channel_feedback, so no later night tells it again.
"""

import dagster as dg

from assets.channel_feedback.files import channel_files, with_files
from assets.partitions import business_date_of, business_day
from assets.specs import oms_key, rows_per, table_spec
from contracts.shipment_feedback_formats import FEEDBACK_FILES
from resources.output_store import OutputStore
from resources.storage import OBJECT_STORAGE_RETRY
from resources.warehouse import Warehouse, replace_partitions, run_sql_file

READS = ("shipment_confirmations", "shipments", "shipment_packages", "allocations", "order_lines")


@dg.multi_asset(
    name="tell_channels_shipments",
    specs=[
        table_spec(
            "channel_feedback",
            group="channel_feedback",
            description=(
                "Confirmed packages told to their channel, once across nights, re-runs and "
                "backfills, with the file under $OMS_OUTPUT/<date>/channels/ that told them."
            ),
            # after the documents: their swap publishes the date's folder this writes into
            deps=[
                *(oms_key(table) for table in READS),
                dg.AssetKey(["files", "warehouse_documents"]),
            ],
        )
    ],
    partitions_def=business_day,
    retry_policy=OBJECT_STORAGE_RETRY,
)
def tell_channels_shipments(
    context: dg.AssetExecutionContext, warehouse: Warehouse, output_store: OutputStore
) -> dg.MaterializeResult:
    business_date = business_date_of(context)
    with warehouse.connect() as con:
        lines = run_sql_file(
            con, "channel_feedback/lines_to_tell", params={"business_date": business_date}
        )
        ledger = with_files(lines)
        files = channel_files(ledger)
        for spec in FEEDBACK_FILES:  # each replaced whole; one an earlier run wrote, removed
            if spec in files:
                output_store.write_channel_file(
                    business_date, spec.channel, spec.name, files[spec][0]
                )
            else:
                output_store.remove_channel_file(business_date, spec.channel, spec.name)
        replace_partitions(con, business_date, {"channel_feedback": ledger}, run_id=context.run_id)
    by_channel = rows_per(ledger, "channel")
    return dg.MaterializeResult(
        metadata={
            "dagster/row_count": ledger.height,
            "folder": dg.MetadataValue.path(
                f"{output_store.date_location(business_date)}/channels"
            ),
            "by_channel": dg.MetadataValue.json(by_channel),
            "rows_per_file": dg.MetadataValue.json({s.path: n for s, (_, n) in files.items()}),
        }
    )
