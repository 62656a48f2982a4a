"""Identifiers that become folder and file names: what they may look like, checked where they enter.

A warehouse id names the folder `$OMS_OUTPUT/<date>/<warehouse_id>/`, a carrier names the files
`manifest-<CARRIER>.csv/.pdf`, a channel names the folder `orders/<channel>/`. An id that held
`/`, `..` or a control character would put files (and the clean-up of stale files) somewhere
else, so each is held to a strict pattern when the reference files are read, and a reference file
with one that does not fit stops the night: reference data is the merchant's configuration, to be
fixed, never guessed around (docs/inputs.md, "Identifiers").
"""

from __future__ import annotations

import polars as pl

IDENTIFIER_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$"
"""Warehouse ids and channels: 1 to 64 letters, digits, `-` or `_`, starting with a letter or
digit (so never `.`, `..`, a path separator, a space or a control character)."""

CARRIER_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9 &._-]{0,63}$"
"""Carrier names as merchants write them ("Royal Mail", "DHL_Express"): letters, digits, spaces,
`&`, `.`, `_` and `-`, starting with a letter or digit; files use its code (`ROYALMAIL`)."""

_PLAIN_ID = "letters, digits, '-' or '_' (at most 64), starting with a letter or digit"
IDENTIFIER_RULES = {
    "warehouse_id": _PLAIN_ID,
    "channel": _PLAIN_ID,
    "carrier": (
        "letters, digits, spaces, '&', '.', '_' or '-' (at most 64), "
        "starting with a letter or digit"
    ),
}
"""The rule of each identifier column, as the message of a refused reference file says it."""

PATTERNS = {
    "warehouse_id": IDENTIFIER_PATTERN,
    "channel": IDENTIFIER_PATTERN,
    "carrier": CARRIER_PATTERN,
}

REFERENCE_IDENTIFIERS: dict[str, tuple[str, ...]] = {
    "warehouses": ("warehouse_id",),
    "bins": ("warehouse_id",),
    "zones": ("warehouse_id",),
    "safety_stock": ("warehouse_id",),
    "carrier_services": ("carrier",),
    "channels": ("channel",),
    "service_levels": ("channel",),
}
"""Per reference file, its columns that reach a file or folder name (directly or by joining)."""

REQUIRED_IDENTIFIERS = {"warehouses": ("warehouse_id",), "carrier_services": ("carrier",)}
"""Columns that may not be blank: a warehouse or carrier without an id has no folder or file."""


class ReferenceIdentifierError(ValueError):
    """A reference file holds an identifier that cannot safely name a file or folder."""


def invalid_identifiers(name: str, frame: pl.DataFrame) -> pl.DataFrame:
    """Rows of reference file `name` whose identifier columns break their pattern: `row` (the
    spreadsheet row: the header is row 1) and `column`, in file order. Blank values count only
    where REQUIRED_IDENTIFIERS says so (elsewhere a blank id matches nothing)."""
    found = []
    numbered = frame.with_row_index("row", offset=2)
    for column in REFERENCE_IDENTIFIERS.get(name, ()):
        value = pl.col(column).cast(pl.String)
        broken = value.is_not_null() & ~value.str.contains(PATTERNS[column])
        if column in REQUIRED_IDENTIFIERS.get(name, ()):
            broken = broken | value.is_null()
        found.append(
            numbered.filter(broken).select(
                pl.col("row").cast(pl.Int64), pl.lit(column).alias("column")
            )
        )
    if not found:
        return pl.DataFrame(schema={"row": pl.Int64, "column": pl.String})
    return pl.concat(found).sort("row", "column")


def invalid_identifier_message(relative_path: str, violations: pl.DataFrame) -> str:
    """Which rows and columns of the file to fix and what the rule is, quoting no value (the file
    was refused; what it holds is not repeated into logs and alerts)."""
    parts = []
    for (column,), rows in violations.partition_by("column", as_dict=True).items():
        listed = ", ".join(str(row) for row in rows["row"].head(10))
        more = f" and {rows.height - 10} more" if rows.height > 10 else ""
        parts.append(f"{column} in row {listed}{more} is blank or not {IDENTIFIER_RULES[column]}")
    return (
        f"{relative_path}: {'; '.join(parts)} (the header is row 1). Such ids name the output "
        "folders and files, so the night was stopped before any document was written: correct the "
        'file and re-run the date (docs/inputs.md, "Identifiers").'
    )


def check_reference_identifiers(name: str, relative_path: str, frame: pl.DataFrame) -> None:
    """Raise ReferenceIdentifierError when reference file `name` has an unusable identifier."""
    violations = invalid_identifiers(name, frame)
    if violations.height:
        raise ReferenceIdentifierError(invalid_identifier_message(relative_path, violations))
