"""Merge tonight's validated batch into the versioned order book.

An order is (channel, channel_order_id). A candidate whose content equals the latest prior
version is a no-op (its rows count as unchanged); otherwise it becomes version prior+1 (or 1),
with one order_events row per kind of change.
"""

from dataclasses import dataclass

import polars as pl

from assets.ingest.canonical import (
    INGEST_WARNINGS_SCHEMA,
    INGESTED_FILES_SCHEMA,
    ORDER_EVENTS_SCHEMA,
    ORDER_FIELDS,
    ORDER_LINES_SCHEMA,
    ORDERS_SCHEMA,
    UNMAPPED_LISTINGS_SCHEMA,
    UNMAPPED_SERVICES_SCHEMA,
    conform,
)
from assets.ingest.content_hash import content_hashes
from assets.ingest.reading import ValidatedBatch
from contracts.vocabulary import ADDRESS_FIELDS, SHIPPABLE

KEYS = ["channel", "channel_order_id"]


@dataclass(frozen=True)
class IngestResult:
    """Frames with exactly the columns of sql/ingest/*.ddl.sql, ready to insert."""

    orders: pl.DataFrame
    order_lines: pl.DataFrame
    order_events: pl.DataFrame
    order_rejects: pl.DataFrame
    ingested_files: pl.DataFrame
    unmapped_services: pl.DataFrame
    unmapped_listings: pl.DataFrame
    ingest_warnings: pl.DataFrame


def apply_to_order_book(
    batch: ValidatedBatch, *, prior_orders: pl.DataFrame, prior_lines: pl.DataFrame
) -> IngestResult:
    """New and changed order versions, their lines and events, plus rejects and file counts.

    `prior_orders`/`prior_lines` hold the latest version before tonight of (at least) the
    orders in the batch, with the oms.orders / oms.order_lines columns.
    """
    prior = _latest(prior_orders)
    prior_lines = _or_empty(prior_lines, ORDER_LINES_SCHEMA).join(
        prior.select(*KEYS, "version"), on=[*KEYS, "version"], how="semi"
    )
    prior_hash = content_hashes(prior, prior_lines, KEYS).rename({"content_hash": "prior_hash"})
    prior_view = prior.select(
        *KEYS,
        pl.col("version").alias("prior_version"),
        *(pl.col(f).alias(f"prior_{f}") for f in ORDER_FIELDS),
        pl.col("buyer_email").alias("prior_buyer_email"),
    ).join(prior_hash, on=KEYS, how="left")
    merged = batch.orders.join(prior_view, on=KEYS, how="left", maintain_order="left")
    merged = _with_recipient_kept(merged, batch.lines).with_columns(
        # a copy without an e-mail (Amazon's All Orders report) keeps the book's
        buyer_email=pl.coalesce("buyer_email", "prior_buyer_email"),
        is_changed=pl.col("prior_version").is_null()
        | (pl.col("content_hash") != pl.col("prior_hash")).fill_null(True),
        version=(pl.col("prior_version").fill_null(0) + 1).cast(pl.Int32),
        business_date=pl.lit(batch.business_date),
    )
    changed = merged.filter(pl.col("is_changed"))
    orders = conform(changed, ORDERS_SCHEMA)
    lines = conform(
        batch.lines.join(
            changed.select(*KEYS, "version", "business_date"), on=KEYS, maintain_order="left"
        ),
        ORDER_LINES_SCHEMA,
    )
    return IngestResult(
        orders=orders,
        order_lines=lines,
        order_events=_events(changed, batch.lines, prior_lines),
        order_rejects=batch.rejects,
        ingested_files=_ingested_files(batch, merged),
        unmapped_services=conform(
            batch.unmapped_services.with_columns(business_date=pl.lit(batch.business_date)),
            UNMAPPED_SERVICES_SCHEMA,
        ),
        unmapped_listings=conform(
            batch.unmapped_listings.with_columns(business_date=pl.lit(batch.business_date)),
            UNMAPPED_LISTINGS_SCHEMA,
        ),
        ingest_warnings=conform(
            batch.warnings.with_columns(business_date=pl.lit(batch.business_date)),
            INGEST_WARNINGS_SCHEMA,
        ),
    )


RECIPIENT = ("ship_name", "ship_company", "ship_address1", "ship_address2", "ship_phone")
PLACE = ("ship_city", "ship_region", "ship_postal_code", "ship_country")


