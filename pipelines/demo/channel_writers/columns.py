"""Expressions every channel writer uses: a header filled in order, prices, names, dates."""

import polars as pl


def filled_header(columns: tuple[str, ...], filled: dict[str, pl.Expr]) -> list[pl.Expr]:
    """Every header column in order: its expression as text, or an empty string."""
    return [
        filled[c].cast(pl.String).fill_null("").alias(c) if c in filled else pl.lit("").alias(c)
        for c in columns
    ]


def service_name(names: dict[str, str]) -> pl.Expr:
    """The channel's name for the line's `service_level`."""
    level = pl.col("service_level")
    return level.replace_strict(names, default=level, return_dtype=pl.String)


def placed_at_as(written: str, *, utc_offset_hours: int = 0) -> pl.Expr:
    """`placed_at` (naive UTC) as the platform writes it, in a zone `utc_offset_hours` from UTC."""
    placed_at = pl.col("placed_at")
    if not utc_offset_hours:
        return placed_at.dt.replace_time_zone("UTC").dt.strftime(written)
    zone = f"Etc/GMT{-utc_offset_hours:+d}"  # POSIX sign: Etc/GMT+4 is four hours behind UTC
    return placed_at.dt.replace_time_zone("UTC").dt.convert_time_zone(zone).dt.strftime(written)


def is_first_line() -> pl.Expr:
    """The first row of each order (lines are sorted by order)."""
    return pl.col("order_seq") != pl.col("order_seq").shift().fill_null(-1)


def price() -> pl.Expr:
    """A stable pseudo price per SKU, e.g. `23.99`."""
    return pl.format("{}.99", (_price_cents() // 100).cast(pl.String))


def line_price() -> pl.Expr:
    """`price()` times the line's quantity, e.g. `47.98`: what Amazon's `item-price` and
    WooCommerce's item `total` hold."""
    cents = (_price_cents() // 100 * 100 + 99) * pl.col("quantity").cast(pl.Int64)
    return pl.format(
        "{}.{}", (cents // 100).cast(pl.String), (cents % 100).cast(pl.String).str.zfill(2)
    )


def _price_cents() -> pl.Expr:
    return pl.col("sku").str.len_bytes() * 317 % 9000 + 999


def item_name() -> pl.Expr:
    return pl.format("Item {}", pl.col("sku"))


def first_name() -> pl.Expr:
    return pl.col("ship_name").str.split_exact(" ", 1).struct.field("field_0")


def last_name() -> pl.Expr:
    return pl.col("ship_name").str.splitn(" ", 2).struct.field("field_1")
