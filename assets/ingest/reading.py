"""Tonight's landed files → validated candidate order versions, rejects and per-file counts."""

from collections.abc import Mapping, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from datetime import date

import polars as pl

from assets.ingest.canonical import (
    CANDIDATE_LINES_SCHEMA,
    CANDIDATE_ORDERS_SCHEMA,
    ORDER_REJECTS_SCHEMA,
    conform,
)
from assets.ingest.countries import to_alpha2
from assets.ingest.landing_file import LandingFile
from assets.ingest.postal_codes import normalise_postal_code
from assets.ingest.readers import FileRead, read_landing_file
from assets.ingest.readers.tabular import SOURCE_ROW
from assets.ingest.routing import (
    CANDIDATE,
    UNCHANGED,
    no_later_copies,
    rejected_lines,
    route_file,
)
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
REJECT_COLUMNS = {k: v for k, v in ORDER_REJECTS_SCHEMA.items() if k != "business_date"}


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
    """Read every file (sorted by path), normalise, validate and route each row.

    Files are handled one at a time, newest path first: the copies of orders in later files are
    then known when a file is routed, so its fates are final while its raw rows are still at
    hand, and only the raw rows of its rejected lines are kept (for `original_values`). Peak
    memory is one file's frames plus the night's candidates, not every file at once.
    """
    ordered = sorted(files, key=lambda f: f.relative_path)
    mapping = service_level_mapping(reference.service_levels)
    later_copies = no_later_copies()
    results: list[_FileResult] = []
    newest_first = list(reversed(list(enumerate(ordered))))
    # Reading a file does not depend on other files, so the next one is read in a worker
    # thread (Polars releases the GIL) while this one is checked and routed; one file ahead.
    with ThreadPoolExecutor(max_workers=1) as worker:

        def read_ahead(position: int) -> Future[FileRead]:
            file = newest_first[position][1]
            zone = reference.local_time_zones.get(file.channel, "UTC")
            return worker.submit(read_landing_file, file, local_time_zone=zone)

        ahead = read_ahead(0) if newest_first else None
        for position, (number, _) in enumerate(newest_first):
            read = ahead.result()
            if position + 1 < len(newest_first):
                ahead = read_ahead(position + 1)
            prepared = _prepare(read, number, reference, mapping)
            del read
            result = _route(prepared, later_copies)
            del prepared
            later_copies = pl.concat([later_copies, result.copies], rechunk=False)
            results.append(result)
    results.reverse()
    del later_copies

    orders = pl.concat(
        [pl.DataFrame(schema=CANDIDATE_ORDERS_SCHEMA), *(r.orders for r in results)],
        how="vertical_relaxed",
    )
    lines = pl.concat(
        [pl.DataFrame(schema=CANDIDATE_LINES_SCHEMA), *(r.lines for r in results)],
        how="vertical_relaxed",
    )
    return ValidatedBatch(
        business_date=business_date,
        orders=orders,
        lines=lines,
        rejects=_rejects(results, business_date),
        file_stats=conform(pl.concat([r.stats for r in results]), FILE_STATS_SCHEMA)
        if results
        else pl.DataFrame(schema=FILE_STATS_SCHEMA),
    )


@dataclass(frozen=True)
class _FileResult:
    """What one file contributes to the night, in the batch's shapes."""

    read: FileRead  # `staged` and `raw` dropped: only the file's identity and verdict remain
    orders: pl.DataFrame  # CANDIDATE_ORDERS_SCHEMA
    lines: pl.DataFrame  # CANDIDATE_LINES_SCHEMA
    rejects: pl.DataFrame  # ORDER_REJECTS_SCHEMA without business_date
    stats: pl.DataFrame  # FILE_STATS_SCHEMA, one row
    copies: pl.DataFrame  # winning copies of the file's orders, for the files before it


@dataclass(frozen=True)
class _PreparedFile:
    """One file read, normalised and checked against the rules, ready to be routed."""

    read: FileRead
    structural_rows: int  # distinct source rows of structural rows
    lines: pl.DataFrame  # normalised lines with `rule`, the first rule each breaks (or null)


def _prepare(
    read: FileRead, number: int, reference: IngestReference, mapping: pl.DataFrame
) -> _PreparedFile:
    if read.rejected_rule is not None:
        return _PreparedFile(read=read, structural_rows=0, lines=pl.DataFrame())
    staged = read.staged
    structural = staged.filter(pl.col("is_structural"))
    normalised = normalise(
        staged.filter(~pl.col("is_structural")).with_row_index(ROW_ID), reference, mapping, number
    )
    violations = find_violations(normalised, reference.skus["sku"])
    return _PreparedFile(
        read=replace(read, staged=staged.clear()),
        structural_rows=structural[SOURCE_ROW].n_unique(),
        lines=normalised.join(violations, on=ROW_ID, how="left", maintain_order="left"),
    )


