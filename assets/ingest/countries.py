"""Country names and codes as channels write them, read as ISO 3166 alpha-2: one vectorised
lookup over the table in `contracts.countries`."""

import polars as pl

from contracts.countries import country_lookup


def to_alpha2(raw: pl.Expr) -> pl.Expr:
    """Map a country name or code to alpha-2; null when it is not a country."""
    lookup = country_lookup()
    key = raw.str.strip_chars().str.strip_chars(".").str.to_uppercase()
    return key.replace_strict(list(lookup), list(lookup.values()), default=None)
