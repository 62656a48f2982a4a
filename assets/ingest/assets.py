"""Ingest: channel exports of the night → the order book (new and changed order versions) and
rejects.

One step per channel reads and validates that channel's files (no database: they can run in
parallel, in other processes or on other hosts) and hands its batch on as Parquet through the
stage IO manager; then `ingest_orders`, the one writer, applies every channel's batch to the order
book in DuckDB.
"""

from datetime import date

import dagster as dg
import polars as pl

from assets.ingest.channel_batches import batch_frames, batch_of, combine_batches
from assets.ingest.order_book import apply_to_order_book
from assets.ingest.reading import IngestReference, read_and_validate
from assets.partitions import business_date_of, business_day
from assets.specs import OWNER, oms_key, rows_per, table_spec
from contracts.vocabulary import CHANNELS
from resources.landing import LandingExpectations, LandingZone
from resources.policies import IngestSettings
from resources.stage import FAN_OUT_TAGS
from resources.storage import OBJECT_STORAGE_RETRY
from resources.warehouse import Warehouse, replace_partitions, run_sql_file

STAGE_IO = "stage_io_manager"
INGEST_TABLES = {
    "orders": "Order versions new or changed tonight (order key: channel, channel_order_id).",
    "order_lines": "Lines of tonight's new and changed order versions.",
    "order_events": "What changed in the order book tonight: created, changed, cancelled.",
    "order_rejects": "Rows and files that did not enter the order book, with an actionable reason.",
    "ingested_files": (
        "Every landed order file with its row accounting (read = accepted + rejected + unchanged)."
    ),
    "unmapped_services": (
        "Shipping methods no service mapping knew: their orders were accepted at the default "
        "service level; map them in reference/service_levels.csv (docs/inputs.md)."
    ),
    "unmapped_listings": (
        "Listings whose lines came without a SKU and that reference/listings.csv does not map: "
        "their lines were rejected as missing_sku; map them there (docs/inputs.md, Listings)."
    ),
    "ingest_warnings": (
        "Lines of order files read, but not as the file said (a line of a UTF-8 file read as "
        "Windows-1252): check the orders on those lines (docs/inputs.md, Encodings)."
    ),
}


def _unmapped_table(frame: pl.DataFrame) -> str:
    """The night's unmapped shipping methods as a Markdown table for the UI."""
    rows = [
        f"| {channel} | {name if name is not None else '(empty)'} | {level} | {lines} | {orders} |"
        for channel, name, level, lines, orders in frame.select(
            "channel", "service_name", "service_level", "lines", "orders"
        ).iter_rows()
    ]
    header = "| channel | shipping method | given level | lines | orders |\n|---|---|---|---|---|"
    return "\n".join([header, *rows]) if rows else "every shipping method was mapped"


def channel_batch_key(channel: str) -> dg.AssetKey:
    """`stage/<channel>_orders`: a channel's validated batch, staged for the order book."""
    return dg.AssetKey(["stage", f"{channel}_orders"])


def _reference(landing: LandingZone, settings: IngestSettings) -> IngestReference:
    return IngestReference(
        skus=landing.reference("skus"),
        service_levels=landing.reference("service_levels"),
        local_time_zones=settings.time_zones(),
        order_dates=settings.order_dates(),
        service_level_fallback=settings.service_level_fallback(),
        listings=landing.reference("listings"),
        channel_currencies=settings.currencies(),
    )


def _channel_batch_asset(channel: str) -> dg.AssetsDefinition:
    @dg.asset(
        key=channel_batch_key(channel),
        group_name="ingest",
        kinds={"polars", "parquet"},
        owners=[OWNER],
        partitions_def=business_day,
        io_manager_key=STAGE_IO,
        op_tags=FAN_OUT_TAGS,
        retry_policy=OBJECT_STORAGE_RETRY,
        description=(
            f"Tonight's {channel} exports (orders/{channel}/<date>/) read and validated: candidate "
            "order versions, row rejects and per-file counts, staged as Parquet for "
            "`ingest_orders`. Opens no database: channels may run side by side, on other hosts."
        ),
    )
    def channel_batch(
        context: dg.AssetExecutionContext, landing: LandingZone, ingest_settings: IngestSettings
    ) -> dg.Output[dict[str, pl.DataFrame]]:
        business_date = business_date_of(context)
        files = landing.order_files(business_date, channels=[channel])
        reference = _reference(landing, ingest_settings)
        batch = read_and_validate(files, business_date=business_date, reference=reference)
        stats = batch.file_stats
        return dg.Output(
            batch_frames(batch),
            metadata={
                "files": len(files),
                "files_rejected": stats.filter(pl.col("file_rejected_reason").is_not_null()).height,
                "rows_read": int(stats["rows_read"].sum() or 0),
                "candidate_orders": batch.orders.height,
                "candidate_lines": batch.lines.height,
                "rows_rejected": batch.rejects.height,
                "lines_at_default_service": int(batch.unmapped_services["lines"].sum() or 0),
                "lines_of_unmapped_listings": int(batch.unmapped_listings["lines"].sum() or 0),
                "lines_warned": batch.warnings.height,
            },
        )

    return channel_batch