def _with_recipient_kept(merged: pl.DataFrame, lines: pl.DataFrame) -> pl.DataFrame:
    """A copy with no recipient (name, company, street lines, phone), to the same city, region,
    postal code and country as the order book's version, keeps the book's recipient.

    Amazon's All Orders report carries no name or street: a cancellation or status change that
    arrives through it must not read as an address change too, nor leave the live order without
    a recipient. The copy's content hash is recomputed with the kept fields.
    """
    same_place = pl.all_horizontal(pl.col(f).eq_missing(pl.col(f"prior_{f}")) for f in PLACE)
    keeps = (
        pl.all_horizontal(pl.col(f).is_null() for f in RECIPIENT)
        & pl.any_horizontal(pl.col(f"prior_{f}").is_not_null() for f in RECIPIENT)
        & same_place
    )
    merged = merged.with_columns(_keeps=keeps.fill_null(False))
    if not merged["_keeps"].any():
        return merged.drop("_keeps")
    merged = merged.with_columns(
        pl.when("_keeps").then(pl.col(f"prior_{f}")).otherwise(pl.col(f)).alias(f)
        for f in RECIPIENT
    )
    kept = merged.filter("_keeps")
    rehashed = content_hashes(kept, lines.join(kept.select(KEYS), on=KEYS, how="semi"), KEYS)
    return (
        merged.join(
            rehashed.rename({"content_hash": "_rehashed"}),
            on=KEYS,
            how="left",
            maintain_order="left",
        )
        .with_columns(content_hash=pl.coalesce("_rehashed", "content_hash"))
        .drop("_rehashed", "_keeps")
    )


def _or_empty(frame: pl.DataFrame, schema: dict[str, pl.DataType]) -> pl.DataFrame:
    """The frame in the contract's columns; an empty or column-less frame as an empty one."""
    if frame.is_empty():
        return pl.DataFrame(schema=schema)
    return conform(frame, schema)


def _latest(prior_orders: pl.DataFrame) -> pl.DataFrame:
    """The latest version of each order (the lead already filters; this makes it certain)."""
    prior = _or_empty(prior_orders, ORDERS_SCHEMA)
    return prior.sort("version").unique(KEYS, keep="last", maintain_order=True)


def _line_summary(
    lines: pl.DataFrame, prefix: str, signed: pl.DataFrame | None = None
) -> pl.DataFrame:
    """Lines and units per order, and the line signature of the orders in `signed` (all when
    None): only orders with a prior version compare signatures, and building one is costly."""
    fulfilled = pl.col("line_status") == "fulfilled_by_channel"
    counts = lines.group_by(KEYS).agg(
        pl.len().alias(f"{prefix}lines"),
        pl.col("quantity").sum().alias(f"{prefix}units"),
        fulfilled.sum().alias(f"{prefix}fulfilled"),
    )
    if signed is not None:
        lines = lines.join(signed, on=KEYS, how="semi")
    signatures = lines.group_by(KEYS).agg(
        pl.concat_str(
            [
                pl.col("channel_line_id").fill_null(""),
                pl.col("sku").fill_null(""),
                pl.col("quantity").cast(pl.String),
                pl.col("line_status").fill_null(SHIPPABLE),
            ],
            separator="\x1f",
        )
        .sort_by(pl.col("line_no"))
        .str.join("\x1e")
        .alias(f"{prefix}signature"),
    )
    return counts.join(signatures, on=KEYS, how="left")


