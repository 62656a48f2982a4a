"""Returns: the channels' return requests and the warehouse's receipts, matched to order lines.

Run after allocation and confirmations (a receipt is held against the units confirmed shipped);
the next night's inventory netting counts the units restocked here
(sql/inventory/returned_units.sql).
"""

import dagster as dg
import polars as pl

from assets.partitions import business_date_of
from assets.returns.files import read_receipt_files, read_request_files
from assets.specs import oms_key, rows_per, table_spec, table_step
from resources.landing import LandingZone
from resources.storage import OBJECT_STORAGE_RETRY
from resources.warehouse import Warehouse, replace_partitions, run_sql_file

REQUESTS = "returns/requests"
RECEIPTS = "returns/receipts"
"""The landing folders (docs/inputs.md): `<folder>/<YYYY-MM-DD>/`."""


@table_step(
    "match_returns",
    [
        table_spec(
            "return_requests",
            group="returns",
            description="Channels' return requests, matched to order lines; applied once.",
            deps=[oms_key("order_lines")],
        ),
        table_spec(
            "return_receipts",
            group="returns",
            description=(
                "Returned parcels received by the warehouse: never more than shipped; restocked "
                "units are available again the next night."
            ),
            deps=[oms_key("allocations"), oms_key("shipment_confirmations")],
        ),
    ],
    retry_policy=OBJECT_STORAGE_RETRY,
)
def match_returns(context: dg.AssetExecutionContext, landing: LandingZone, warehouse: Warehouse):
    """Both tables of the night in one write, so a receipt is never judged against requests
    that were not kept."""
    business_date = business_date_of(context)
    requests_in = read_request_files(
        landing.dated_files(REQUESTS, business_date), landing.refused_files(REQUESTS, business_date)
    )
    receipts_in = read_receipt_files(
        landing.dated_files(RECEIPTS, business_date), landing.refused_files(RECEIPTS, business_date)
    )
    params = {"business_date": business_date}
    with warehouse.connect() as con:
        requests = run_sql_file(
            con, "returns/request_matches", frames={"incoming": requests_in}, params=params
        )
        receipts = run_sql_file(
            con,
            "returns/receipt_matches",
            frames={"incoming": receipts_in, "tonights_requests": requests},
            params=params,
        )
        frames = {"return_requests": requests, "return_receipts": receipts}
        replace_partitions(con, business_date, frames, run_id=context.run_id)
    for table, frame in frames.items():
        yield dg.MaterializeResult(
            asset_key=oms_key(table),
            metadata={
                "dagster/row_count": frame.height,
                "by_status": dg.MetadataValue.json(rows_per(frame, "status")),
                "units_accepted": int(
                    frame.filter(pl.col("status") == "accepted")[
                        "quantity" if table == "return_requests" else "quantity_received"
                    ].sum()
                ),
            },
        )
