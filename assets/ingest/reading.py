"""Tonight's landed files → validated candidate order versions, rejects and per-file counts."""

from collections.abc import Iterable, Mapping, Sequence
from contextlib import closing
from dataclasses import dataclass, field, replace
from datetime import date
from functools import partial

import polars as pl

from assets.concurrency import read_ahead
from assets.ingest.canonical import (
    CANDIDATE_LINES_SCHEMA,
    CANDIDATE_ORDERS_SCHEMA,
    ORDER_REJECTS_SCHEMA,
    UNMAPPED_SERVICES_SCHEMA,
    conform,
    stacked,
)
from assets.ingest.countries import to_alpha2
from assets.ingest.listings import (
    UNMAPPED_LISTINGS_COLUMNS,
    listing_mapping,
    unmapped_listings,
    unmapped_listings_total,
    with_listing_sku,
)
from assets.ingest.postal_codes import normalise_postal_code
from assets.ingest.prices import price_warning_reason, with_prices
from assets.ingest.readers import WARNING_COLUMNS, ExportRead, read_export
from assets.ingest.readers.tabular import SOURCE_FILE, SOURCE_ROW
from assets.ingest.repeated_lines import (
    REPEATS_SCHEMA,
    repeated_line_reason,
    split_repeated_lines,
)
from assets.ingest.routing import (
    CANDIDATE,
    UNCHANGED,
    implausible_date_reason,
    no_later_copies,
    rejected_lines,
    route_file,
)
from assets.ingest.service_levels import service_level_mapping, with_service_level
from assets.ingest.split_exports import exports_of, waiting_for_missing_parts
from assets.ingest.validation import ROW_ID, find_violations
from contracts.landing_file import LandingFile
from contracts.policy import OrderDatePolicy
from contracts.vocabulary import SHIPPABLE

FILE_STATS_SCHEMA: dict[str, pl.DataType] = {
    "channel": pl.String(),
    "source_file": pl.String(),
    "file_format": pl.String(),
    "rows_read": pl.Int64(),
    "rows_structural": pl.Int64(),
    "lines_rejected": pl.Int64(),
    "lines_unchanged": pl.Int64(),
    "file_rejected_reason": pl.String(),
    "date_order": pl.String(),
}
REJECT_COLUMNS = {k: v for k, v in ORDER_REJECTS_SCHEMA.items() if k != "business_date"}
UNMAPPED_SERVICES_COLUMNS = {
    k: v for k, v in UNMAPPED_SERVICES_SCHEMA.items() if k != "business_date"
}


@dataclass(frozen=True)
class IngestReference:
    """Reference data the night's validation needs."""

    skus: pl.DataFrame  # sku, description, weight_g
    service_levels: pl.DataFrame | None = None  # user rows: channel, service_name, service_level
    # Zone for channel dates written without an offset (WooCommerce, eBay); UTC when absent.
    local_time_zones: Mapping[str, str] = field(default_factory=dict)
    # Which order dates are believed tonight (the rest are held).
    order_dates: OrderDatePolicy = field(default_factory=OrderDatePolicy)
    # The level of a shipping method nobody mapped (reported in `unmapped_services`); None:
    # strict, such a row is rejected as unknown_service_level.
    service_level_fallback: str | None = "standard"
    # reference/listings.csv: channel, listing_id, sku (catalogue SKUs for channel listings)
    listings: pl.DataFrame | None = None
    # Per channel, the ISO 4217 currency of prices its exports write without one.
    channel_currencies: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class ValidatedBatch:
    """Tonight's candidate order versions before they meet the order book.

    `orders`/`lines` have the oms.orders / oms.order_lines columns without business_date and
    version; `rejects` has the oms.order_rejects columns; `file_stats` counts, per file, rows
    read, structural, rejected and unchanged earlier copies (accepted vs unchanged against the
    order book is decided by `apply_to_order_book`); `unmapped_services` has the
    oms.unmapped_services columns without business_date: the shipping methods no mapping knew,
    with the lines and orders of tonight's candidates that were given the fallback level;
    `unmapped_listings` has the oms.unmapped_listings columns without business_date;
    `warnings` has the oms.ingest_warnings columns without business_date: lines of files that
    were read, but not as the file said.
    """

    business_date: date
    orders: pl.DataFrame
    lines: pl.DataFrame
    rejects: pl.DataFrame
    file_stats: pl.DataFrame
    unmapped_services: pl.DataFrame = field(
        default_factory=lambda: pl.DataFrame(schema=UNMAPPED_SERVICES_COLUMNS)
    )
    unmapped_listings: pl.DataFrame = field(
        default_factory=lambda: pl.DataFrame(schema=UNMAPPED_LISTINGS_COLUMNS)
    )
    warnings: pl.DataFrame = field(default_factory=lambda: pl.DataFrame(schema=WARNING_COLUMNS))


