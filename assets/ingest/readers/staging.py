"""Shared steps readers use to turn a channel's raw frame into staged candidate lines."""

from collections.abc import Mapping

import polars as pl

from assets.ingest.canonical import STAGED_SCHEMA
from assets.ingest.readers.tabular import SOURCE_FILE, SOURCE_ROW, text
from contracts.channel_formats import ExportFormat
from contracts.vocabulary import SHIPPABLE, STORE_PICKUP_METHOD

ORDER_KEY = "_order_key"


RAW_FIELDS = {
    "placed_at": "placed_at_raw",
    "ship_postal_code": "ship_postal_code_raw",
    "ship_country": "ship_country_raw",
    "quantity": "quantity_raw",
    "status": "status_raw",
    "unit_price": "unit_price_raw",
    "line_price": "line_price_raw",
    "currency": "currency_raw",
}
"""Fields staged as the channel wrote them, parsed later: their staged names say so."""

STAGED_DEFAULTS = {
    "line_status": pl.lit(SHIPPABLE),
    "buyer_email": pl.lit(None, dtype=pl.String),
    "unit_price_raw": pl.lit(None, dtype=pl.String),
    "line_price_raw": pl.lit(None, dtype=pl.String),
    "currency_raw": pl.lit(None, dtype=pl.String),
}
"""Staged columns a reader may leave out: a channel that says nothing of its lines' own
fulfillment leaves each line to its order's status; one whose layout has no price (Amazon's
Unshipped report) leaves the price unknown; one with no buyer e-mail (Amazon's All Orders
report) leaves it unknown too."""


def read_fields(raw: pl.DataFrame, export_format: ExportFormat) -> dict[str, pl.Expr]:
    """The line fields the format carries in columns of its own, by staged name, as text."""
    return {
        RAW_FIELDS.get(field, field): text(raw, *columns)
        for field, columns in export_format.fields.items()
    }


def staged(
    frame: pl.DataFrame, read: Mapping[str, pl.Expr] | None = None, **columns: pl.Expr
) -> pl.DataFrame:
    """Select the staged columns: those `read` from the file's columns, then `columns` (which
    win). The caller adds channel; rows keep their file and row."""
    columns = {**STAGED_DEFAULTS, **(read or {}), **columns}
    missing = [
        name
        for name in STAGED_SCHEMA
        if name not in columns and name not in ("channel", "source_file", "source_row")
    ]
    if missing:
        raise ValueError(f"reader did not provide staged columns {missing}")
    return frame.select(
        pl.col(SOURCE_FILE).alias("source_file"),
        pl.col(SOURCE_ROW).cast(pl.Int64),
        *(
            expr.cast(STAGED_SCHEMA[name]).alias(name)
            for name, expr in columns.items()
            if name in STAGED_SCHEMA
        ),
    )


def with_order_values(
    frame: pl.DataFrame, group: pl.Expr, values: dict[str, pl.Expr], *, first_row_only: bool
) -> pl.DataFrame:
    """Spread order-level values over every row of their group, in one group-by and join.

    With `first_row_only` the value is the one on the group's first row (Shopify leaves order
    fields empty on continuation rows); otherwise the first non-empty value in the group (eBay
    puts them on a summary row or on the single item row).
    """
    frame = frame.with_columns(_group=group)
    aggregations = [
        (expr.first() if first_row_only else expr.drop_nulls().first()).alias(name)
        for name, expr in values.items()
    ]
    per_group = frame.group_by("_group").agg(aggregations)
    return frame.join(per_group, on="_group", how="left", maintain_order="left")


def with_run_head_values(
    frame: pl.DataFrame, key: pl.Expr, values: dict[str, pl.Expr]
) -> pl.DataFrame:
    """Spread the values on the first row of each run of consecutive equal keys over the run
    (nulls each start their own run).

    Same result as `with_order_values` over an id per run with `first_row_only`, but a run's
    rows are adjacent, so each row just gathers from its run's head row: no group-by, no join.
    """
    is_head = (key != key.shift()).fill_null(True)
    frame = frame.with_columns(
        _head_row=pl.when(is_head).then(pl.int_range(pl.len())).forward_fill()
    )
    return frame.with_columns(
        expr.gather(pl.col("_head_row")).alias(name) for name, expr in values.items()
    ).drop("_head_row")


def void_lines(frame: pl.DataFrame, *, is_void: pl.Expr, status: pl.Expr) -> pl.DataFrame:
    """Apply line-level cancellations/refunds-to-zero (needs `ORDER_KEY` in the frame).

    A void line in an otherwise live order carries no line: it becomes a structural row and the
    order loses the line. When every line of an order is void, the order itself is cancelled
    and keeps its lines (so the cancellation reaches the order book).
    """
    frame = frame.with_columns(_void=is_void.fill_null(False))
    if frame["_void"].any():
        frame = frame.with_columns(_all_void=pl.col("_void").all().over(ORDER_KEY))
    else:  # the common case: no void lines, no window over the orders needed
        frame = frame.with_columns(_all_void=pl.lit(False))
    return frame.with_columns(
        _status=pl.when(pl.col("_all_void")).then(pl.lit("cancelled")).otherwise(status),
        _structural=pl.col("_void") & ~pl.col("_all_void"),
    )


def listing_identity(listing: pl.Expr, variation: pl.Expr) -> pl.Expr:
    """A channel's listing as reference/listings.csv names it: the listing, then the variation
    bought in brackets when the channel gives it in a column of its own (`1234 [Colour:Black]`).
    Null without a listing."""
    bracketed = (
        pl.when(variation.str.starts_with("["))
        .then(variation)
        .otherwise(pl.format("[{}]", variation))
    )
    return (
        pl.when(variation.is_null()).then(listing).otherwise(pl.format("{} {}", listing, bracketed))
    )


def lower(expr: pl.Expr) -> pl.Expr:
    """Lower-case, trimmed text for comparing channel status words."""
    return expr.str.strip_chars().str.to_lowercase()


def is_store_pickup(service_name: pl.Expr) -> pl.Expr:
    """The shipping method says the customer collects the order at the store (never null)."""
    return service_name.str.contains(STORE_PICKUP_METHOD).fill_null(False)
