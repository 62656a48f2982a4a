"""Text cells that a spreadsheet would run as a formula, made harmless (OWASP's CSV-injection rule).

Every CSV batch-oms writes for a person (pick lists and manifests for the warehouse, the files
uploaded to the channels) may be opened in Excel or LibreOffice first, and its text comes from
channel exports, reference files and carrier files: a SKU or order number `=HYPERLINK(…)` would
run. A text cell that starts like a formula gets a `'` in front, which spreadsheets show as text;
the tables keep the exact value.
"""

from __future__ import annotations

import polars as pl
import polars.selectors as cs

FORMULA_START = r"^[=+\-@\t\r\x{FF1D}\x{FF0B}\x{FF0D}\x{FF20}]"
"""What a spreadsheet may take for the start of a formula: `=`, `+`, `-`, `@`, a tab or a carriage
return (OWASP), and their full-width forms, which some locales' Excel reads as the same."""

PHONE_OR_NUMBER = r"^[+\-][0-9 ().\-/]*$"
"""A sign followed only by digits, spaces, brackets, dots, dashes and slashes: a phone number
(`+1 617-555-0103`) or a signed number. A spreadsheet can compute nothing from it (no name, no
call, no reference), and a carrier needs the phone exactly as given, so it is written as is."""


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
