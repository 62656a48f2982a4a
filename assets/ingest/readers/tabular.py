"""Read decoded export text into an all-string frame, one row per CSV record.

Everything stays text (ids with leading zeros, 14-digit Amazon item ids, `'`-prefixed zips);
readers pick and convert the columns they need.
"""

import csv
import io
import re
from collections.abc import Sequence

import polars as pl

from assets.ingest.encoding import UnreadableFile
from contracts.vocabulary import with_article

SOURCE_ROW = "source_row"
SOURCE_FILE = "_source_file"  # which file of a split export a row came from
# How polars names the second and later columns of a header that repeats a name.
_POLARS_DUPLICATE = re.compile(r"^(?P<name>.*)_duplicated_\d+$")
_DELIMITER_NAMES = {",": "comma", "\t": "tab", ";": "semicolon", "|": "pipe"}


def read_delimited(
    data: bytes,
    *,
    separator: str,
    format_hint: str,
    quote_char: str | None = '"',
    lenient_quotes: bool = False,
) -> pl.DataFrame:
    """Parse UTF-8 delimited text whose first line is the header; add the 1-based `source_row`.

    Amazon's tab-separated reports are never quoted, so they are read with `quote_char=None`
    (a value starting with `"` is data there). Blank records are kept (so row numbers match
    what an operator sees) and dropped later by `drop_blank_rows`. With `lenient_quotes` (eBay,
    which does not escape `"` inside item titles), a file the fast parser refuses is parsed again
    by Python's csv module in non-strict mode; it is still rejected if its rows are ragged.
    """
    header = data[: data.find(b"\n") if b"\n" in data else len(data)].decode("utf-8")
    check_delimiter(header, separator=separator, format_hint=format_hint)
    try:
        frame = pl.read_csv(
            io.BytesIO(data),
            separator=separator,
            has_header=True,
            infer_schema=False,
            quote_char=quote_char,
            raise_if_empty=False,
            truncate_ragged_lines=False,
        )
    except (pl.exceptions.PolarsError, OSError):
        # the parser's message is not quoted: it may hold a line of a file that is not read
        frame = _read_with_stray_quotes(data, separator) if lenient_quotes else None
        if frame is not None:
            return _numbered(frame)
        raise UnreadableFile(
            "unreadable_file",
            f"the file is not a well-formed {format_hint} file: a row has more fields than the "
            "header, or a quote is not closed",
        ) from None
    return _numbered(frame)


def _numbered(frame: pl.DataFrame) -> pl.DataFrame:
    check_column_names(frame.columns)
    frame = frame.rename({name: name.strip().strip('"').strip() for name in frame.columns})
    return frame.with_row_index(SOURCE_ROW, offset=1).with_columns(
        pl.col(SOURCE_ROW).cast(pl.Int64)
    )


def _read_with_stray_quotes(data: bytes, separator: str) -> pl.DataFrame | None:
    """The slow, forgiving parse for exports with unescaped quotes; None if a row has more fields
    than the header (short rows are padded, as the fast parser does for footers)."""
    records = list(csv.reader(io.StringIO(data.decode("utf-8"), newline=""), delimiter=separator))
    if not records:
        return None
    header, rows = records[0], records[1:]
    check_column_names(header)
    if any(len(row) > len(header) for row in rows):
        return None
    rows = [row + [""] * (len(header) - len(row)) for row in rows]
    columns = {name: [row[i] or None for row in rows] for i, name in enumerate(header)}
    return pl.DataFrame(columns, schema={name: pl.String for name in header})


def check_column_names(columns: Sequence[str]) -> None:
    """Reject a header that names one column twice, counting names as readers match them (case
    and surrounding spaces ignored): which of `sku` and `SKU` is the SKU cannot be told, and
    reading either one would silently drop the other. Blank names are never read, so they may
    repeat."""
    present = set(columns)
    seen: dict[str, int] = {}
    for position, column in enumerate(columns, start=1):
        duplicate = _POLARS_DUPLICATE.match(column)
        if duplicate and duplicate["name"] in present:
            column = duplicate["name"]
        key = column.strip().strip('"').strip().lower()
        if not key:
            continue
        if key in seen:
            raise UnreadableFile(
                "duplicate_column",
                f"columns {seen[key]} and {position} of the header (counting from 1) have the "
                "same name; columns are matched by name, ignoring case and surrounding spaces, "
                "so which one to read cannot be told — remove or rename one and land the file "
                "again",
            )
        seen[key] = position


def check_delimiter(header: str, *, separator: str, format_hint: str) -> None:
    """Reject a file whose header is not split by the delimiter its format uses."""
    if separator in header:
        return
    for other, name in _DELIMITER_NAMES.items():
        if other != separator and header.count(other) >= 2:
            raise UnreadableFile(
                "wrong_delimiter",
                f"the header is {name}-separated, but {with_article(format_hint)} file is "
                f"{_DELIMITER_NAMES[separator]}-separated",
            )


def drop_blank_rows(frame: pl.DataFrame) -> pl.DataFrame:
    """Drop records with no value at all (padding rows, blank lines)."""
    data_columns = [c for c in frame.columns if c not in (SOURCE_ROW, SOURCE_FILE)]
    if not data_columns:
        return frame
    has_value = pl.any_horizontal(
        (pl.col(c).str.len_bytes() > 0).fill_null(False) for c in data_columns
    )
    return frame.filter(has_value)


def text(frame: pl.DataFrame, *names: str) -> pl.Expr:
    """The first of `names` present in the frame (case-insensitive), trimmed, '' as null."""
    by_lower = {c.lower(): c for c in frame.columns}
    for name in names:
        column = by_lower.get(name.lower())
        if column is not None:
            return pl.col(column).str.strip_chars().replace("", None)
    return pl.lit(None, dtype=pl.String)


def has_column(frame: pl.DataFrame, name: str) -> bool:
    """Whether the export carries this column (case-insensitive)."""
    return name.lower() in {c.lower() for c in frame.columns}