def read_and_validate(
    files: Sequence[LandingFile], *, business_date: date, reference: IngestReference
) -> ValidatedBatch:
    """Read every export (files sorted by path; the parts of a split export together),
    normalise, validate and route each row.

    Exports are handled one at a time, newest path first: the copies of orders in later exports
    are then known when an export is routed, so its fates are final while its raw rows are still
    at hand, and only the raw rows of its rejected lines are kept (for `original_values`). Peak
    memory is one export's frames plus the night's candidates, not every file at once.
    """
    mapping = service_level_mapping(reference.service_levels)
    listings = listing_mapping(reference.listings)
    later_copies = no_later_copies()
    results: list[_ExportResult] = []
    newest_first = list(reversed(list(enumerate(exports_of(files)))))
    # Reading an export does not depend on the others, so the next one is read on a worker
    # (Polars releases the GIL) while this one is checked and routed; one export ahead.
    exports = (
        partial(
            read_export,
            parts,
            local_time_zone=reference.local_time_zones.get(parts[0].channel, "UTC"),
            date_order=reference.order_dates.woocommerce_date_order,
        )
        for _, parts in newest_first
    )
    with closing(read_ahead(exports)) as reads:
        for number, _ in newest_first:
            read = next(reads)
            prepared = _prepare(read, number, business_date, reference, mapping, listings)
            del read
            result = _route(prepared, later_copies)
            del prepared
            later_copies = pl.concat([later_copies, result.copies], rechunk=False)
            results.append(result)
    results.reverse()
    del later_copies

    return ValidatedBatch(
        business_date=business_date,
        orders=stacked((r.orders for r in results), CANDIDATE_ORDERS_SCHEMA),
        lines=stacked((r.lines for r in results), CANDIDATE_LINES_SCHEMA),
        rejects=_rejects(results, business_date),
        file_stats=stacked((r.stats for r in results), FILE_STATS_SCHEMA),
        unmapped_services=unmapped_services_total(r.unmapped_services for r in results),
        unmapped_listings=unmapped_listings_total(r.unmapped_listings for r in results),
        warnings=stacked((r.read.warnings for r in results), WARNING_COLUMNS),
    )


@dataclass(frozen=True)
class _ExportResult:
    """What one export contributes to the night, in the batch's shapes."""

    read: ExportRead  # `staged` and `raw` dropped: only the files and their verdicts remain
    orders: pl.DataFrame  # CANDIDATE_ORDERS_SCHEMA
    lines: pl.DataFrame  # CANDIDATE_LINES_SCHEMA
    rejects: pl.DataFrame  # ORDER_REJECTS_SCHEMA without business_date
    stats: pl.DataFrame  # FILE_STATS_SCHEMA, one row per file
    copies: pl.DataFrame  # winning copies of the export's orders, for the exports before it
    unmapped_services: pl.DataFrame  # UNMAPPED_SERVICES_COLUMNS, the export's candidates only
    unmapped_listings: pl.DataFrame  # UNMAPPED_LISTINGS_COLUMNS, the export's missing_sku lines


