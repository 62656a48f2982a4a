"""A fingerprint of an order's content, so a re-export with nothing new is a no-op.

The hash covers the order fields that matter downstream (date, service, address, status,
payment) and its lines in line order (line id, SKU, quantity) — not where it was read from. It is
the MD5 (hex) of a documented text (docs/inputs.md, "The content hash"), so it means the same in
every version of every tool: the order fields joined by U+001F, then each line's id, SKU and
quantity (and its status when it is not open) joined by U+001F, the order and its lines joined
by U+001E; a null is U+0000; the placement time is ISO 8601 in UTC with microseconds, booleans
are `true`/`false`. Polars' own hash is not used: it is documented to change between versions.

Fields added to the order after the first release (company, address 2, phone) follow the first
ones only when one of them is set, so an order without them keeps the hash it always had and an
upgrade does not make every order in the book look changed.
"""

import duckdb
import polars as pl

from assets.ingest.canonical import ORDER_FIELDS
from contracts.vocabulary import SHIPPABLE

FIRST_FIELDS = (
    "placed_at",
    "service_level",
    "ship_name",
    "ship_address1",
    "ship_city",
    "ship_region",
    "ship_postal_code",
    "ship_country",
    "status",
    "is_paid",
)
"""The order fields the hash has covered from the start, in their order."""
LATER_FIELDS = tuple(field for field in ORDER_FIELDS if field not in FIRST_FIELDS)
"""The order fields added since, in ORDER_FIELDS order: hashed after the first ones, and only
when one of them is set."""

_UNIT = "\x1f"
_RECORD = "\x1e"
_NULL = "\x00"


def content_hashes(orders: pl.DataFrame, lines: pl.DataFrame, keys: list[str]) -> pl.DataFrame:
    """(keys…, content_hash) for each order in `orders`, from its fields and its lines."""
    line_text = _joined_lines(lines.sort([*keys, "line_no"]), keys)
    texts = (
        orders.select(*keys, _order=_order_text())
        .join(line_text, on=keys, how="left", maintain_order="left")
        .select(*keys, content_hash=_text())
    )
    return texts.with_columns(_md5(texts["content_hash"]))


def copy_contents(lines: pl.DataFrame, key: str, *, extra: list[str]) -> pl.DataFrame:
    """One row per copy of an order in one file (lines grouped by `key`, in order of first
    appearance): `extra` and the order fields from its first line, and `copy_hash`, the
    `content_hashes` value of that copy with its lines in row order.

    One group-by replaces the sort, two group-bys and the join `content_hashes` needs when
    lines arrive in any order; within a group, Polars keeps the rows in frame order.
    """
    fields = [f for f in ORDER_FIELDS if f not in extra]
    firsts = [pl.col(c).first() for c in [*extra, *fields]]
    copies = (
        _joined_lines(lines, [key], *firsts)
        .with_columns(copy_hash=_text(_order_text()))
        .drop("_lines")
        .sort(key)
    )
    return copies.with_columns(_md5(copies["copy_hash"]))


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
            _line_status_text(),
        ],
        separator=_UNIT,
        ignore_nulls=True,
    )
    return (
        lines.with_columns(_lines=line_text)
        .group_by(keys, maintain_order=True)
        .agg(*aggregations, pl.col("_lines"))
        .with_columns(pl.col("_lines").list.join(_RECORD))
    )


def _line_status_text() -> pl.Expr:
    """A line's status, only when it is not open (null, so left out, otherwise): the text of an
    open line is what it was before line statuses were recorded, and so is its order's hash."""
    status = pl.col("line_status")
    return pl.when(status.is_not_null() & (status != SHIPPABLE)).then(status)


def _order_text() -> pl.Expr:
    first = pl.concat_str([_field_text(field) for field in FIRST_FIELDS], separator=_UNIT)
    later = pl.concat_str([_field_text(field) for field in LATER_FIELDS], separator=_UNIT)
    has_later = pl.any_horizontal(pl.col(field).is_not_null() for field in LATER_FIELDS)
    return pl.when(has_later).then(pl.concat_str([first, later], separator=_UNIT)).otherwise(first)


def _field_text(field: str) -> pl.Expr:
    column = pl.col(field)
    if field == "placed_at":
        column = column.dt.strftime("%Y-%m-%dT%H:%M:%S%.6f")
    return column.cast(pl.String).fill_null(_NULL)


def _text(order_text: pl.Expr | None = None) -> pl.Expr:
    order = pl.col("_order") if order_text is None else order_text
    return pl.concat_str([order, pl.col("_lines").fill_null("")], separator=_RECORD)


def _md5(texts: pl.Series) -> pl.Series:
    """MD5 in hex of each text, by DuckDB: vectorised, and the same digest everywhere."""
    with duckdb.connect() as con:
        con.register("texts", texts.to_frame("text").to_arrow())
        digests = con.sql("select md5(text) as digest from texts").pl()["digest"]
    return digests.alias(texts.name)
