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
    "%m/%d/%Y %H:%M",
    "%m/%d/%Y %H:%M:%S",
)
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
    every extra format costs a pass over the column.
    """
    cleaned = raw.str.strip_chars()
    if offset_formats:
        cleaned = cleaned.str.replace(r"(?i)(\d)\s*(Z|UTC|GMT)$", "${1}+00:00")
    candidates = [
        cleaned.str.to_datetime(fmt, strict=False, time_unit="us")
        .dt.convert_time_zone("UTC")
        .dt.replace_time_zone(None)
        for fmt in offset_formats
    ]
    candidates += [
        cleaned.str.to_datetime(fmt, strict=False, time_unit="us")
        .dt.replace_time_zone(local_time_zone, ambiguous="earliest", non_existent="null")
        .dt.convert_time_zone("UTC")
        .dt.replace_time_zone(None)
        for fmt in local_formats
    ]
    return pl.coalesce(candidates)