@dataclass(frozen=True)
class _PreparedExport:
    """One export read, normalised and checked against the rules, ready to be routed."""

    read: ExportRead
    structural: pl.DataFrame  # source_file, source_row of structural rows
    lines: pl.DataFrame  # normalised lines with `rule`, the first rule each breaks (or null)
    repeats: pl.DataFrame  # REPEATS_SCHEMA: rows repeating an earlier row exactly, set aside


def _prepare(
    read: ExportRead,
    number: int,
    business_date: date,
    reference: IngestReference,
    mapping: pl.DataFrame,
    listings: pl.DataFrame,
) -> _PreparedExport:
    if read.is_rejected:
        return _PreparedExport(
            read=read,
            structural=pl.DataFrame(),
            lines=pl.DataFrame(),
            repeats=pl.DataFrame(schema=REPEATS_SCHEMA),
        )
    staged = read.staged
    structural = staged.filter(pl.col("is_structural")).select("source_file", SOURCE_ROW)
    normalised, repeats = split_repeated_lines(
        normalise(
            staged.filter(~pl.col("is_structural")).with_row_index(ROW_ID),
            reference,
            mapping,
            number,
            listings=listings,
        ),
        read.raw,
    )
    window = reference.order_dates.placed_at_window(business_date)
    violations = find_violations(normalised, reference.skus["sku"], placed_at_window=window)
    lines = normalised.join(violations, on=ROW_ID, how="left", maintain_order="left").with_columns(
        implausible_date_reason(reference.order_dates, business_date)
    )
    return _PreparedExport(
        read=replace(
            read,
            staged=staged.clear(),
            warnings=pl.concat([read.warnings, _price_warnings(lines)], how="vertical_relaxed"),
        ),
        structural=structural,
        lines=waiting_for_missing_parts(lines, read.files),
        repeats=repeats,
    )


def _price_warnings(lines: pl.DataFrame) -> pl.DataFrame:
    """One warning per line that passed the rules but whose price or currency cannot be read:
    it ships, and the operator sees why its customs value is blank."""
    warned = lines.filter(pl.col("price_warning").is_not_null() & pl.col("rule").is_null())
    return conform(
        warned.with_columns(
            # the header is line 1: exact unless a value spans lines or a preamble precedes it
            line=pl.col(SOURCE_ROW) + 1,
            rule=pl.col("price_warning"),
            reason=price_warning_reason(),
        ),
        WARNING_COLUMNS,
    )


def _route(prepared: _PreparedExport, later_copies: pl.DataFrame) -> _ExportResult:
    read = prepared.read
    if read.is_rejected:
        return _rejected_export(read)
    routed = route_file(prepared.lines, later_copies)

    reject_columns = [ROW_ID, "channel", "source_file", SOURCE_ROW, "channel_order_id", "rule"]
    repeated = prepared.repeats.with_columns(
        rule=pl.lit("repeated_line"), reason=repeated_line_reason()
    )
    routed_rejects = rejected_lines(routed)
    rejected = pl.concat(
        [
            routed_rejects.select(*reject_columns, "reason"),
            repeated.select(*reject_columns, "reason"),
        ]
    ).sort(ROW_ID, maintain_order=True)
    rejects = rejected.select(
        "channel", "source_file", "source_row", "channel_order_id", "rule", "reason"
    )
    row_key = [SOURCE_FILE, SOURCE_ROW]
    if read.raw.width > len(row_key):
        rejected_rows = rejected.select(pl.col("source_file").alias(SOURCE_FILE), SOURCE_ROW)
        originals = read.raw.join(rejected_rows.unique(), on=row_key, how="semi").select(
            pl.col(SOURCE_FILE).alias("source_file"),
            pl.col(SOURCE_ROW),
            original_values=pl.struct(pl.exclude(row_key)).struct.json_encode(),
        )
        rejects = rejects.join(
            originals, on=["source_file", SOURCE_ROW], how="left", maintain_order="left"
        )
    else:
        rejects = rejects.with_columns(original_values=pl.lit(None, dtype=pl.String))
    candidates = routed.lines.select(*CANDIDATE_LINES_SCHEMA, "outcome").filter(
        pl.col("outcome") == CANDIDATE
    )
    orders = routed.orders.with_columns(content_hash=pl.col("copy_hash")).select(
        *CANDIDATE_ORDERS_SCHEMA
    )
    unchanged = routed.lines.filter(pl.col("outcome") == UNCHANGED)
    stats = (
        read.parts.join(_distinct_rows_per_file(prepared.structural), on="source_file", how="left")
        .join(_distinct_rows_per_file(rejected), on="source_file", how="left", suffix="_rejected")
        .join(_distinct_rows_per_file(unchanged), on="source_file", how="left", suffix="_same")
        .select(
            channel=pl.lit(read.files[0].channel),
            source_file="source_file",
            file_format=pl.lit(read.file_format, dtype=pl.String),
            rows_read="rows_read",
            rows_structural=pl.col("rows").fill_null(0),
            lines_rejected=pl.col("rows_rejected").fill_null(0),
            lines_unchanged=pl.col("rows_same").fill_null(0),
            file_rejected_reason="rejected_reason",
            date_order=pl.lit(read.date_order, dtype=pl.String),
        )
    )
    return _ExportResult(
        read=replace(read, raw=read.raw.clear()),
        orders=conform(orders, CANDIDATE_ORDERS_SCHEMA),
        lines=conform(candidates, CANDIDATE_LINES_SCHEMA),
        rejects=conform(rejects, REJECT_COLUMNS),
        stats=conform(stats, FILE_STATS_SCHEMA),
        copies=routed.copies,
        unmapped_services=_unmapped_services(routed.lines),
        unmapped_listings=unmapped_listings(routed_rejects),
    )


