"""eBay Seller Hub "Orders" report and Selling Manager "Sales History": preamble before the
header, footer after the data, and an order summary row before the item rows of a multi-item
order.

Summary rows (empty `Item Number` in an order that has item rows) are structural: they carry
no line, and their order-level values (address, dates, service) fill the item rows. Sale dates
have day precision and no offset; they are read in the channel's configured zone (UTC).
"""

import re

import polars as pl

from assets.ingest.readers.staging import (
    ORDER_KEY,
    RAW_FIELDS,
    listing_identity,
    lower,
    read_fields,
    staged,
    with_order_values,
)
from assets.ingest.readers.tabular import SOURCE_ROW, text
from assets.ingest.timestamps import with_placed_at
from contracts.channel_formats import ExportFormat
from contracts.channel_formats.ebay import (
    CANCELLED_PATTERN,
    FULFILLED_BY_EBAY,
    LISTING_FIELDS,
    ORDER_FIELDS,
)

_HEADER_MARKER = re.compile(r'(^\s*|[,;])"?Sales Record Number"?([,;]|$)', re.IGNORECASE)
_FOOTER = r"(?i)record\(s\) downloaded|^seller id\s*:"
_HEADER_SEARCH_LINES = 20


def skip_preamble(data: bytes) -> bytes:
    """Drop the blank or `,,,,` lines eBay writes before the header, and the tab Sales History
    indents the header with (it would otherwise be part of the first column's name)."""
    start = 0
    for _ in range(_HEADER_SEARCH_LINES):
        end = data.find(b"\n", start)
        line = (data[start:] if end < 0 else data[start:end]).decode("utf-8", errors="replace")
        if _HEADER_MARKER.search(line):
            return data[start:].lstrip(b" \t")
        if line.strip(' ,;"\t') or end < 0:
            break
        start = end + 1
    return data[start:]


def drop_footer(raw: pl.DataFrame) -> pl.DataFrame:
    """Drop `N record(s) downloaded` and `Seller ID : …` lines (not data, never counted)."""
    first_columns = [c for c in raw.columns if c != SOURCE_ROW][:2]
    is_footer = pl.any_horizontal(
        pl.col(c).str.contains(_FOOTER).fill_null(False) for c in first_columns
    )
    return raw.filter(~is_footer)


def stage_ebay(raw: pl.DataFrame, export_format: ExportFormat, local_tz: str) -> pl.DataFrame:
    """Staged lines from an eBay orders report."""
    frame = raw.with_columns(
        pl.coalesce(text(raw, "Order Number", "Order ID"), text(raw, "Sales Record Number")).alias(
            ORDER_KEY
        ),
        _item_number=text(raw, *LISTING_FIELDS["item_number"]),
    )
    frame = with_order_values(
        frame,
        pl.col(ORDER_KEY),
        {
            "_has_items": pl.col("_item_number").is_not_null().any(),
            **{f"_order {name}": text(raw, *aliases) for name, aliases in ORDER_FIELDS.items()},
        },
        first_row_only=False,
    )
    order = {RAW_FIELDS.get(name, name): pl.col(f"_order {name}") for name in ORDER_FIELDS}
    is_summary = (
        pl.col("_item_number").is_null() & pl.col("_has_items") & pl.col(ORDER_KEY).is_not_null()
    )

    order_status = lower(order["status_raw"])
    is_cancelled = order_status.str.contains(CANCELLED_PATTERN).fill_null(False)
    shipped = order["shipped_on"].is_not_null()
    by_ebay = lower(order["fulfillment_program"]).is_in(FULFILLED_BY_EBAY).fill_null(False)
    status = (
        pl.when(is_cancelled)
        .then(pl.lit("cancelled"))
        .when(shipped | by_ebay)
        .then(pl.lit("fulfilled_by_channel"))
        .otherwise(pl.lit("open"))
    )
    frame = with_placed_at(frame, order["placed_at_raw"], export_format.placed_at, local_tz)
    return staged(
        frame,
        order | read_fields(raw, export_format),
        channel_order_id=pl.col(ORDER_KEY),
        placed_at=pl.col("_placed_at"),
        ship_company=pl.lit(None, dtype=pl.String),  # eBay reports carry no company
        status_raw=order_status,
        status=status,
        is_paid=order["paid_on"].is_not_null(),
        is_structural=is_summary,
        listing_id=listing_identity(
            pl.col("_item_number"), text(raw, *LISTING_FIELDS["variation"])
        ),
    )
