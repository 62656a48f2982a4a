"""Ingest: channel exports of the night → the order book (new and changed order versions) and
rejects."""

import dagster as dg
import polars as pl

from assets.ingest.order_book import apply_to_order_book
from assets.ingest.reading import IngestReference, read_and_validate
from assets.partitions import business_date_of, business_day
from assets.specs import oms_key, table_spec
from resources.landing import LandingZone
from resources.sql_files import sql_text
from resources.warehouse import Warehouse, fetch, replace_partitions

INGEST_TABLES = {
    "orders": "Order versions new or changed tonight (order key: channel, channel_order_id).",
    "order_lines": "Lines of tonight's new and changed order versions.",
    "order_events": "What changed in the order book tonight: created, changed, cancelled.",
    "order_rejects": "Rows and files that did not enter the order book, with an actionable reason.",
    "ingested_files": (
        "Every landed order file with its row accounting (read = accepted + rejected + unchanged)."
    ),
}


@dg.multi_asset(
    name="ingest_orders",
    specs=[table_spec(t, group="ingest", description=d) for t, d in INGEST_TABLES.items()],
    partitions_def=business_day,
    can_subset=False,
)
def ingest_orders(context: dg.AssetExecutionContext, landing: LandingZone, warehouse: Warehouse):
    """Read every file in orders/<channel>/<date>/, validate, and apply it to the order book."""
    business_date = business_date_of(context)
    files = landing.order_files(business_date)
    reference = IngestReference(
        skus=landing.reference("skus"), service_levels=landing.reference("service_levels")
    )
    batch = read_and_validate(files, business_date=business_date, reference=reference)
    with warehouse.connect() as con:
        con.register(
            "batch_keys", batch.orders.select("channel", "channel_order_id").unique().to_arrow()
        )
        params = {"business_date": business_date}
        prior_orders = fetch(con, sql_text("ingest", "prior_orders"), **params)
        con.register("prior_orders", prior_orders.to_arrow())
        prior_lines = fetch(con, sql_text("ingest", "prior_lines"))
        result = apply_to_order_book(batch, prior_orders=prior_orders, prior_lines=prior_lines)
        frames = {table: getattr(result, table) for table in INGEST_TABLES}
        replace_partitions(con, business_date, frames)

    files_rejected = result.ingested_files.filter(
        pl.col("file_rejected_reason").is_not_null()
    ).height
    rejects_by_rule = dict(result.order_rejects.group_by("rule").len().sort("rule").iter_rows())
    for table, frame in frames.items():
        metadata = {"dagster/row_count": frame.height}
        if table == "orders":
            metadata |= {
                "files": len(files),
                "files_rejected": files_rejected,
                "lines_accepted": result.order_lines.height,
                "rows_rejected": result.order_rejects.height,
                "rows_unchanged": int(result.ingested_files["lines_unchanged"].sum() or 0),
            }
        if table == "order_rejects":
            metadata |= {"rejected_by_rule": dg.MetadataValue.json(rejects_by_rule)}
        yield dg.MaterializeResult(asset_key=oms_key(table), metadata=metadata)
