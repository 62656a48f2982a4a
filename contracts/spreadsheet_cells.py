"""Text cells that a spreadsheet would run as a formula, written so it shows them as text.

Files for the channels are opened in Excel or LibreOffice before they are uploaded, and their
text comes from channel exports and carrier files: an order number `=HYPERLINK(…)` would run.
Such a cell gets a `'` in front (OWASP's rule for CSV injection); the tables keep the exact value.
The same rule as the warehouse documents' CSV files (assets/documents/csv_files.py).
"""

import polars as pl
import polars.selectors as cs

FORMULA_START = r"^[=+\-@\t\r\x{FF1D}\x{FF0B}\x{FF0D}\x{FF20}]"
"""What a spreadsheet may take for the start of a formula: `=`, `+`, `-`, `@`, a tab or a carriage
return (OWASP), and their full-width forms, which some locales' Excel reads as the same."""

PHONE_OR_NUMBER = r"^[+\-][0-9 ().\-/]*$"
"""A sign followed only by digits, spaces, brackets, dots, dashes and slashes: nothing a
spreadsheet can compute from, so it is written as is."""


def spreadsheet_safe(frame: pl.DataFrame) -> pl.DataFrame:
    """The frame with every text cell that starts like a formula prefixed by `'`; numbers, dates,
    phone numbers and other text are left as they are."""
    text = cs.string() | cs.categorical() | cs.enum()
    return frame.with_columns(
        pl.when(column.str.contains(FORMULA_START) & ~column.str.contains(PHONE_OR_NUMBER))
        .then(pl.lit("'") + column)
        .otherwise(column)
        .name.keep()
        for column in [pl.col(name).cast(pl.String) for name in frame.select(text).columns]
    )
