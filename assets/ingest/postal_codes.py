"""Is a postal code plausible for its country? Strict for the main markets, lenient elsewhere."""

import polars as pl

# Patterns apply to the normalised code (trimmed, upper-case, leading apostrophe removed).
POSTAL_PATTERNS = {
    "US": r"^\d{5}(-?\d{4})?$",
    "CA": r"^[ABCEGHJ-NPRSTVXY]\d[A-Z] ?\d[A-Z]\d$",
    "GB": r"^[A-Z]{1,2}\d[A-Z\d]? ?\d[A-Z]{2}$",
    "DE": r"^\d{5}$",
    "FR": r"^\d{5}$",
    "IT": r"^\d{5}$",
    "ES": r"^\d{5}$",
    "MX": r"^\d{5}$",
    "NL": r"^\d{4} ?[A-Z]{2}$",
    "BE": r"^\d{4}$",
    "AT": r"^\d{4}$",
    "CH": r"^\d{4}$",
    "DK": r"^\d{4}$",
    "NO": r"^\d{4}$",
    "AU": r"^\d{4}$",
    "SE": r"^\d{3} ?\d{2}$",
    "PL": r"^\d{2}-?\d{3}$",
    "PT": r"^\d{4}-?\d{3}$",
    "JP": r"^\d{3}-?\d{4}$",
    "IN": r"^\d{6}$",
    "BR": r"^\d{5}-?\d{3}$",
}
# Elsewhere: optional, and if present a short run of letters, digits, spaces and dashes.
LENIENT_PATTERN = r"^[A-Z0-9][A-Z0-9 \-]{0,11}$"
_PLACEHOLDERS = ["-", "--", ".", "N/A", "NA", "NONE", "NULL", "0"]


def normalise_postal_code(raw: pl.Expr) -> pl.Expr:
    """Trim, upper-case, drop one leading `'` (spreadsheet guard) and placeholders like `-`."""
    code = raw.str.strip_chars().str.strip_prefix("'").str.strip_chars().str.to_uppercase()
    return pl.when((code == "") | code.is_in(_PLACEHOLDERS)).then(None).otherwise(code)


def postal_code_is_plausible(code: pl.Expr, country: pl.Expr) -> pl.Expr:
    """True when the code fits its country (required there) or the lenient shape elsewhere.

    One alternation regex over `COUNTRY:code` keeps this a single vectorised scan.
    """
    keyed = pl.concat_str([country, pl.lit(":"), code.fill_null("")])
    strict = keyed.str.contains(_STRICT_REGEX)
    lenient = code.is_null() | code.str.contains(LENIENT_PATTERN)
    return pl.when(country.is_in(list(POSTAL_PATTERNS))).then(strict).otherwise(lenient)


_STRICT_REGEX = (
    "^(?:"
    + "|".join(
        f"{alpha2}:{pattern.removeprefix('^').removesuffix('$')}"
        for alpha2, pattern in POSTAL_PATTERNS.items()
    )
    + ")$"
)
