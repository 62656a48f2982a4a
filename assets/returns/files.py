"""Return files of the landing area: requests (`returns/requests/<date>/`: the Amazon returns
report, or the generic return-request CSV) and receipts (`returns/receipts/<date>/`: the returns
desk's CSV). Each file becomes rows of text, one per data row, with its path and row number; a
file that cannot be read, or that the landing zone refused, becomes one row with file_error."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from pathlib import Path

import polars as pl

from contracts.landing_file import Refusal
from resources.landing import read_landed

REQUEST_COLUMNS = (
    "channel",
    "rma_id",
    "channel_order_id",
    "channel_line_id",
    "sku",
    "quantity",
    "reason_code",
    "requested_at",
    "refunded_amount",
)
RECEIPT_COLUMNS = (
    "rma_id",
    "channel",
    "channel_order_id",
    "sku",
    "quantity_received",
    "condition",
    "disposition",
    "received_at",
)
AMAZON_REQUEST_HEADERS = {
    "orderid": "channel_order_id",
    "amazonrmaid": "rma_id",
    "merchantsku": "sku",
    "returnquantity": "quantity",
    "returnreason": "reason_code",
    "returnrequestdate": "requested_at",
    "refundedamount": "refunded_amount",
}
"""The Amazon returns report's columns batch-oms reads, by normalised header."""
GENERIC_REQUEST_HEADERS = {
    "channel": "channel",
    "rmaid": "rma_id",
    "orderid": "channel_order_id",
    "lineid": "channel_line_id",
    "sku": "sku",
    "quantity": "quantity",
    "reasoncode": "reason_code",
    "requestedat": "requested_at",
    "refundedamount": "refunded_amount",
}
RECEIPT_HEADERS = {
    "rmaid": "rma_id",
    "channel": "channel",
    "orderid": "channel_order_id",
    "sku": "sku",
    "qtyreceived": "quantity_received",
    "condition": "condition",
    "disposition": "disposition",
    "receivedat": "received_at",
}
"""The columns read from the proposed receipt file (the others are the desk's own)."""
REQUIRED_AMAZON = ("Order ID", "Amazon RMA ID", "Merchant SKU", "Return quantity")
REQUIRED_GENERIC = ("channel", "rma_id", "order_id", "sku", "quantity")
REQUIRED_RECEIPT = ("rma_id", "sku", "qty_received", "disposition", "received_at")
"""Columns a file must have, as docs/inputs.md spells them (the reasons name them so)."""


def header_key(header: str) -> str:
    """A header as compared: lower case, without spaces, hyphens and underscores, so `Order ID`,
    `order-id` and `order_id` are one column (channels change case and punctuation)."""
    return re.sub(r"[\s\-_]", "", header.lstrip("\ufeff").lower())


def _parse(data: bytes) -> pl.DataFrame:
    first_line = data.split(b"\n", 1)[0]
    return pl.read_csv(
        data,
        separator="\t" if b"\t" in first_line else ",",
        infer_schema=False,
        encoding="utf8-lossy",
        truncate_ragged_lines=True,
        quote_char=None if b"\t" in first_line else '"',
    )


def _rows(
    path: Path, relative: str, pick: Mapping[str, str], required: Sequence[str], what: str
) -> pl.DataFrame | str:
    """The file's rows under our column names, or why it was not read (never its content)."""
    try:
        raw = _parse(read_landed(path, relative))
    except OSError as error:  # the OS's words: the path, never the content
        return f"unreadable {what} file: {error}"
    except Exception as error:  # the error's kind, not its text: the text may quote the file
        return f"unreadable {what} file ({type(error).__name__})"
    keys = {header_key(column): column for column in raw.columns}
    missing = [name for name in required if header_key(name) not in keys]
    if missing:
        return f"not a {what} file batch-oms reads: no column {', '.join(missing)} (docs/inputs.md)"
    return raw.select(
        (pl.col(keys[key]).str.strip_chars() if key in keys else pl.lit(None, pl.String)).alias(
            name
        )
        for key, name in pick.items()
    )


def _request_rows(path: Path, relative: str) -> pl.DataFrame | str:
    try:
        first_line = read_landed(path, relative).split(b"\n", 1)[0].decode("utf8", "replace")
    except OSError as error:
        return f"unreadable return request file: {error}"
    headers = {header_key(h) for h in re.split(r"[\t,]", first_line)}
    if "amazonrmaid" in headers:
        rows = _rows(path, relative, AMAZON_REQUEST_HEADERS, REQUIRED_AMAZON, "return request")
        return rows if isinstance(rows, str) else rows.with_columns(channel=pl.lit("amazon"))
    return _rows(path, relative, GENERIC_REQUEST_HEADERS, REQUIRED_GENERIC, "return request")


def _framed(rows: pl.DataFrame | str, relative: str, columns: Sequence[str]) -> pl.DataFrame:
    schema = {c: pl.String() for c in columns} | {
        "source_file": pl.String(),
        "source_row": pl.Int64(),
        "file_error": pl.String(),
    }
    if isinstance(rows, str):
        return pl.DataFrame([{"source_file": relative, "file_error": rows}], schema=schema)
    return rows.select(
        *(pl.col(c) if c in rows.columns else pl.lit(None, pl.String).alias(c) for c in columns),
        pl.lit(relative).alias("source_file"),
        pl.int_range(1, pl.len() + 1, dtype=pl.Int64).alias("source_row"),
        pl.lit(None, pl.String).alias("file_error"),
    ).cast(schema)


def _refused(refused: Sequence[tuple[str, Refusal]], columns: Sequence[str]) -> pl.DataFrame:
    frames = [_framed(why.reason, relative, columns) for relative, why in refused]
    return pl.concat([_framed("", "", columns).clear(), *frames])


def read_request_files(
    files: Sequence[tuple[Path, str]], refused: Sequence[tuple[str, Refusal]] = ()
) -> pl.DataFrame:
    """Every return request row of a date, in file then row order, as text."""
    read = [_framed(_request_rows(p, r), r, REQUEST_COLUMNS) for p, r in files]
    return pl.concat([*read, _refused(refused, REQUEST_COLUMNS)])


def read_receipt_files(
    files: Sequence[tuple[Path, str]], refused: Sequence[tuple[str, Refusal]] = ()
) -> pl.DataFrame:
    """Every return receipt row of a date, in file then row order, as text."""
    read = [
        _framed(
            _rows(p, r, RECEIPT_HEADERS, REQUIRED_RECEIPT, "return receipt"), r, RECEIPT_COLUMNS
        )
        for p, r in files
    ]
    return pl.concat([*read, _refused(refused, RECEIPT_COLUMNS)])
