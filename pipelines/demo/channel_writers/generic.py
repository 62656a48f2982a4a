"""Our canonical feed: CSV, or Parquet / JSON Lines on other seeds."""

from pathlib import Path

import polars as pl

from contracts.channel_formats.generic import CANONICAL_LINES
from pipelines.demo.channel_writers.columns import placed_at_as, price
from pipelines.demo.channel_writers.ids import channel_order_id


def write_generic(lines: pl.DataFrame, folder: Path, seed: int) -> list[Path]:
    """Our canonical feed: CSV, or Parquet / JSON Lines on other seeds."""
    frame = lines.with_columns(
        channel_order_id=channel_order_id("generic"),
        placed_at=placed_at_as(CANONICAL_LINES.placed_at.written),
        channel_line_id=pl.format(
            "GEN-{}-{}", pl.col("order_seq").cast(pl.String).str.zfill(8), pl.col("line_no")
        ),
        unit_price=price(),
        currency=pl.lit("USD"),
    ).select(CANONICAL_LINES.columns)
    kind = seed % 3
    if kind == 1:
        path = folder / "orders.parquet"
        frame.write_parquet(path)
    elif kind == 2:
        path = folder / "orders.jsonl"
        frame.write_ndjson(path)
    else:
        path = folder / "orders.csv"
        frame.write_csv(path)
    return [path]
