"""The plain rules that the fast paths of ingest must agree with, stated the slow, obvious way."""

import polars as pl


def runs_of(key: pl.Expr) -> pl.Expr:
    """An integer id per run of consecutive equal keys (nulls each start their own run)."""
    return (key != key.shift()).fill_null(True).cum_sum()


def parse_instant(
    raw: pl.Expr,
    *,
    offset_formats: tuple[str, ...],
    local_formats: tuple[str, ...],
    local_time_zone: str,
) -> pl.Expr:
    """Every format parsed over the whole column and the first that reads a value wins: text to
    a naive UTC datetime, offsets honoured ('Z', 'UTC', 'GMT' as +00:00), offset-less values read
    in `local_time_zone`."""
    cleaned = raw.str.strip_chars()
    if offset_formats:
        cleaned = cleaned.str.replace(r"(?i)(\d)\s*(Z|UTC|GMT)$", "${1}+00:00")
    with_offset = [
        cleaned.str.to_datetime(fmt, strict=False, time_unit="us")
        .dt.convert_time_zone("UTC")
        .dt.replace_time_zone(None)
        for fmt in offset_formats
    ]
    local = [
        cleaned.str.to_datetime(fmt, strict=False, time_unit="us")
        .dt.replace_time_zone(local_time_zone, ambiguous="earliest", non_existent="null")
        .dt.convert_time_zone("UTC")
        .dt.replace_time_zone(None)
        for fmt in local_formats
    ]
    return pl.coalesce([*with_offset, *local])
