"""A fingerprint of an order's content, so a re-export with nothing new is a no-op.

The hash covers the order fields that matter downstream (date, service, address, status,
payment) and its lines in line order (line id, SKU, quantity) — not where it was read from.
Polars' hash is only stable within one Polars version, so the order book recomputes the hash
of the prior version instead of trusting the stored `content_hash`.
"""

import polars as pl

from assets.ingest.canonical import ORDER_FIELDS

_UNIT = "\x1f"
_RECORD = "\x1e"
_NULL = "\x00"


def content_hashes(orders: pl.DataFrame, lines: pl.DataFrame, keys: list[str]) -> pl.DataFrame:
    """(keys…, content_hash) for each order in `orders`, from its fields and its lines."""
    line_text = (
        lines.sort([*keys, "line_no"])
        .group_by(keys, maintain_order=True)
        .agg(
            _lines=pl.concat_str(
                [
                    pl.col("channel_line_id").fill_null(_NULL),
                    pl.col("sku").fill_null(_NULL),
                    pl.col("quantity").cast(pl.String).fill_null(_NULL),
                ],
                separator=_UNIT,
            ).str.join(_RECORD)
        )
    )
    order_text = pl.concat_str(
        [pl.col(field).cast(pl.String).fill_null(_NULL) for field in ORDER_FIELDS],
        separator=_UNIT,
    )
    return (
        orders.select(*keys, _order=order_text)
        .join(line_text, on=keys, how="left", maintain_order="left")
        .select(
            *keys,
            content_hash=pl.concat_str(
                [pl.col("_order"), pl.col("_lines").fill_null("")], separator=_RECORD
            )
            .hash(seed=0)
            .cast(pl.String),
        )
    )
