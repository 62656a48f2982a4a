"""Shipment confirmations: each confirmation is applied at most once, the rest are explained.

A confirmation is applied when its shipment is known and no earlier confirmation (an earlier row
of tonight's files, in file and row order, or any applied confirmation of an earlier date) has
already confirmed it. Unknown ids and duplicates are kept with a status and a reason; a row that
stands for an unreadable file (file_error set by the reader) is kept as 'unreadable_file'.
"""

import datetime as dt

import polars as pl

from contracts.tables import table_schema

CONFIRMATION_SCHEMA = table_schema("shipment_confirmations")
SHIPPED_AT_FORMATS = (
    "%Y-%m-%dT%H:%M:%S%.f%z",
    "%Y-%m-%dT%H:%M:%S%z",
    "%Y-%m-%d %H:%M:%S%z",
    "%Y-%m-%dT%H:%M:%S%.f",
    "%Y-%m-%dT%H:%M:%S",
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%dT%H:%M",
    "%Y-%m-%d %H:%M",
)


def parse_shipped_at(column: str = "shipped_at") -> pl.Expr:
    """shipped_at as a naive UTC timestamp from ISO text (with or without offset) or a datetime."""
    text = pl.col(column).cast(pl.String).str.strip_chars().str.replace(r"Z$", "+00:00")
    attempts = [
        text.str.to_datetime(
            fmt, time_unit="us", time_zone="UTC", strict=False
        ).dt.replace_time_zone(None)
        for fmt in SHIPPED_AT_FORMATS
    ]
    return pl.coalesce(attempts)


def match_confirmations(
    confirmations: pl.DataFrame,
    shipments: pl.DataFrame,
    already_confirmed: pl.DataFrame,
    *,
    business_date: dt.date | None = None,
) -> pl.DataFrame:
    """oms.shipment_confirmations rows for tonight's confirmations, in file and row order.

    shipments is every known shipment (shipment_id); already_confirmed holds earlier confirmations
    (shipment_id, and when present business_date and status: only 'applied' rows of earlier
    dates count).
    business_date defaults to the confirmations' own business_date column.
    """
    incoming = _normalised(confirmations, business_date)
    known = shipments.select(pl.col("shipment_id").cast(pl.String)).unique()
    tonight = incoming["business_date"].min() if incoming.height else business_date
    earlier = _earlier_confirmations(already_confirmed, tonight)
    ranked = (
        incoming.sort(["source_file", "source_row"], maintain_order=True)
        .with_row_index("arrival")
        .with_columns(
            is_known=pl.col("shipment_id").is_in(known["shipment_id"].implode())
            & pl.col("file_error").is_null()
        )
        .join(earlier, on="shipment_id", how="left", maintain_order="left")
        .with_columns(
            first_arrival=pl.col("arrival").filter(pl.col("is_known")).min().over("shipment_id")
        )
        .with_columns(
            first_file=pl.col("source_file").gather(pl.col("first_arrival")),
            first_row=pl.col("source_row").gather(pl.col("first_arrival")),
        )
    )
    is_first = pl.col("arrival") == pl.col("first_arrival")
    return (
        ranked.with_columns(
            status=pl.when(pl.col("file_error").is_not_null())
            .then(pl.lit("unreadable_file"))
            .when(~pl.col("is_known"))
            .then(pl.lit("unknown_shipment"))
            .when(pl.col("confirmed_on").is_not_null() | ~is_first)
            .then(pl.lit("duplicate"))
            .otherwise(pl.lit("applied")),
            reason=pl.when(pl.col("file_error").is_not_null())
            .then("file_error")
            .when(pl.col("shipment_id") == "")
            .then(pl.lit("row has no shipment id"))
            .when(~pl.col("is_known"))
            .then(pl.format("no shipment {} in oms.shipments", "shipment_id"))
            .when(pl.col("confirmed_on").is_not_null())
            .then(pl.format("shipment already confirmed on {}", "confirmed_on"))
            .when(~is_first)
            .then(pl.format("shipment already confirmed by {} row {}", "first_file", "first_row")),
        )
        .sort("arrival")
        .select(CONFIRMATION_SCHEMA.keys())
        .cast(CONFIRMATION_SCHEMA)
    )


def _normalised(confirmations: pl.DataFrame, business_date: dt.date | None) -> pl.DataFrame:
    """Confirmations with trimmed ids, parsed timestamps and the business date filled in."""
    if business_date is not None:
        date = pl.lit(business_date, dtype=pl.Date)
    elif "business_date" in confirmations.columns:
        date = pl.col("business_date").cast(pl.Date)
    else:
        raise ValueError("pass business_date or give confirmations a business_date column")
    shipped_at = (
        pl.col("shipped_at").cast(pl.Datetime("us")).dt.replace_time_zone(None)
        if confirmations.schema["shipped_at"].is_temporal()
        else parse_shipped_at()
    )
    file_error = (
        pl.col("file_error").cast(pl.String)
        if "file_error" in confirmations.columns
        else pl.lit(None, dtype=pl.String)
    )
    return confirmations.select(
        date.alias("business_date"),
        pl.col("shipment_id").cast(pl.String).str.strip_chars().fill_null(""),
        shipped_at.alias("shipped_at"),
        pl.col("tracking_number").cast(pl.String).str.strip_chars(),
        pl.col("source_file").cast(pl.String),
        pl.col("source_row").cast(pl.Int64).fill_null(0),
        file_error.alias("file_error"),
    )


def _earlier_confirmations(
    already_confirmed: pl.DataFrame, tonight: dt.date | None
) -> pl.DataFrame:
    """One row per shipment already confirmed before tonight, with the date it was confirmed.

    Rows of tonight's own date are ignored, so re-running a night does not turn its own
    confirmations into duplicates.
    """
    rows = already_confirmed
    if "status" in rows.columns:
        rows = rows.filter(pl.col("status") == "applied")
    if "business_date" in rows.columns and tonight is not None:
        rows = rows.filter(pl.col("business_date").cast(pl.Date) < tonight)
    confirmed_on = (
        pl.col("business_date").cast(pl.Date).cast(pl.String)
        if "business_date" in rows.columns
        else pl.lit("an earlier date")
    )
    return (
        rows.select(pl.col("shipment_id").cast(pl.String), confirmed_on.alias("confirmed_on"))
        .group_by("shipment_id")
        .agg(pl.col("confirmed_on").min())
    )
