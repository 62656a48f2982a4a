"""Text cells that a spreadsheet would run as a formula, made harmless (OWASP's CSV-injection rule).

The channel files are opened in Excel or LibreOffice before they are uploaded, and their text comes
from reference files and channel exports: a SKU `=HYPERLINK(…)` would run. A text cell that starts
like a formula gets a `'` in front, which spreadsheets show as text. The same rule as the warehouse
documents' CSVs (assets/documents/csv_files.py), here so that any stage may use it.
"""

from __future__ import annotations

import polars as pl
import polars.selectors as cs

FORMULA_START = r"^[=+\-@\t\r\x{FF1D}\x{FF0B}\x{FF0D}\x{FF20}]"
"""`=`, `+`, `-`, `@`, a tab or a carriage return (OWASP), and their full-width forms, which some
locales' Excel reads as the same."""

PHONE_OR_NUMBER = r"^[+\-][0-9 ().\-/]*$"
"""A sign followed only by digits and punctuation: a phone number or a signed number, which a
spreadsheet can compute nothing from and which must stay exactly as given."""


def spreadsheet_safe(frame: pl.DataFrame) -> pl.DataFrame:
    """The frame with every text cell that starts like a formula prefixed by `'`."""
    text = cs.string() | cs.categorical() | cs.enum()
    return frame.with_columns(
        pl.when(column.str.contains(FORMULA_START) & ~column.str.contains(PHONE_OR_NUMBER))
        .then(pl.lit("'") + column)
        .otherwise(column)
        .name.keep()
        for column in [pl.col(name).cast(pl.String) for name in frame.select(text).columns]
    )
