"""Our canonical order-line feed: CSV, Parquet or JSON Lines with the documented columns."""

import polars as pl

from assets.ingest.readers.formats import ExportFormat
from assets.ingest.readers.staging import lower, staged
from assets.ingest.readers.tabular import has_column, text
from assets.ingest.timestamps import ISO_LOCAL_FORMATS, with_instant

STATUS_WORDS = {
    "open": "open",
    "cancelled": "cancelled",
    "canceled": "cancelled",
    "fulfilled": "fulfilled_by_channel",
    "fulfilled_by_channel": "fulfilled_by_channel",
}
TRUE_WORDS = ["true", "t", "yes", "y", "1"]
FALSE_WORDS = ["false", "f", "no", "n", "0"]


def stage_generic(raw: pl.DataFrame, export_format: ExportFormat, local_tz: str) -> pl.DataFrame:
    """Staged lines from the canonical feed. Missing `status` means open; missing `is_paid`
    (column or cell) means paid, as the feed comes from systems that only export payable orders."""
    status_raw = text(raw, "status")
    status_word = lower(status_raw)
    status = (
        pl.when(status_word.is_null())
        .then(pl.lit("open"))
        .otherwise(
            status_word.replace_strict(
                list(STATUS_WORDS), list(STATUS_WORDS.values()), default=None
            )
        )
    )
    if has_column(raw, "is_paid"):
        paid_word = lower(text(raw, "is_paid"))
        is_paid = (
            pl.when(paid_word.is_null() | paid_word.is_in(TRUE_WORDS))
            .then(pl.lit(True))
            .when(paid_word.is_in(FALSE_WORDS))
            .then(pl.lit(False))
            .otherwise(pl.lit(None, dtype=pl.Boolean))
        )
    else:
        is_paid = pl.lit(True)
    placed_at_raw = text(raw, "placed_at")
    frame = with_instant(
        raw, "_placed_at", placed_at_raw, local_formats=ISO_LOCAL_FORMATS, local_time_zone=local_tz
    )
    return staged(
        frame,
        channel_order_id=text(raw, "channel_order_id"),
        channel_line_id=text(raw, "channel_line_id"),
        placed_at_raw=placed_at_raw,
        placed_at=pl.col("_placed_at"),
        service_name=text(raw, "service_level"),
        ship_name=text(raw, "ship_name"),
        ship_address1=text(raw, "ship_address1"),
        ship_city=text(raw, "ship_city"),
        ship_region=text(raw, "ship_region"),
        ship_postal_code_raw=text(raw, "ship_postal_code"),
        ship_country_raw=text(raw, "ship_country"),
        sku=text(raw, "sku"),
        quantity_raw=text(raw, "quantity"),
        status_raw=status_raw,
        status=status,
        is_paid=is_paid,
        is_structural=pl.lit(False),
    )
