"""Unit prices and currencies from the text channels write, into decimals and ISO 4217 codes.

A price is what customs paperwork declares, not what decides a shipment: a line whose price or
currency cannot be read is accepted without it (null, read as unknown) and gets a warning in
oms.ingest_warnings, so it is visible but never stops a parcel.
"""

import polars as pl

from contracts.currencies import BARE_DOLLAR, BARE_DOLLAR_CURRENCY, MARKERS, currency_codes

UNIT_PRICE = pl.Decimal(18, 4)
"""oms.order_lines.unit_price: exact to a hundredth of a cent, never a float."""

_AMOUNT = r"^(?P<marker>[^\d+\-.,]*?)\s*(?P<number>[+-]?[\d.,]+)\s*(?P<suffix>[A-Za-z]{3})?$"
_POINT_DECIMAL = r"^\+?(\d{1,3}(,\d{3})+|\d+)(\.\d+)?$"  # 1,659.95 / 1659.95 / 12
_COMMA_DECIMAL = r"^\+?(\d{1,3}(\.\d{3})+|\d+),\d{1,2}$"  # 1.659,95 / 90,00

BAD_PRICE = "bad_unit_price"
UNKNOWN_CURRENCY = "unknown_currency"
PRICE_RULES = (BAD_PRICE, UNKNOWN_CURRENCY)


def with_prices(frame: pl.DataFrame, channel_currencies: dict[str, str]) -> pl.DataFrame:
    """Add `unit_price` (decimal(18,4)), `currency` (ISO 4217) and `price_warning` (a rule of
    PRICE_RULES, or null) from the staged `unit_price_raw`, `line_price_raw`, `currency_raw`.

    The unit price is the export's unit price, else its line price divided by the quantity
    (Amazon's `item-price`, WooCommerce's item `total`). The currency is the export's currency
    column, else the marker written before the amount, else the channel's configured currency.
    """
    unit = _amount(pl.col("unit_price_raw"))
    line = _amount(pl.col("line_price_raw"))
    quantity = pl.col("quantity")
    from_line = pl.when(quantity > 0).then(
        (line.struct.field("value") / quantity.cast(pl.Decimal(18, 0))).round(4)
    )
    has_unit = pl.col("unit_price_raw").is_not_null()
    price = pl.when(has_unit).then(unit.struct.field("value")).otherwise(from_line).cast(UNIT_PRICE)
    marker = (
        pl.when(has_unit).then(unit.struct.field("marker")).otherwise(line.struct.field("marker"))
    )
    column = pl.col("currency_raw").str.strip_chars().str.to_uppercase()
    codes = pl.Series(sorted(currency_codes()), dtype=pl.String)
    configured = pl.col("channel").replace_strict(
        channel_currencies, default=None, return_dtype=pl.String
    )
    upper_marker = marker.str.to_uppercase().str.replace_all(r"\s+", " ").str.strip_chars()
    marked = (
        pl.when(upper_marker.is_in(codes))
        .then(upper_marker)
        .otherwise(upper_marker.replace_strict(MARKERS, default=None, return_dtype=pl.String))
    )
    bare_dollar = pl.when(upper_marker == BARE_DOLLAR).then(
        pl.coalesce(configured, pl.lit(BARE_DOLLAR_CURRENCY))
    )
    currency = pl.coalesce(
        pl.when(column.is_in(codes)).then(column), marked, bare_dollar, configured
    )
    has_price_text = has_unit | pl.col("line_price_raw").is_not_null()
    unreadable_marker = upper_marker.is_not_null() & (upper_marker != "") & currency.is_null()
    warning = (
        pl.when(has_price_text & price.is_null() & (quantity > 0).fill_null(True))
        .then(pl.lit(BAD_PRICE))
        .when((column.is_not_null() & ~column.is_in(codes)) | unreadable_marker)
        .then(pl.lit(UNKNOWN_CURRENCY))
    )
    return frame.with_columns(unit_price=price, currency=currency, price_warning=warning)


def _amount(text: pl.Expr) -> pl.Expr:
    """{marker, value}: the currency marker before the number (or the code after it) and the
    amount as a non-negative decimal; value null when the text is not such an amount."""
    parts = text.str.strip_chars().str.extract_groups(_AMOUNT)
    number = parts.struct.field("number")
    point = number.str.replace_all(",", "", literal=True)
    comma = number.str.replace_all(".", "", literal=True).str.replace(",", ".", literal=True)
    plain = (
        pl.when(number.str.contains(_POINT_DECIMAL))
        .then(point)
        .when(number.str.contains(_COMMA_DECIMAL))
        .then(comma)
    )
    value = plain.str.strip_prefix("+").cast(pl.Decimal(18, 4), strict=False)
    marker = pl.coalesce(
        pl.when(parts.struct.field("marker").str.strip_chars() != "").then(
            parts.struct.field("marker").str.strip_chars()
        ),
        parts.struct.field("suffix"),
    )
    return pl.struct(marker=marker, value=value)


def price_warning_reason() -> pl.Expr:
    """What the operator does about a line's price warning; names the row, never the value."""
    row = pl.col("source_row").cast(pl.String)
    return (
        pl.when(pl.col("price_warning") == BAD_PRICE)
        .then(
            pl.format(
                "data row {} of the file (after its header): the unit price is not an amount "
                "of zero or more (such as 12.50); the line is accepted without a price, so its "
                "customs value is blank until the price is corrected in the shop and exported "
                "again",
                row,
            )
        )
        .otherwise(
            pl.format(
                "data row {} of the file (after its header): the currency is not an ISO 4217 "
                "code (such as USD or EUR); the line is accepted without a currency, so its "
                "customs value is blank until the currency is corrected or "
                "ingest_settings.channel_currencies names the channel's",
                row,
            )
        )
    )
