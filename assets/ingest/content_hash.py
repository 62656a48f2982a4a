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
    line_text = _joined_lines(lines.sort([*keys, "line_no"]), keys)
    return (
        orders.select(*keys, _order=_order_text())
        .join(line_text, on=keys, how="left", maintain_order="left")
        .select(*keys, content_hash=_hash().cast(pl.String))
    )


def copy_contents(lines: pl.DataFrame, key: str, *, extra: list[str]) -> pl.DataFrame:
    """One row per copy of an order in one file (lines grouped by `key`, in order of first
    appearance): `extra` and the order fields from its first line, and `copy_hash`, the
    `content_hashes` value (as UInt64) of that copy with its lines in row order.

    One group-by replaces the sort, two group-bys and the join `content_hashes` needs when
    lines arrive in any order; within a group, Polars keeps the rows in frame order.
    """
    fields = [f for f in ORDER_FIELDS if f not in extra]
    firsts = [pl.col(c).first() for c in [*extra, *fields]]
    return (
        _joined_lines(lines, [key], *firsts)
        .with_columns(copy_hash=_hash(_order_text()))
        .drop("_lines")
        .sort(key)
    )


def _joined_lines(lines: pl.DataFrame, keys: list[str], *aggregations: pl.Expr) -> pl.DataFrame:
    """Per group (in order of first appearance), its lines' text joined in row order.

    Each line's text is built once over the whole column and the groups' texts are joined
    as lists: several times faster than `str.join` evaluated group by group.
    """
    line_text = pl.concat_str(
        [
            pl.col("channel_line_id").fill_null(_NULL),
            pl.col("sku").fill_null(_NULL),
            pl.col("quantity").cast(pl.String).fill_null(_NULL),
        ],
        separator=_UNIT,
    )
    return (
        lines.with_columns(_lines=line_text)
        .group_by(keys, maintain_order=True)
        .agg(*aggregations, pl.col("_lines"))
        .with_columns(pl.col("_lines").list.join(_RECORD))
    )


def _order_text() -> pl.Expr:
    return pl.concat_str(
        [pl.col(field).cast(pl.String).fill_null(_NULL) for field in ORDER_FIELDS],
        separator=_UNIT,
    )


def _hash(order_text: pl.Expr | None = None) -> pl.Expr:
    order = pl.col("_order") if order_text is None else order_text
    return pl.concat_str([order, pl.col("_lines").fill_null("")], separator=_RECORD).hash(seed=0)
