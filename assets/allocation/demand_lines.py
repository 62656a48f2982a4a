"""Tonight's demand lines checked and typed for encoding: the columns allocation reads."""

import polars as pl

from assets.allocation.candidates import service_speed
from contracts.addresses import ADDRESS_KEY, ship_to

DEMAND_COLUMNS = [
    "channel",
    "channel_order_id",
    "version",
    "line_no",
    "sku",
    "quantity",
    "placed_at",
    "service_level",
    "is_paid",
    "first_backordered_date",
]


def validated_demand(demand: pl.DataFrame, *, with_address: bool) -> pl.DataFrame:
    required = DEMAND_COLUMNS + (ADDRESS_KEY if with_address else [])
    missing = [c for c in required if c not in demand.columns]
    if missing:
        raise ValueError(f"demand is missing columns {missing}")
    lines = demand.select(
        pl.col("channel").cast(pl.String),
        pl.col("channel_order_id").cast(pl.String),
        pl.col("version").cast(pl.Int64),
        pl.col("line_no").cast(pl.Int64),
        pl.col("sku").cast(pl.String),
        pl.col("quantity").cast(pl.Int64),
        pl.col("placed_at"),
        pl.col("service_level").cast(pl.String),
        pl.col("is_paid").cast(pl.Boolean),
        pl.col("first_backordered_date").cast(pl.Date),
        *(ship_to() if with_address else []),
    )
    keys = ["channel", "channel_order_id", "version", "line_no", "sku", "quantity", "placed_at"]
    problems = lines.select(
        pl.any_horizontal(pl.col(keys).is_null()).any().alias("has_nulls"),
        (pl.col("quantity") < 1).any().alias("has_bad_quantity"),
    ).row(0, named=True)
    if problems["has_nulls"]:
        raise ValueError(f"demand has nulls in {keys}")
    if problems["has_bad_quantity"]:
        raise ValueError("demand quantities must be at least 1")
    # One chunk: the serving-order gather of millions of rows is several times slower over chunks.
    return lines.with_columns(_service_speeds(lines["service_level"])).rechunk()


def _service_speeds(levels: pl.Series) -> pl.Series:
    """service_speed of every line, looked up once per distinct spelling: a night has millions
    of lines but a handful of spellings, and lower-casing every line cost more than the rest of
    the validation."""
    distinct = levels.unique(maintain_order=True)
    speeds = distinct.to_frame().select(service_speed(levels.name)).to_series()
    if levels.is_empty():  # replace_strict ignores return_dtype when there is nothing to map
        return speeds.alias("service_speed")
    return levels.replace_strict(distinct, speeds, return_dtype=pl.Int8).alias("service_speed")
