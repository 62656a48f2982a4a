"""The canonical shapes every channel is normalised to, and the DDL column contracts.

`STAGED_SCHEMA` is one row per candidate order line as a reader hands it over (order-level
fields repeated on each line, values still as the channel wrote them). The `*_SCHEMA`
dictionaries below are the tables' columns as `sql/ingest/*.ddl.sql` declares them.
"""

from collections.abc import Iterable

import polars as pl

from contracts.tables import table_schema
from contracts.vocabulary import ADDRESS_FIELDS

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
    "ship_company": pl.String(),
    "ship_address1": pl.String(),
    "ship_address2": pl.String(),
    "ship_city": pl.String(),
    "ship_region": pl.String(),
    "ship_postal_code_raw": pl.String(),
    "ship_country_raw": pl.String(),
    "ship_phone": pl.String(),
    "buyer_email": pl.String(),  # as the export wrote it, trimmed; normalised by customers
    "sku": pl.String(),
    "listing_id": pl.String(),
    "listing_title": pl.String(),
    "quantity_raw": pl.String(),
    "unit_price_raw": pl.String(),  # the unit price as written (`$45.99`, `12.50`)
    "line_price_raw": pl.String(),  # the line's price for all its units, where no unit price
    "currency_raw": pl.String(),
    "status_raw": pl.String(),
    "status": pl.String(),
    "is_paid": pl.Boolean(),
    "is_structural": pl.Boolean(),
    "line_status": pl.String(),
}

ORDER_FIELDS = (
    "placed_at",
    "service_level",
    *ADDRESS_FIELDS,
    "status",
    "is_paid",
)

ORDERS_SCHEMA = table_schema("orders")
ORDER_LINES_SCHEMA = table_schema("order_lines")
ORDER_EVENTS_SCHEMA = table_schema("order_events")
ORDER_REJECTS_SCHEMA = table_schema("order_rejects")
INGESTED_FILES_SCHEMA = table_schema("ingested_files")
UNMAPPED_SERVICES_SCHEMA = table_schema("unmapped_services")
UNMAPPED_LISTINGS_SCHEMA = table_schema("unmapped_listings")
INGEST_WARNINGS_SCHEMA = table_schema("ingest_warnings")

# Tonight's candidates carry neither business date nor version: the order book assigns them.
CANDIDATE_ORDERS_SCHEMA = table_schema("orders", without=("business_date", "version"))
CANDIDATE_LINES_SCHEMA = table_schema("order_lines", without=("business_date", "version"))


def conform(frame: pl.DataFrame, schema: dict[str, pl.DataType]) -> pl.DataFrame:
    """Select and cast to the contract's columns, in the contract's order."""
    return frame.select(pl.col(name).cast(dtype) for name, dtype in schema.items())


def stacked(frames: Iterable[pl.DataFrame], schema: dict[str, pl.DataType]) -> pl.DataFrame:
    """Frames one after another in the contract's columns; the contract's empty frame if none."""
    return conform(
        pl.concat([pl.DataFrame(schema=schema), *frames], how="vertical_relaxed"), schema
    )
