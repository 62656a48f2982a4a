"""Parse channel timestamps to naive UTC, whatever shape each channel writes them in."""

import polars as pl

from contracts.channel_formats import Timestamps
from contracts.channel_formats.generic import OFFSET_FORMATS


def with_instant(
    frame: pl.DataFrame,
    name: str,
    raw: pl.Expr,
    *,
    offset_formats: tuple[str, ...] = OFFSET_FORMATS,
    local_formats: tuple[str, ...] = (),
    local_time_zone: str = "UTC",
) -> pl.DataFrame:
    """`frame` with column `name`: text parsed to a naive UTC datetime, offsets honoured,
    offset-less values read in `local_time_zone`; the first format (in order) that reads a value
    wins. Each reader passes only the shapes its channel writes.

    Each format after the first only sees the values no earlier format could read (the rest
    are masked to null), so a column written in one shape costs one full parse, not one per
    format.
    """
    text = f"{name} text"
    frame = frame.with_columns(_cleaned(raw, offset_formats).alias(text))
    formats = _formats(offset_formats, local_formats)
    if not formats:
        return frame.with_columns(pl.lit(None, dtype=pl.Datetime("us")).alias(name)).drop(text)
    first, *rest = formats
    frame = frame.with_columns(_parsed(pl.col(text), *first, local_time_zone).alias(name))
    for fmt, offset in rest:
        unread = pl.when(pl.col(name).is_null()).then(pl.col(text))
        frame = frame.with_columns(
            pl.coalesce(pl.col(name), _parsed(unread, fmt, offset, local_time_zone)).alias(name)
        )
    return frame.drop(text)


def with_placed_at(
    frame: pl.DataFrame, raw: pl.Expr, timestamps: Timestamps, local_time_zone: str
) -> pl.DataFrame:
    """`frame` with `_placed_at` read from `raw` in the shapes the export writes its times in."""
    return with_instant(
        frame,
        "_placed_at",
        raw,
        offset_formats=timestamps.offset_formats,
        local_formats=timestamps.local_formats,
        local_time_zone=local_time_zone,
    )


def _formats(
    offset_formats: tuple[str, ...], local_formats: tuple[str, ...]
) -> list[tuple[str, bool]]:
    return [(f, True) for f in offset_formats] + [(f, False) for f in local_formats]


def _cleaned(raw: pl.Expr, offset_formats: tuple[str, ...]) -> pl.Expr:
    cleaned = raw.str.strip_chars()
    if offset_formats:
        cleaned = cleaned.str.replace(r"(?i)(\d)\s*(Z|UTC|GMT)$", "${1}+00:00")
    return cleaned


def _parsed(text: pl.Expr, fmt: str, has_offset: bool, local_time_zone: str) -> pl.Expr:
    value = text.str.to_datetime(fmt, strict=False, time_unit="us")
    if has_offset:
        return value.dt.convert_time_zone("UTC").dt.replace_time_zone(None)
    return (
        value.dt.replace_time_zone(local_time_zone, ambiguous="earliest", non_existent="null")
        .dt.convert_time_zone("UTC")
        .dt.replace_time_zone(None)
    )
