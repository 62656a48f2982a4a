"""The ship-to address as a key: how a warehouse's zone to an order is looked up.

Zones (reference/zones.csv) are keyed by destination country and region, a region of '*' meaning
the whole country. Allocation ranks warehouses by this key; whatever else needs the key reads it
from here, so the stages cannot disagree on what a missing region means.
"""

import polars as pl

ADDRESS_KEY = ["ship_country", "ship_region"]
"""The columns of an order's address that choose its zone."""
NO_REGION = "\x00no region"
"""What a null ship_region becomes in the key: it matches country-wide '*' zone rows and never an
exact one (no real region is spelled this way)."""


def ship_to() -> list[pl.Expr]:
    """The ship-to address as zones are keyed by it: a null region becomes NO_REGION."""
    return [
        pl.col("ship_country").cast(pl.String),
        pl.col("ship_region").cast(pl.String).fill_null(NO_REGION),
    ]


PLACEHOLDER_WORDS: tuple[str, ...] = (
    "na",
    "none",
    "null",
    "nil",
    "unknown",
    "undefined",
    "tbd",
    "x",
    "xx",
    "xxx",
    "noaddress",
    "notavailable",
    "notprovided",
)
"""Words that stand in for a name or street nobody gave (compared lower-cased, with everything
but letters and digits removed: "N/A", "n.a." and "Not available" all match)."""


def is_placeholder(value: pl.Expr) -> pl.Expr:
    """Whether an address field says nothing a carrier can use: missing or blank, only
    punctuation (eBay masks the name and street of some orders as `--`; `-`, `.`, `?` are
    common too), or one of PLACEHOLDER_WORDS."""
    word = value.cast(pl.String).str.to_lowercase().str.replace_all(r"[^\p{L}\p{N}]+", "")
    return (word.is_null() | (word == "") | word.is_in(PLACEHOLDER_WORDS)).fill_null(True)
