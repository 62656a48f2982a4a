"""Our canonical order-line feed: CSV, Parquet or JSON Lines, one row per line, the columns of
docs/inputs.md ("generic").
"""

from contracts.channel_formats.base import ExportFormat, Timestamps
from contracts.vocabulary import ADDRESS_FIELDS

COLUMNS = (
    "channel_order_id", "placed_at", "service_level", "ship_name", "ship_address1",
    "ship_city", "ship_region", "ship_postal_code", "ship_country", "sku", "quantity",
    "status", "is_paid", "channel_line_id", "ship_company", "ship_address2", "ship_phone",
    "unit_price", "currency",
)  # fmt: skip
"""The feed's columns as the demo writes them; the address's company, second line and phone
came later, the unit price and its ISO 4217 currency last (optional, like every column after
`quantity`)."""

OFFSET_FORMATS = (
    "%Y-%m-%dT%H:%M:%S%.f%z",
    "%Y-%m-%d %H:%M:%S%.f%z",
    "%Y-%m-%d %H:%M:%S %z",
    "%Y-%m-%dT%H:%M%z",
)
"""ISO 8601 with an offset (`Z`, `UTC` and `GMT` are read as +00:00)."""
LOCAL_FORMATS = (
    "%Y-%m-%dT%H:%M:%S%.f",
    "%Y-%m-%d %H:%M:%S%.f",
    "%Y-%m-%dT%H:%M",
    "%Y-%m-%d %H:%M",
    "%Y-%m-%d",
)
"""ISO 8601 without an offset: read in the channel's configured zone."""

TIMESTAMPS = Timestamps(
    written="%Y-%m-%dT%H:%M:%SZ", offset_formats=OFFSET_FORMATS, local_formats=LOCAL_FORMATS
)
FIELDS = {
    field: ("service_level",) if field == "service_name" else (field,)
    for field in (
        *("channel_order_id", "channel_line_id", "placed_at", "service_name"),
        *ADDRESS_FIELDS,
        *("sku", "quantity", "status", "listing_id", "listing_title", "unit_price", "currency"),
        "buyer_email",
    )
}
"""Each field is read from the column of its name, but the service from `service_level`."""

CANONICAL_LINES = ExportFormat(
    channel="generic",
    separator=",",
    placed_at=TIMESTAMPS,
    fields=FIELDS,
    name="generic_csv",
    signature=("channel_order_id", "placed_at", "sku", "quantity"),
    description="batch-oms canonical order lines",
    columns=COLUMNS,
)
"""Recognised by the columns no feed can do without. Parquet and JSON Lines files carry the same
columns and are told apart by their suffix."""

BINARY_LAYOUTS = {
    ".parquet": "generic_parquet",
    ".jsonl": "generic_jsonl",
    ".ndjson": "generic_jsonl",
}
"""The same columns as Parquet or JSON Lines, told apart by the file's suffix."""

STATUS_WORDS = {
    "open": "open",
    "cancelled": "cancelled",
    "canceled": "cancelled",
    "fulfilled": "fulfilled_by_channel",
    "fulfilled_by_channel": "fulfilled_by_channel",
    "store_pickup": "store_pickup",
    "pickup": "store_pickup",
    "digital": "digital",
}
"""`status` as feeds write it → our status; an empty status means open. Only `open` orders are
allocated; the others are recorded without needing a ship-to or a SKU."""