def _rejected_export(read: ExportRead) -> _ExportResult:
    """An export rejected whole: one reject row naming each of its files, whose data rows (where
    it was read far enough to have any) count as rejected with it."""
    files = read.parts.select(
        channel=pl.lit(read.files[0].channel),
        source_file="source_file",
        rows_read="rows_read",
        rule="rejected_rule",
        reason="rejected_reason",
    )
    rejects = files.select(
        "channel",
        "source_file",
        pl.lit(None, dtype=pl.Int64).alias("source_row"),
        pl.lit(None, dtype=pl.String).alias("channel_order_id"),
        "rule",
        "reason",
        pl.lit(None, dtype=pl.String).alias("original_values"),
    )
    stats = files.select(
        "channel",
        "source_file",
        pl.lit(read.file_format, dtype=pl.String).alias("file_format"),
        "rows_read",
        pl.lit(0).alias("rows_structural"),
        pl.col("rows_read").fill_null(0).alias("lines_rejected"),  # rejected with their file
        pl.lit(0).alias("lines_unchanged"),
        pl.col("reason").alias("file_rejected_reason"),
        pl.lit(None, dtype=pl.String).alias("date_order"),
    )
    return _ExportResult(
        read=read,
        orders=pl.DataFrame(schema=CANDIDATE_ORDERS_SCHEMA),
        lines=pl.DataFrame(schema=CANDIDATE_LINES_SCHEMA),
        rejects=conform(rejects, REJECT_COLUMNS),
        stats=conform(stats, FILE_STATS_SCHEMA),
        copies=no_later_copies(),
        unmapped_services=pl.DataFrame(schema=UNMAPPED_SERVICES_COLUMNS),
        unmapped_listings=pl.DataFrame(schema=UNMAPPED_LISTINGS_COLUMNS),
    )


def _unmapped_services(lines: pl.DataFrame) -> pl.DataFrame:
    """Per channel and shipping method as written (surrounding spaces dropped, empty as null),
    the candidate lines and orders that were given the fallback level."""
    defaulted = lines.filter((pl.col("outcome") == CANDIDATE) & pl.col("is_service_defaulted"))
    if defaulted.is_empty():
        return pl.DataFrame(schema=UNMAPPED_SERVICES_COLUMNS)
    name = pl.col("service_name").str.strip_chars()
    counts = defaulted.group_by(
        "channel",
        pl.when(name != "").then(name).alias("service_name"),
        "service_level",
        maintain_order=True,
    ).agg(lines=pl.len(), orders=pl.col("order_key").n_unique())
    return conform(counts, UNMAPPED_SERVICES_COLUMNS)


