"""The nightly CRM export: tonight's rows of oms.customers as a CSV a CRM can import.

Only customers whose figures changed tonight (new ones included) are in it, so a CRM applies it
as an update. Every text cell goes through `spreadsheet_safe`: names come from channel exports
and the file is opened in spreadsheets.
"""

import polars as pl

from contracts.spreadsheet import spreadsheet_safe

CRM_FILE = "customers.csv"
CRM_COLUMNS = (
    "customer_id",
    "email",
    "name",
    "postal_code",
    "country",
    "channels",
    "first_order_at",
    "last_order_at",
    "orders",
    "cancelled_orders",
    "units",
    "value",
    "currency",
    "value_by_currency",
    "unpriced_units",
    "returned_units",
    "merged_into",
)
"""The file's columns (docs/lifecycle.md, Customers, "The CRM export"): oms.customers without
the night and the identity kind."""


def crm_csv(changed: pl.DataFrame) -> bytes:
    """The CSV of tonight's changed customers: a header line even when none changed, times in
    ISO 8601 UTC, decimals as written in the table."""
    rows = changed.select(CRM_COLUMNS).with_columns(
        pl.col("first_order_at", "last_order_at").dt.strftime("%Y-%m-%dT%H:%M:%SZ"),
        pl.col("value").cast(pl.String),
    )
    return (
        spreadsheet_safe(rows)
        .write_csv(quote_style="necessary", line_terminator="\n")
        .encode("utf-8")
    )
