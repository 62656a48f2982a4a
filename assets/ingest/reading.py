"""Tonight's landed files → validated candidate order versions, rejects and per-file counts."""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date

import polars as pl

from assets.ingest.canonical import (
    CANDIDATE_LINES_SCHEMA,
    CANDIDATE_ORDERS_SCHEMA,
    ORDER_FIELDS,
    ORDER_REJECTS_SCHEMA,
    STAGED_SCHEMA,
    conform,
)
from assets.ingest.content_hash import content_hashes
from assets.ingest.countries import to_alpha2
from assets.ingest.landing_file import LandingFile
from assets.ingest.postal_codes import normalise_postal_code
from assets.ingest.readers import FileRead, read_landing_file
from assets.ingest.readers.tabular import SOURCE_ROW
from assets.ingest.routing import CANDIDATE, REJECTED, UNCHANGED, route
from assets.ingest.service_levels import service_level_mapping, with_service_level
from assets.ingest.validation import ROW_ID, find_violations

FILE_STATS_SCHEMA: dict[str, pl.DataType] = {
    "channel": pl.String(),
    "source_file": pl.String(),
    "file_format": pl.String(),
    "rows_read": pl.Int64(),
    "rows_structural": pl.Int64(),
    "lines_rejected": pl.Int64(),
    "lines_unchanged": pl.Int64(),
    "file_rejected_reason": pl.String(),
}


@dataclass(frozen=True)
class IngestReference:
    """Reference data the night's validation needs."""

    skus: pl.DataFrame  # sku, description, weight_g
    service_levels: pl.DataFrame | None = None  # user rows: channel, service_name, service_level
    # Zone for channel dates written without an offset (WooCommerce, eBay); UTC when absent.
    local_time_zones: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class ValidatedBatch:
    """Tonight's candidate order versions before they meet the order book.

    `orders`/`lines` have the oms.orders / oms.order_lines columns without business_date and
    version; `rejects` has the oms.order_rejects columns; `file_stats` counts, per file, rows
    read, structural, rejected and unchanged earlier copies (accepted vs unchanged against the
    order book is decided by `apply_to_order_book`).
    """

    business_date: date
    orders: pl.DataFrame
    lines: pl.DataFrame
    rejects: pl.DataFrame
    file_stats: pl.DataFrame


def read_and_validate(
    files: Sequence[LandingFile], *, business_date: date, reference: IngestReference
) -> ValidatedBatch:
    """Read every file (sorted by path), normalise, validate and route each row."""
    reads = [
        read_landing_file(f, local_time_zone=reference.local_time_zones.get(f.channel, "UTC"))
        for f in sorted(files, key=lambda f: f.relative_path)
    ]
    staged = pl.concat(
        [pl.DataFrame(schema=STAGED_SCHEMA), *(r.staged for r in reads)]
    ).with_row_index(ROW_ID)
    structural = staged.filter(pl.col("is_structural"))
    normalised = normalise(staged.filter(~pl.col("is_structural")), reference)
    violations = find_violations(normalised, reference.skus["sku"])
    routed = route(normalised, violations)

    candidates = routed.filter(pl.col("outcome") == CANDIDATE)
    orders = candidates.group_by("channel", "channel_order_id", maintain_order=True).agg(
        *(pl.col(f).first() for f in ORDER_FIELDS), pl.col("source_file").first()
    )
    lines = conform(candidates, CANDIDATE_LINES_SCHEMA)
    keys = ["channel", "channel_order_id"]
    orders = orders.join(content_hashes(orders, lines, keys), on=keys, maintain_order="left")
    return ValidatedBatch(
        business_date=business_date,
        orders=conform(orders, CANDIDATE_ORDERS_SCHEMA),
        lines=lines,
        rejects=_rejects(routed, reads, business_date),
        file_stats=_file_stats(reads, routed, structural),
    )