channel_batches = [_channel_batch_asset(channel) for channel in CHANNELS]


@dg.multi_asset(
    name="ingest_orders",
    specs=[
        table_spec(
            t,
            group="ingest",
            description=d,
            deps=[channel_batch_key(channel) for channel in CHANNELS],
        )
        for t, d in INGEST_TABLES.items()
    ],
    ins={channel: dg.AssetIn(key=channel_batch_key(channel)) for channel in CHANNELS},
    partitions_def=business_day,
    can_subset=False,
    retry_policy=OBJECT_STORAGE_RETRY,
)
def ingest_orders(
    context: dg.AssetExecutionContext,
    landing: LandingZone,
    warehouse: Warehouse,
    ingest_settings: IngestSettings,
    landing_expectations: LandingExpectations,
    **staged: dict[str, pl.DataFrame],
):
    """Apply every channel's validated batch to the order book (the one ingest step that writes).

    Files in a folder of orders/ that is not a channel, or in orders/ itself, are rejected here,
    whole, with a reason.
    """
    business_date = business_date_of(context)
    batches = [batch_of(staged[channel], business_date) for channel in CHANNELS]
    if landing_expectations.fail_when_missing:
        landed = {c for c, b in zip(CHANNELS, batches, strict=True) if b.file_stats.height}
        _fail_unless_landed(landing_expectations.expected_channels, landed, business_date)
    other_folders = sorted(landing.channel_folders_present(business_date) - set(CHANNELS))
    stray_files = [
        *landing.order_files(business_date, channels=other_folders),
        *landing.loose_order_files(),
    ]
    if stray_files:
        reference = _reference(landing, ingest_settings)
        batches.append(
            read_and_validate(stray_files, business_date=business_date, reference=reference)
        )
    batch = combine_batches(batches, business_date)
    del batches, staged
    with warehouse.connect() as con:
        prior_orders = run_sql_file(
            con,
            "ingest/prior_orders",
            frames={"batch_keys": batch.orders.select("channel", "channel_order_id").unique()},
            params={"business_date": business_date},
        )
        prior_lines = run_sql_file(con, "ingest/prior_lines", frames={"prior_orders": prior_orders})
        result = apply_to_order_book(batch, prior_orders=prior_orders, prior_lines=prior_lines)
        frames = {table: getattr(result, table) for table in INGEST_TABLES}
        replace_partitions(con, business_date, frames, run_id=context.run_id)

    files_rejected = result.ingested_files.filter(
        pl.col("file_rejected_reason").is_not_null()
    ).height
    rejects_by_rule = rows_per(result.order_rejects, "rule")
    for table, frame in frames.items():
        metadata = {"dagster/row_count": frame.height}
        if table == "orders":
            metadata |= {
                "files": batch.file_stats.height,
                "files_rejected": files_rejected,
                "lines_accepted": result.order_lines.height,
                "rows_rejected": result.order_rejects.height,
                "rows_unchanged": int(result.ingested_files["lines_unchanged"].sum() or 0),
            }
        if table == "order_rejects":
            metadata |= {"rejected_by_rule": dg.MetadataValue.json(rejects_by_rule)}
        if table == "unmapped_services":
            metadata |= {
                "lines_at_default_service": int(frame["lines"].sum() or 0),
                "unmapped_services": dg.MetadataValue.md(_unmapped_table(frame)),
            }
        if table == "unmapped_listings":
            metadata |= {"lines_of_unmapped_listings": int(frame["lines"].sum() or 0)}
        yield dg.MaterializeResult(asset_key=oms_key(table), metadata=metadata)


def _fail_unless_landed(expected: list[str], landed: set[str], business_date: date) -> None:
    """Stop the night before it writes anything when an expected channel sent no order file."""
    missing = [channel for channel in expected if channel not in landed]
    if missing:
        folders = ", ".join(f"orders/{c}/{business_date}/" for c in missing)
        raise dg.Failure(
            description=(
                f"no order file landed in {folders}, and landing_expectations says every "
                f"expected channel sends one (fail_when_missing): the night of {business_date} "
                "did not run. Land the exports and re-run the date, or take the channel out of "
                "expected_channels."
            ),
            allow_retries=False,
        )