def _route(prepared: _PreparedFile, later_copies: pl.DataFrame) -> _FileResult:
    read, file = prepared.read, prepared.read.file
    if read.rejected_rule is not None:
        return _rejected_file(read)
    routed = route_file(prepared.lines, later_copies)

    rejected = rejected_lines(routed)
    rejects = rejected.select(
        "channel", "source_file", "source_row", "channel_order_id", "rule", "reason"
    )
    if read.raw.width > 1:
        is_rejected = pl.col(SOURCE_ROW).is_in(rejected[SOURCE_ROW].implode())
        originals = read.raw.filter(is_rejected).select(
            pl.col(SOURCE_ROW),
            original_values=pl.struct(pl.exclude(SOURCE_ROW)).struct.json_encode(),
        )
        rejects = rejects.join(originals, on=SOURCE_ROW, how="left", maintain_order="left")
    else:
        rejects = rejects.with_columns(original_values=pl.lit(None, dtype=pl.String))
    candidates = routed.lines.select(*CANDIDATE_LINES_SCHEMA, "outcome").filter(
        pl.col("outcome") == CANDIDATE
    )
    orders = routed.orders.with_columns(content_hash=pl.col("copy_hash").cast(pl.String)).select(
        *CANDIDATE_ORDERS_SCHEMA
    )
    stats = pl.DataFrame(
        {
            "channel": [file.channel],
            "source_file": [file.relative_path],
            "file_format": [read.file_format],
            "rows_read": [read.rows_read],
            "rows_structural": [prepared.structural_rows],
            "lines_rejected": [rejected[SOURCE_ROW].n_unique()],
            "lines_unchanged": [_distinct_rows(routed.lines, UNCHANGED)],
            "file_rejected_reason": [read.rejected_reason],
        },
        schema=FILE_STATS_SCHEMA,
    )
    return _FileResult(
        read=replace(read, raw=read.raw.clear()),
        orders=conform(orders, CANDIDATE_ORDERS_SCHEMA),
        lines=conform(candidates, CANDIDATE_LINES_SCHEMA),
        rejects=conform(rejects, REJECT_COLUMNS),
        stats=stats,
        copies=routed.copies,
    )


def _rejected_file(read: FileRead) -> _FileResult:
    """A file rejected whole: one reject row naming the file, nothing else."""
    file = read.file
    reject = {
        "channel": file.channel,
        "source_file": file.relative_path,
        "source_row": None,
        "channel_order_id": None,
        "rule": read.rejected_rule,
        "reason": read.rejected_reason,
        "original_values": None,
    }
    stats = {
        "channel": file.channel,
        "source_file": file.relative_path,
        "file_format": read.file_format,
        "rows_read": read.rows_read,
        "rows_structural": 0,
        "lines_rejected": 0,
        "lines_unchanged": 0,
        "file_rejected_reason": read.rejected_reason,
    }
    return _FileResult(
        read=read,
        orders=pl.DataFrame(schema=CANDIDATE_ORDERS_SCHEMA),
        lines=pl.DataFrame(schema=CANDIDATE_LINES_SCHEMA),
        rejects=pl.DataFrame([reject], schema=REJECT_COLUMNS),
        stats=pl.DataFrame([stats], schema=FILE_STATS_SCHEMA),
        copies=no_later_copies(),
    )


def _distinct_rows(lines: pl.DataFrame, outcome: str) -> int:
    return lines.select(pl.col(SOURCE_ROW).filter(pl.col("outcome") == outcome).n_unique()).item()


def normalise(
    staged: pl.DataFrame, reference: IngestReference, mapping: pl.DataFrame, file_number: int
) -> pl.DataFrame:
    """Channel values → canonical ones; a value that cannot be mapped becomes null (and fails).

    A line without an order id is an order of its own: its key names the file and the row.
    """
    return with_service_level(staged, mapping).with_columns(
        ship_country=to_alpha2(pl.col("ship_country_raw")),
        ship_postal_code=normalise_postal_code(pl.col("ship_postal_code_raw")),
        quantity=pl.col("quantity_raw").str.strip_chars().cast(pl.Int64, strict=False),
        order_key=pl.coalesce(
            pl.col("channel_order_id"), pl.format(f"\x00row {file_number}:{{}}", pl.col(ROW_ID))
        ),
        line_key=pl.coalesce(
            pl.format("id:{}", pl.col("channel_line_id")), pl.format("sku:{}", pl.col("sku"))
        ),
    )


def _rejects(results: list[_FileResult], business_date: date) -> pl.DataFrame:
    """Row rejects in row order, then whole-file rejects in path order."""
    row_rejects = [r.rejects for r in results if r.read.rejected_rule is None]
    file_rejects = [r.rejects for r in results if r.read.rejected_rule is not None]
    return conform(
        pl.concat(
            [pl.DataFrame(schema=REJECT_COLUMNS), *row_rejects, *file_rejects],
            how="vertical_relaxed",
        ).with_columns(business_date=pl.lit(business_date)),
        ORDER_REJECTS_SCHEMA,
    )