def normalise(staged: pl.DataFrame, reference: IngestReference) -> pl.DataFrame:
    """Channel values → canonical ones; a value that cannot be mapped becomes null (and fails)."""
    mapping = service_level_mapping(reference.service_levels)
    return with_service_level(staged, mapping).with_columns(
        ship_country=to_alpha2(pl.col("ship_country_raw")),
        ship_postal_code=normalise_postal_code(pl.col("ship_postal_code_raw")),
        quantity=pl.col("quantity_raw").str.strip_chars().cast(pl.Int64, strict=False),
        order_key=pl.coalesce(pl.col("channel_order_id"), pl.format("\x00row {}", pl.col(ROW_ID))),
        line_key=pl.coalesce(
            pl.format("id:{}", pl.col("channel_line_id")), pl.format("sku:{}", pl.col("sku"))
        ),
    )


def _rejects(routed: pl.DataFrame, reads: list[FileRead], business_date: date) -> pl.DataFrame:
    rows = routed.filter(pl.col("outcome") == REJECTED)
    originals = [
        read.raw.join(
            rows.filter(pl.col("source_file") == read.file.relative_path).select(SOURCE_ROW),
            on=SOURCE_ROW,
            how="semi",
        ).select(
            pl.lit(read.file.relative_path).alias("source_file"),
            pl.col(SOURCE_ROW),
            original_values=pl.struct(pl.exclude(SOURCE_ROW)).struct.json_encode(),
        )
        for read in reads
        if read.rejected_rule is None and read.raw.width > 1
    ]
    row_rejects = rows.select(
        "channel", "source_file", "source_row", "channel_order_id", "rule", "reason", ROW_ID
    )
    if originals:
        row_rejects = row_rejects.join(
            pl.concat(originals), on=["source_file", SOURCE_ROW], how="left", maintain_order="left"
        )
    else:
        row_rejects = row_rejects.with_columns(original_values=pl.lit(None, dtype=pl.String))
    file_rejects = pl.DataFrame(
        [
            {
                "channel": read.file.channel,
                "source_file": read.file.relative_path,
                "source_row": None,
                "channel_order_id": None,
                "rule": read.rejected_rule,
                "reason": read.rejected_reason,
                "original_values": None,
            }
            for read in reads
            if read.rejected_rule is not None
        ],
        schema={k: v for k, v in ORDER_REJECTS_SCHEMA.items() if k != "business_date"},
    )
    return conform(
        pl.concat(
            [row_rejects.sort(ROW_ID).drop(ROW_ID), file_rejects], how="diagonal_relaxed"
        ).with_columns(business_date=pl.lit(business_date)),
        ORDER_REJECTS_SCHEMA,
    )


def _file_stats(
    reads: list[FileRead], routed: pl.DataFrame, structural: pl.DataFrame
) -> pl.DataFrame:
    files = pl.DataFrame(
        [
            {
                "channel": read.file.channel,
                "source_file": read.file.relative_path,
                "file_format": read.file_format,
                "rows_read": read.rows_read,
                "file_rejected_reason": read.rejected_reason,
            }
            for read in reads
        ],
        schema={
            k: FILE_STATS_SCHEMA[k]
            for k in ("channel", "source_file", "file_format", "rows_read", "file_rejected_reason")
        },
    )

    def distinct_rows(frame: pl.DataFrame, name: str) -> pl.DataFrame:
        return frame.group_by("source_file").agg(pl.col(SOURCE_ROW).n_unique().alias(name))

    counts = [
        distinct_rows(structural, "rows_structural"),
        distinct_rows(routed.filter(pl.col("outcome") == REJECTED), "lines_rejected"),
        distinct_rows(routed.filter(pl.col("outcome") == UNCHANGED), "lines_unchanged"),
    ]
    for frame in counts:
        files = files.join(frame, on="source_file", how="left", maintain_order="left")
    return conform(
        files.with_columns(
            pl.col("rows_structural", "lines_rejected", "lines_unchanged").fill_null(0)
        ),
        FILE_STATS_SCHEMA,
    )