def _events(changed: pl.DataFrame, lines: pl.DataFrame, prior_lines: pl.DataFrame) -> pl.DataFrame:
    """One event per order version and kind of change, with what changed in words."""
    with_prior = changed.filter(pl.col("prior_version").is_not_null()).select(KEYS)
    frame = changed.join(_line_summary(lines, "", with_prior), on=KEYS, how="left").join(
        _line_summary(prior_lines, "prior_"), on=KEYS, how="left"
    )
    is_new = pl.col("prior_version").is_null()
    status, prior_status = pl.col("status"), pl.col("prior_status")

    def differs(field: str) -> pl.Expr:
        return pl.col(field).ne_missing(pl.col(f"prior_{field}"))

    def change_text(field: str) -> pl.Expr:
        return pl.when(differs(field)).then(
            pl.format(
                "{} '{}' → '{}'",
                pl.lit(field),
                pl.col(f"prior_{field}").cast(pl.String).fill_null(""),
                pl.col(field).cast(pl.String).fill_null(""),
            )
        )

    address_changed = pl.any_horizontal(differs(f) for f in ADDRESS_FIELDS)
    kinds = [
        (
            "created",
            is_new,
            pl.format(
                "new order: {} lines, {} units, status {}", pl.col("lines"), pl.col("units"), status
            ),
        ),
        (
            "cancelled",
            ~is_new & (status == "cancelled") & (prior_status != "cancelled"),
            pl.format("status {} → cancelled", prior_status),
        ),
        (
            "fulfilled_by_channel",
            ~is_new & (status == "fulfilled_by_channel") & (prior_status != "fulfilled_by_channel"),
            pl.format("status {} → fulfilled_by_channel", prior_status),
        ),
        (
            "reopened",
            ~is_new & (status == "open") & (prior_status != "open"),
            pl.format("status {} → open", prior_status),
        ),
        (
            "status_changed",
            ~is_new
            & (status != prior_status)
            & ~status.is_in(["open", "cancelled", "fulfilled_by_channel"]),
            pl.format("status {} → {}", prior_status, status),
        ),
        (
            "address_changed",
            ~is_new & address_changed,
            pl.concat_str(
                [change_text(f) for f in ADDRESS_FIELDS], separator="; ", ignore_nulls=True
            ),
        ),
        (
            "service_changed",
            ~is_new & differs("service_level"),
            pl.format(
                "service level {} → {}", pl.col("prior_service_level"), pl.col("service_level")
            ),
        ),
        (
            "lines_changed",
            ~is_new & pl.col("signature").ne_missing(pl.col("prior_signature")),
            pl.when(
                (pl.col("lines") == pl.col("prior_lines"))
                & (pl.col("units") == pl.col("prior_units"))
                & (pl.col("fulfilled") != pl.col("prior_fulfilled"))
            )
            .then(
                pl.format(
                    "lines fulfilled by the channel {} → {} (of {})",
                    pl.col("prior_fulfilled"),
                    pl.col("fulfilled"),
                    pl.col("lines"),
                )
            )
            .otherwise(
                pl.format(
                    "lines {} → {}, units {} → {}",
                    pl.col("prior_lines"),
                    pl.col("lines"),
                    pl.col("prior_units"),
                    pl.col("units"),
                )
            ),
        ),
        (
            "payment_changed",
            ~is_new & differs("is_paid"),
            pl.when(pl.col("is_paid"))
            .then(pl.lit("unpaid → paid"))
            .otherwise(pl.lit("paid → unpaid")),
        ),
    ]
    matched = pl.any_horizontal(condition for _, condition, _ in kinds)
    kinds.append(("order_changed", ~matched, change_text("placed_at")))
    # Lazy, so each kind's filter gathers only the columns its rows need.
    events = [
        frame.lazy()
        .filter(condition)
        .select(
            "business_date",
            *KEYS,
            "version",
            event_type=pl.lit(kind),
            detail=detail.fill_null("order details changed"),
        )
        for kind, condition, detail in kinds
    ]
    return conform(
        pl.concat(events).sort([*KEYS, "version"], maintain_order=True).collect(),
        ORDER_EVENTS_SCHEMA,
    )


def _ingested_files(batch: ValidatedBatch, merged: pl.DataFrame) -> pl.DataFrame:
    """Per file: rows of accepted (new/changed) orders vs rows of unchanged re-exports."""
    fate = batch.lines.lazy().join(merged.lazy().select(*KEYS, "is_changed"), on=KEYS, how="left")
    counts = (
        fate.group_by("source_file")
        .agg(
            lines_accepted=pl.col("source_row").filter(pl.col("is_changed")).n_unique(),
            unchanged_in_book=pl.col("source_row").filter(~pl.col("is_changed")).n_unique(),
        )
        .collect()
    )
    return conform(
        batch.file_stats.join(
            counts, on="source_file", how="left", maintain_order="left"
        ).with_columns(
            business_date=pl.lit(batch.business_date),
            lines_accepted=pl.col("lines_accepted").fill_null(0),
            lines_unchanged=pl.col("lines_unchanged") + pl.col("unchanged_in_book").fill_null(0),
        ),
        INGESTED_FILES_SCHEMA,
    )
