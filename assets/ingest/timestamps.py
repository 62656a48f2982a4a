"""Parse channel timestamps to naive UTC, whatever shape each channel writes them in."""

import polars as pl

# Formats that carry an offset (Shopify `-0400`, Amazon `+00:00`, ISO `Z`).
OFFSET_FORMATS = (
    "%Y-%m-%dT%H:%M:%S%.f%z",
    "%Y-%m-%d %H:%M:%S%.f%z",
    "%Y-%m-%d %H:%M:%S %z",
    "%Y-%m-%dT%H:%M%z",
)
# Formats without an offset: interpreted in the channel's configured zone (UTC by default).
ISO_LOCAL_FORMATS = (
    "%Y-%m-%dT%H:%M:%S%.f",
    "%Y-%m-%d %H:%M:%S%.f",
    "%Y-%m-%dT%H:%M",
    "%Y-%m-%d %H:%M",
    "%Y-%m-%d",
)
WOOCOMMERCE_FORMATS = (
    "%Y-%m-%d %H:%M:%S%.f",
    "%Y-%m-%dT%H:%M:%S%.f",
    "%Y-%m-%d %H:%M",
)
# WooCommerce files re-saved by a spreadsheet: slash dates in the order of the machine's locale.
# Which of the two a file uses is decided for the whole file (readers/woocommerce.py).
WOOCOMMERCE_MONTH_FIRST_FORMATS = ("%m/%d/%Y %H:%M", "%m/%d/%Y %H:%M:%S", "%m/%d/%Y")
WOOCOMMERCE_DAY_FIRST_FORMATS = ("%d/%m/%Y %H:%M", "%d/%m/%Y %H:%M:%S", "%d/%m/%Y")
AMAZON_OFFSET_FORMATS = ("%Y-%m-%dT%H:%M:%S%.f%z", "%Y-%m-%d %H:%M:%S%.f%z")
AMAZON_LOCAL_FORMATS = ("%Y-%m-%dT%H:%M:%S%.f", "%Y-%m-%d %H:%M:%S%.f")
EBAY_FORMATS = ("%b-%d-%y", "%b-%d-%y %H:%M:%S", "%d-%b-%y", "%b-%d-%Y")


def parse_instant(
    raw: pl.Expr,
    *,
    offset_formats: tuple[str, ...] = OFFSET_FORMATS,
    local_formats: tuple[str, ...] = (),
    local_time_zone: str = "UTC",
) -> pl.Expr:
    """Parse text to a naive UTC datetime: offsets honoured, offset-less values in the zone.

    Formats are tried in order; each reader passes only the shapes its channel writes, as
    every extra format costs a pass over the column. `with_instant` gives the same values with
    later formats tried only on the values earlier ones could not read.
    """
    cleaned = _cleaned(raw, offset_formats)
    return pl.coalesce(
        [
            _parsed(cleaned, fmt, offset, local_time_zone)
            for fmt, offset in _formats(offset_formats, local_formats)
        ]
    )


def with_instant(
    frame: pl.DataFrame,
    name: str,
    raw: pl.Expr,
    *,
    offset_formats: tuple[str, ...] = OFFSET_FORMATS,
    local_formats: tuple[str, ...] = (),
    local_time_zone: str = "UTC",
) -> pl.DataFrame:
    """`frame` with column `name` = `parse_instant(raw, …)`, one format at a time.

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
