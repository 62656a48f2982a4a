"""Channel readers: one export in (a file, or the parts of a split export), staged candidate lines
(or a whole-export reject) out."""

import io
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

import polars as pl

from assets.concurrency import side_by_side
from assets.ingest.canonical import INGEST_WARNINGS_SCHEMA, STAGED_SCHEMA, conform
from assets.ingest.encoding import UnreadableFile, to_utf8
from assets.ingest.readers.amazon import stage_amazon
from assets.ingest.readers.ebay import drop_footer, skip_preamble, stage_ebay
from assets.ingest.readers.formats import describe_mismatch, recognise, separator_of
from assets.ingest.readers.generic import stage_generic
from assets.ingest.readers.shopify import stage_shopify
from assets.ingest.readers.tabular import (
    SOURCE_FILE,
    SOURCE_ROW,
    check_column_names,
    drop_blank_rows,
    read_delimited,
)
from assets.ingest.readers.woocommerce import file_date_order, stage_woocommerce
from contracts.channel_formats import ExportFormat
from contracts.channel_formats.generic import BINARY_LAYOUTS
from contracts.landing_file import LandingFile
from contracts.vocabulary import CHANNELS, channel_name
from resources.landing import read_landed

STAGERS = {
    "shopify": stage_shopify,
    "amazon": stage_amazon,
    "woocommerce": stage_woocommerce,
    "ebay": stage_ebay,
    "generic": stage_generic,
}


PARTS_SCHEMA: dict[str, pl.DataType] = {
    "source_file": pl.String(),
    "rows_read": pl.Int64(),
    "rejected_rule": pl.String(),
    "rejected_reason": pl.String(),
}
WARNING_COLUMNS = {k: v for k, v in INGEST_WARNINGS_SCHEMA.items() if k != "business_date"}


@dataclass(frozen=True)
class ExportRead:
    """What one export gave (a file, or the parts of a split export read as one): staged lines
    and raw rows, or the reason each of its files was rejected."""

    files: tuple[LandingFile, ...]
    file_format: str | None
    staged: pl.DataFrame  # STAGED_SCHEMA, one row per candidate line (or structural row)
    raw: pl.DataFrame  # SOURCE_FILE, source_row + every column as read, for original_values
    parts: pl.DataFrame  # PARTS_SCHEMA, one row per file in part order
    date_order: str | None = None  # how its slash dates were read (WooCommerce), if it has any
    # WARNING_COLUMNS: lines read, but not as the file said (none when the export is rejected)
    warnings: pl.DataFrame = field(default_factory=lambda: pl.DataFrame(schema=WARNING_COLUMNS))

    @property
    def is_rejected(self) -> bool:
        """Rejected whole: a split export is only read when every part can be."""
        return self.parts["rejected_rule"].is_not_null().any()


def read_export(
    files: Sequence[LandingFile], *, local_time_zone: str = "UTC", date_order: str = "month_first"
) -> ExportRead:
    """Read one export of the channel its folder names; never raises for bad content.

    `date_order` reads WooCommerce slash dates that would read either way (05/11/2026) when
    the file's other dates do not tell ("month_first" or "day_first").

    The parts of a split export are concatenated before staging, so an order cut between two
    parts gets its order fields from the part where it starts. If a part cannot be read, no part
    is: any order could continue into it, and half an order must not be shipped.
    """
    files = tuple(files)
    # Parts are parsed side by side (Polars releases the GIL) when a thread is spare.
    outcomes = side_by_side(*(partial(_load_or_problem, file) for file in files))
    problems = [o if isinstance(o, UnreadableFile) else None for o in outcomes]
    if any(problems):
        return _rejected(files, problems, [_rows_of(o) for o in outcomes])
    loaded = [o for o in outcomes if not isinstance(o, UnreadableFile)]
    raws = [
        raw.with_columns(pl.lit(file.relative_path).alias(SOURCE_FILE))
        for file, (raw, *_) in zip(files, loaded, strict=True)
    ]
    rows = [part.height for part in raws]
    raw = pl.concat(raws, how="diagonal") if len(raws) > 1 else raws[0]
    channel, (_, export_format, format_name, _) = files[0].channel, loaded[0]
    dates_read_as = None
    try:
        options = {}
        if channel == "woocommerce":  # one day/month order for the whole file
            dates_read_as = file_date_order(raw, export_format, date_order)
            options = {"date_order": dates_read_as}
        frame = STAGERS[channel](raw, export_format, local_time_zone, **options)
    except UnreadableFile as problem:
        return _rejected(files, [problem] * len(files), rows)
    except pl.exceptions.PolarsError as error:  # content polars cannot make sense of
        # the error's kind, not its text: the text may quote a value of a file that is not read
        problem = UnreadableFile(
            "unreadable_file", f"its rows cannot be read ({type(error).__name__})"
        )
        return _rejected(files, [problem] * len(files), rows)
    staged = frame.with_columns(channel=pl.lit(channel)).select(
        pl.col(name).cast(dtype) for name, dtype in STAGED_SCHEMA.items()
    )
    parts = pl.DataFrame(
        {
            "source_file": [file.relative_path for file in files],
            "rows_read": rows,
            "rejected_rule": None,
            "rejected_reason": None,
        }
    )
    warnings = pl.concat(
        _encoding_warnings(file, lines) for file, (*_, lines) in zip(files, loaded, strict=True)
    )
    return ExportRead(
        files,
        format_name,
        staged,
        raw,
        conform(parts, PARTS_SCHEMA),
        date_order=dates_read_as,
        warnings=warnings,
    )


