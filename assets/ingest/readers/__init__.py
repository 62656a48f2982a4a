"""Channel readers: one landed file in, staged candidate lines (or a whole-file reject) out."""

import io
from dataclasses import dataclass
from pathlib import Path

import polars as pl

from assets.ingest.canonical import STAGED_SCHEMA
from assets.ingest.encoding import UnreadableFile, to_utf8
from assets.ingest.landing_file import LandingFile
from assets.ingest.readers.amazon import stage_amazon
from assets.ingest.readers.ebay import drop_footer, skip_preamble, stage_ebay
from assets.ingest.readers.formats import CHANNELS, ExportFormat, describe_mismatch, recognise
from assets.ingest.readers.generic import stage_generic
from assets.ingest.readers.shopify import stage_shopify
from assets.ingest.readers.tabular import SOURCE_ROW, drop_blank_rows, read_delimited
from assets.ingest.readers.woocommerce import stage_woocommerce

STAGERS = {
    "shopify": stage_shopify,
    "amazon": stage_amazon,
    "woocommerce": stage_woocommerce,
    "ebay": stage_ebay,
    "generic": stage_generic,
}
_SEPARATORS = {"amazon": "\t"}
_BINARY_SUFFIXES = {
    ".parquet": "generic_parquet",
    ".jsonl": "generic_jsonl",
    ".ndjson": "generic_jsonl",
}


@dataclass(frozen=True)
class FileRead:
    """What one landed file gave: staged lines and raw rows, or the reason it was rejected."""

    file: LandingFile
    file_format: str | None
    staged: pl.DataFrame  # STAGED_SCHEMA, one row per candidate line (or structural row)
    raw: pl.DataFrame  # source_row + every column as read, for reject original_values
    rows_read: int
    rejected_rule: str | None = None
    rejected_reason: str | None = None


def read_landing_file(file: LandingFile, *, local_time_zone: str = "UTC") -> FileRead:
    """Read one export of the channel its folder names; never raises for bad content."""
    try:
        raw, export_format, format_name = _load(file)
        raw = drop_blank_rows(raw)
        frame = STAGERS[file.channel](raw, export_format, local_time_zone)
    except UnreadableFile as problem:
        return _rejected(file, problem)
    except pl.exceptions.PolarsError as error:  # content polars cannot make sense of
        first_line = (str(error).strip().splitlines() or ["parse error"])[0]
        return _rejected(file, UnreadableFile("unreadable_file", f"cannot read rows: {first_line}"))
    staged = frame.with_columns(
        channel=pl.lit(file.channel), source_file=pl.lit(file.relative_path)
    ).select(pl.col(name).cast(dtype) for name, dtype in STAGED_SCHEMA.items())
    return FileRead(file, format_name, staged, raw, rows_read=raw.height)


def _load(file: LandingFile) -> tuple[pl.DataFrame, ExportFormat, str]:
    if file.channel not in CHANNELS:
        raise UnreadableFile(
            "unknown_channel",
            f"'{file.channel}' is not a channel folder (expected one of {', '.join(CHANNELS)})",
        )
    try:
        data = Path(file.path).read_bytes()
    except OSError as error:
        raise UnreadableFile("unreadable_file", f"the file cannot be opened: {error}") from None
    suffix = Path(file.relative_path).suffix.lower()
    if file.channel == "generic" and suffix in _BINARY_SUFFIXES:
        raw = _load_generic_binary(data, suffix)
        format_name = _BINARY_SUFFIXES[suffix]
    else:
        utf8 = to_utf8(data)
        if file.channel == "ebay":
            utf8 = skip_preamble(utf8)
        separator = _SEPARATORS.get(file.channel, ",")
        raw = read_delimited(
            utf8,
            separator=separator,
            format_hint=f"{file.channel} export",
            quote_char=None if separator == "\t" else '"',
            lenient_quotes=file.channel == "ebay",
        )
        format_name = None
    export_format = recognise(raw.columns, file.channel)
    if export_format is None:
        raise UnreadableFile("wrong_format", describe_mismatch(list(raw.columns), file.channel))
    if file.channel == "ebay":
        raw = drop_footer(raw)
    return raw, export_format, format_name or export_format.name


def _load_generic_binary(data: bytes, suffix: str) -> pl.DataFrame:
    """Parquet / JSON Lines feeds: every value to text, like a CSV read."""
    if not data[:65_536].strip() and not data.strip():  # strip a copy only of a blank start
        raise UnreadableFile("empty_file", "the file is empty")
    try:
        if suffix == ".parquet":
            frame = pl.read_parquet(io.BytesIO(data))
        else:
            frame = pl.read_ndjson(io.BytesIO(to_utf8(data)))
    except UnreadableFile:
        raise
    except Exception as error:  # polars/pyarrow raise many kinds for a corrupt file
        first_line = (str(error).strip().splitlines() or ["parse error"])[0]
        raise UnreadableFile(
            "unreadable_file", f"the file is not valid {suffix[1:]}: {first_line}"
        ) from None
    frame = frame.select(
        (
            pl.col(c).dt.strftime("%Y-%m-%dT%H:%M:%S%.f%z")
            if isinstance(frame.schema[c], pl.Datetime) and frame.schema[c].time_zone
            else pl.col(c).cast(pl.String)
        ).alias(c)
        for c in frame.columns
        if not isinstance(frame.schema[c], pl.List | pl.Struct | pl.Array)
    )
    return frame.with_row_index(SOURCE_ROW, offset=1).with_columns(
        pl.col(SOURCE_ROW).cast(pl.Int64)
    )


def _rejected(file: LandingFile, problem: UnreadableFile) -> FileRead:
    return FileRead(
        file,
        None,
        pl.DataFrame(schema=STAGED_SCHEMA),
        pl.DataFrame(schema={SOURCE_ROW: pl.Int64}),
        rows_read=0,
        rejected_rule=problem.rule,
        rejected_reason=problem.reason,
    )


__all__ = ["FileRead", "read_landing_file"]
