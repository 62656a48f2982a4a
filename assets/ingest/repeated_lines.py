"""A line exported twice, byte for byte, is one line.

Exports now and then list a row twice (an eBay report with the same transaction on two rows).
Such a row has the channel line id of an earlier row of the same order in the same file, and the
same value in every column of the file: it is the same line, not a second one. It is set aside
as `repeated_line` (a row of oms.order_rejects naming the row it repeats, counted in its file's
row accounting) and the order goes on with its first copy. The same line id with any difference,
even in a column batch-oms does not read, is a conflict: `duplicate_line` holds the order.

Only lines with a channel line id are compared: without one (Shopify, WooCommerce), two equal
rows may be two real line items of the same SKU, and counting them once would under-ship.
"""

import polars as pl

from assets.ingest.canonical import STAGED_SCHEMA
from assets.ingest.readers.tabular import SOURCE_FILE, SOURCE_ROW
from assets.ingest.validation import ORDER_GROUP, ROW_ID

REPEATS_SCHEMA: dict[str, pl.DataType] = {
    ROW_ID: pl.UInt32(),
    "channel": pl.String(),
    "source_file": pl.String(),
    SOURCE_ROW: pl.Int64(),
    "channel_order_id": pl.String(),
    "channel_line_id": pl.String(),
    "repeat_of": pl.Int64(),
}
# What a row says, as staged: every staged column but its row number.
_CONTENT = [c for c in STAGED_SCHEMA if c != SOURCE_ROW]


def split_repeated_lines(
    lines: pl.DataFrame, raw: pl.DataFrame
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """(kept, repeats): `lines` without the rows that repeat an earlier row exactly, and those
    rows (REPEATS_SCHEMA, `repeat_of` the source row of the first copy).

    `lines` are one export's normalised lines (with ROW_ID and `line_key`), `raw` its rows as
    read (SOURCE_FILE, SOURCE_ROW and every column), compared too, so that a difference in a
    column no reader keeps is still a difference. Only lines sharing an order and a line id are
    looked at closely, so a night without such pairs costs one pass over the keys.
    """
    if lines["channel_line_id"].null_count() == lines.height:  # a channel without line ids
        return lines, pl.DataFrame(schema=REPEATS_SCHEMA)
    same_key = pl.struct([*ORDER_GROUP, "line_key"]).is_duplicated()
    pairs = lines.filter(pl.col("channel_line_id").is_not_null() & same_key)
    if pairs.is_empty():
        return lines, pl.DataFrame(schema=REPEATS_SCHEMA)
    row_key = [SOURCE_FILE, SOURCE_ROW]
    content = list(_CONTENT)
    if raw.width > len(row_key):
        as_read = raw.join(
            pairs.select(pl.col("source_file").alias(SOURCE_FILE), SOURCE_ROW).unique(),
            on=row_key,
            how="semi",
        ).select(*row_key, _as_read=pl.struct(pl.exclude(row_key)).struct.json_encode())
        pairs = pairs.join(
            as_read,
            left_on=["source_file", SOURCE_ROW],
            right_on=row_key,
            how="left",
            maintain_order="left",
        )
        content.append("_as_read")
    first_row = pl.col(SOURCE_ROW).sort_by(ROW_ID).first().over(pl.struct(content))
    repeats = pairs.with_columns(repeat_of=first_row).filter(
        pl.col(SOURCE_ROW) != pl.col("repeat_of")
    )
    # A row is set aside whole or not at all, so that its file's rows still add up (every
    # channel with line ids has one line per row; this keeps that an assumption, not a risk).
    rows = ["source_file", SOURCE_ROW]
    repeats = repeats.join(
        lines.join(repeats.select(ROW_ID), on=ROW_ID, how="anti").select(rows).unique(),
        on=rows,
        how="anti",
        maintain_order="left",
    )
    kept = lines.join(repeats.select(ROW_ID), on=ROW_ID, how="anti", maintain_order="left")
    return kept, repeats.select(*REPEATS_SCHEMA).cast(REPEATS_SCHEMA)


def repeated_line_reason() -> pl.Expr:
    """Why a repeated row is set aside, in words (REPEATS_SCHEMA columns)."""
    return pl.format(
        "row {} repeats row {} exactly (line id '{}' of order {}): the line is counted once, "
        "from row {}; nothing to do unless the order really holds this line twice",
        pl.col(SOURCE_ROW),
        pl.col("repeat_of"),
        pl.col("channel_line_id"),
        pl.col("channel_order_id"),
        pl.col("repeat_of"),
    )