def _encoding_warnings(file: LandingFile, lines: Sequence[int]) -> pl.DataFrame:
    """One warning per line of a UTF-8 file read as Windows-1252, naming the line only: the
    operator checks the order there against the shop (the content may be mis-read)."""
    reasons = [
        f"line {line} is not valid UTF-8; read as Windows-1252 — check the name and address "
        "of its order"
        for line in lines
    ]
    return pl.DataFrame(
        {
            "channel": [file.channel] * len(lines),
            "source_file": [file.relative_path] * len(lines),
            "line": list(lines),
            "rule": ["read_as_windows_1252"] * len(lines),
            "reason": reasons,
        },
        schema=WARNING_COLUMNS,
    )


Loaded = tuple[pl.DataFrame, ExportFormat, str, tuple[int, ...]]
"""A file's raw rows, its format and format name, and its lines read as Windows-1252."""


def _load_or_problem(file: LandingFile) -> Loaded | UnreadableFile:
    try:
        return _load(file)
    except UnreadableFile as problem:
        return problem


def _load(file: LandingFile) -> Loaded:
    if file.refused is not None:  # the landing zone refused it: never opened
        raise UnreadableFile(file.refused.rule, file.refused.reason)
    if file.channel not in CHANNELS:
        raise UnreadableFile(
            "unknown_channel",
            f"'{file.channel}' is not a channel folder (expected one of {', '.join(CHANNELS)})",
        )
    try:
        data = read_landed(Path(file.path), file.relative_path)
    except OSError as error:
        raise UnreadableFile("unreadable_file", f"the file cannot be opened: {error}") from None
    suffix = Path(file.relative_path).suffix.lower()
    if file.channel == "generic" and suffix in BINARY_LAYOUTS:
        raw, windows_1252_lines = _load_generic_binary(data, suffix)
        format_name = BINARY_LAYOUTS[suffix]
    else:
        utf8, windows_1252_lines = to_utf8(data)
        if file.channel == "ebay":
            utf8 = skip_preamble(utf8)
        separator = separator_of(file.channel)
        raw = read_delimited(
            utf8,
            separator=separator,
            format_hint=f"{channel_name(file.channel)} export",
            quote_char=None if separator == "\t" else '"',
            lenient_quotes=file.channel == "ebay",
        )
        format_name = None
    export_format = recognise(raw.columns, file.channel)
    raw = drop_blank_rows(raw)
    if export_format is None:
        # the header as the file has it: `source_row` is the row number we added, not a column
        header = [c for c in raw.columns if c not in (SOURCE_ROW, SOURCE_FILE)]
        raise UnreadableFile("wrong_format", describe_mismatch(header, file.channel), raw.height)
    if file.channel == "ebay":
        raw = drop_footer(raw)
    return raw, export_format, format_name or export_format.name, windows_1252_lines


def _load_generic_binary(data: bytes, suffix: str) -> tuple[pl.DataFrame, tuple[int, ...]]:
    """Parquet / JSON Lines feeds: every value to text, like a CSV read (and, for JSON Lines,
    the lines read as Windows-1252)."""
    if not data[:65_536].strip() and not data.strip():  # strip a copy only of a blank start
        raise UnreadableFile("empty_file", "the file is empty", rows=0)
    windows_1252_lines: tuple[int, ...] = ()
    try:
        if suffix == ".parquet":
            frame = pl.read_parquet(io.BytesIO(data))
        else:
            utf8, windows_1252_lines = to_utf8(data)
            frame = pl.read_ndjson(io.BytesIO(utf8))
    except UnreadableFile:
        raise
    except Exception as error:  # polars/pyarrow raise many kinds for a corrupt file
        raise UnreadableFile(
            "unreadable_file", f"the file is not valid {suffix[1:]} ({type(error).__name__})"
        ) from None
    check_column_names(frame.columns)
    frame = frame.select(
        (
            pl.col(c).dt.strftime("%Y-%m-%dT%H:%M:%S%.f%z")
            if isinstance(frame.schema[c], pl.Datetime) and frame.schema[c].time_zone
            else pl.col(c).cast(pl.String)
        ).alias(c)
        for c in frame.columns
        if not isinstance(frame.schema[c], pl.List | pl.Struct | pl.Array)
    )
    numbered = frame.with_row_index(SOURCE_ROW, offset=1)
    return numbered.with_columns(pl.col(SOURCE_ROW).cast(pl.Int64)), windows_1252_lines


def _rows_of(outcome: Loaded | UnreadableFile) -> int | None:
    """The data rows a file held, whether it was loaded or rejected."""
    return outcome.rows if isinstance(outcome, UnreadableFile) else outcome[0].height


def _rejected(
    files: tuple[LandingFile, ...],
    problems: Sequence[UnreadableFile | None],
    rows: Sequence[int | None],
) -> ExportRead:
    """Every file of the export rejected: with its own problem, or (a sound part of a split
    export) naming the part that could not be read. Its rows, where it had any, are rejected
    with it."""
    first_bad, problem = next(
        (file, problem) for file, problem in zip(files, problems, strict=True) if problem
    )
    split_reason = (
        f"part of a split export whose part {first_bad.relative_path} cannot be read "
        f"({problem.reason}); the parts are read together, so none is used until it is fixed"
    )
    parts = pl.DataFrame(
        {
            "source_file": [file.relative_path for file in files],
            "rows_read": list(rows),
            "rejected_rule": [p.rule if p else "split_export_incomplete" for p in problems],
            "rejected_reason": [p.reason if p else split_reason for p in problems],
        }
    )
    return ExportRead(
        files,
        None,
        pl.DataFrame(schema=STAGED_SCHEMA),
        pl.DataFrame(schema={SOURCE_FILE: pl.String, SOURCE_ROW: pl.Int64}),
        conform(parts, PARTS_SCHEMA),
    )


__all__ = ["WARNING_COLUMNS", "ExportRead", "read_export"]
