"""The canonical shapes every channel is normalised to, and the DDL column contracts.

`STAGED_SCHEMA` is one row per candidate order line as a reader hands it over (order-level
fields repeated on each line, values still as the channel wrote them). The `*_SCHEMA`
dictionaries below mirror `sql/ingest/*.ddl.sql` column for column.
"""

from collections.abc import Iterable

import polars as pl

SERVICE_LEVELS = ("standard", "expedited", "overnight")
ORDER_STATUSES = ("open", "cancelled", "fulfilled_by_channel")

STAGED_SCHEMA: dict[str, pl.DataType] = {
    "channel": pl.String(),
    "source_file": pl.String(),
    "source_row": pl.Int64(),
    "channel_order_id": pl.String(),
    "channel_line_id": pl.String(),
    "placed_at_raw": pl.String(),
    "placed_at": pl.Datetime("us"),
    "service_name": pl.String(),
    "ship_name": pl.String(),
    "ship_address1": pl.String(),
    "ship_city": pl.String(),
    "ship_region": pl.String(),
    "ship_postal_code_raw": pl.String(),
    "ship_country_raw": pl.String(),
    "sku": pl.String(),
    "quantity_raw": pl.String(),
    "status_raw": pl.String(),
    "status": pl.String(),
    "is_paid": pl.Boolean(),
    "is_structural": pl.Boolean(),
}

ORDER_FIELDS = (
    "placed_at",
    "service_level",
    "ship_name",
    "ship_address1",
    "ship_city",
    "ship_region",
    "ship_postal_code",
    "ship_country",
    "status",
    "is_paid",
)
ADDRESS_FIELDS = (
    "ship_name",
    "ship_address1",
    "ship_city",
    "ship_region",
    "ship_postal_code",
    "ship_country",
)

ORDERS_SCHEMA: dict[str, pl.DataType] = {
    "business_date": pl.Date(),
    "channel": pl.String(),
    "channel_order_id": pl.String(),
    "version": pl.Int32(),
    "placed_at": pl.Datetime("us"),
    "service_level": pl.String(),
    "ship_name": pl.String(),
    "ship_address1": pl.String(),
    "ship_city": pl.String(),
    "ship_region": pl.String(),
    "ship_postal_code": pl.String(),
    "ship_country": pl.String(),
    "status": pl.String(),
    "is_paid": pl.Boolean(),
    "content_hash": pl.String(),
    "source_file": pl.String(),
}

ORDER_LINES_SCHEMA: dict[str, pl.DataType] = {
    "business_date": pl.Date(),
    "channel": pl.String(),
    "channel_order_id": pl.String(),
    "version": pl.Int32(),
    "line_no": pl.Int32(),
    "channel_line_id": pl.String(),
    "sku": pl.String(),
    "quantity": pl.Int32(),
    "source_file": pl.String(),
    "source_row": pl.Int64(),
}

ORDER_EVENTS_SCHEMA: dict[str, pl.DataType] = {
    "business_date": pl.Date(),
    "channel": pl.String(),
    "channel_order_id": pl.String(),
    "version": pl.Int32(),
    "event_type": pl.String(),
    "detail": pl.String(),
}

ORDER_REJECTS_SCHEMA: dict[str, pl.DataType] = {
    "business_date": pl.Date(),
    "channel": pl.String(),
    "source_file": pl.String(),
    "source_row": pl.Int64(),
    "channel_order_id": pl.String(),
    "rule": pl.String(),
    "reason": pl.String(),
    "original_values": pl.String(),
}

INGESTED_FILES_SCHEMA: dict[str, pl.DataType] = {
    "business_date": pl.Date(),
    "channel": pl.String(),
    "source_file": pl.String(),
    "file_format": pl.String(),
    "rows_read": pl.Int64(),
    "rows_structural": pl.Int64(),
    "lines_accepted": pl.Int64(),
    "lines_rejected": pl.Int64(),
    "lines_unchanged": pl.Int64(),
    "file_rejected_reason": pl.String(),
}

# Tonight's candidates carry neither business date nor version: the order book assigns them.
CANDIDATE_ORDERS_SCHEMA = {
    k: v for k, v in ORDERS_SCHEMA.items() if k not in ("business_date", "version")
}
CANDIDATE_LINES_SCHEMA = {
    k: v for k, v in ORDER_LINES_SCHEMA.items() if k not in ("business_date", "version")
}


def conform(frame: pl.DataFrame, schema: dict[str, pl.DataType]) -> pl.DataFrame:
    """Select and cast to the contract's columns, in the contract's order."""
    return frame.select(pl.col(name).cast(dtype) for name, dtype in schema.items())


def stacked(frames: Iterable[pl.DataFrame], schema: dict[str, pl.DataType]) -> pl.DataFrame:
    """Frames one after another in the contract's columns; the contract's empty frame if none."""
    return conform(
        pl.concat([pl.DataFrame(schema=schema), *frames], how="vertical_relaxed"), schema
    )