def unmapped_services_total(frames: Iterable[pl.DataFrame]) -> pl.DataFrame:
    """Several exports' (or channels') counts as one: an order is a candidate in one export
    only, so orders add up like lines."""
    stacked_counts = stacked(frames, UNMAPPED_SERVICES_COLUMNS)
    keys = ["channel", "service_name", "service_level"]
    return conform(
        stacked_counts.group_by(keys, maintain_order=True)
        .agg(pl.col("lines").sum(), pl.col("orders").sum())
        .sort(keys, nulls_last=True),
        UNMAPPED_SERVICES_COLUMNS,
    )


def _distinct_rows_per_file(lines: pl.DataFrame) -> pl.DataFrame:
    """source_file, rows: how many distinct source rows of each file are in `lines`."""
    if lines.is_empty():
        return pl.DataFrame(schema={"source_file": pl.String, "rows": pl.UInt32})
    return lines.group_by("source_file").agg(rows=pl.col(SOURCE_ROW).n_unique())


def normalise(
    staged: pl.DataFrame,
    reference: IngestReference,
    mapping: pl.DataFrame,
    file_number: int,
    *,
    listings: pl.DataFrame | None = None,
) -> pl.DataFrame:
    """Channel values → canonical ones; a value that cannot be mapped becomes null (and fails).

    `listings` is the night's `listing_mapping` (None: none). A line without an order id is an
    order of its own: its key names the file and the row.
    """
    if listings is None:
        listings = listing_mapping(None)
    staged = with_listing_sku(staged, listings)
    frame = with_service_level(staged, mapping, reference.service_level_fallback).with_columns(
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
    return with_shipping_needs(with_prices(frame, dict(reference.channel_currencies)))


def with_shipping_needs(lines: pl.DataFrame) -> pl.DataFrame:
    """`needs_shipping` per line and `order_needs_shipping` per order: what the warehouse will
    ship, and so what must have a catalogue SKU and a ship-to address.

    Only an open line of an open order is shipped. An open order none of whose lines is open
    (every line fulfilled by the shop, or needing no shipping) has nothing left to ship: its
    status says so (`fulfilled_by_channel` when the shop fulfilled any of it, else `digital`).
    A status that could not be read counts as shipping (it is rejected as `bad_status`).
    """
    is_open_line = pl.col("line_status") == SHIPPABLE
    if lines.select(is_open_line.all()).item() is not False:  # the common case: no window
        needs_shipping = (pl.col("status") == SHIPPABLE).fill_null(True)
        return lines.with_columns(
            needs_shipping=needs_shipping, order_needs_shipping=needs_shipping
        )
    nothing_to_ship = (pl.col("status") == SHIPPABLE) & ~is_open_line.any().over("order_key")
    any_fulfilled = (pl.col("line_status") == "fulfilled_by_channel").any().over("order_key")
    lines = lines.with_columns(
        status=pl.when(nothing_to_ship & any_fulfilled)
        .then(pl.lit("fulfilled_by_channel"))
        .when(nothing_to_ship)
        .then(pl.lit("digital"))
        .otherwise(pl.col("status"))
    )
    needs_shipping = ((pl.col("status") == SHIPPABLE) & is_open_line).fill_null(True)
    return lines.with_columns(needs_shipping=needs_shipping).with_columns(
        order_needs_shipping=pl.col("needs_shipping").any().over("order_key")
    )


def _rejects(results: list[_ExportResult], business_date: date) -> pl.DataFrame:
    """Row rejects in row order, then whole-file rejects in path order."""
    row_rejects = [r.rejects for r in results if not r.read.is_rejected]
    file_rejects = [r.rejects for r in results if r.read.is_rejected]
    return conform(
        stacked([*row_rejects, *file_rejects], REJECT_COLUMNS).with_columns(
            business_date=pl.lit(business_date)
        ),
        ORDER_REJECTS_SCHEMA,
    )
