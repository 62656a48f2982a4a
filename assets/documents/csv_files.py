"""CSV files for the warehouse floor and the carriers, written by Polars.

Manifest CSVs quote every field: carrier import tools (UPS WorldShip among them) strip leading
zeros from unquoted postal codes.

Every CSV here is opened by people, in Excel or LibreOffice, and its text comes from channel
exports and reference files: a description `+cmd|' /C calc'!A0` or a bin `=HYPERLINK(…)` would
run as a formula. Text cells that start like a formula are written with a `'` in front (OWASP's
rule for CSV injection: contracts/spreadsheet.py), which spreadsheets show as text; the tables
keep the exact value.
"""

from pathlib import Path

import polars as pl

from contracts.spreadsheet import spreadsheet_safe
from contracts.vocabulary import ADDRESS_FIELDS

# rows serialised per batch: files run to millions of rows, and larger batches cost fewer passes
CSV_BATCH_ROWS = 65_536
MANIFEST_CSV_COLUMNS = [
    "manifest_id",
    "ship_date",
    "warehouse_id",
    "carrier",
    "service",
    "shipment_id",
    "package_id",
    "tracking_number",
    "weight_g",
    *ADDRESS_FIELDS,
]
"""Package facts (the tracking number empty until the carrier's confirmation gave it), then the
ship-to address one field a column, as carrier import tools map them
(country as ISO alpha-2; the printed, country-ordered form is on the packing slip)."""


def write_pick_list_csv(path: Path, pick_list_lines: pl.DataFrame) -> Path:
    """pick-lists.csv: the pick list lines as they are printed, safe to open in a spreadsheet."""
    spreadsheet_safe(pick_list_lines).write_csv(
        path, quote_style="necessary", line_terminator="\n", batch_size=CSV_BATCH_ROWS
    )
    return path


def write_manifest_csv(path: Path, manifest_lines: pl.DataFrame) -> Path:
    """manifest-<carrier>.csv: one row per package, every field quoted, safe to open in a
    spreadsheet."""
    manifest = manifest_lines.rename({"business_date": "ship_date"}).select(MANIFEST_CSV_COLUMNS)
    spreadsheet_safe(manifest).write_csv(
        path, quote_style="always", line_terminator="\n", batch_size=CSV_BATCH_ROWS
    )
    return path
