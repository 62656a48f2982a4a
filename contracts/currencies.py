"""Currencies as channels write them, and the ISO 4217 code each means.

Shopify, Amazon and WooCommerce name the currency in a column of its own (`USD`); eBay writes it
before the amount (`AU $3,000.00`, `EUR 90,00`, `$45.99`). Codes come from pycountry, like the
country tables, so a made-up code is never taken for a currency.
"""

from functools import cache

import pycountry

MARKERS = {
    "US $": "USD",
    "AU $": "AUD",
    "A $": "AUD",
    "C $": "CAD",
    "CA $": "CAD",
    "NZ $": "NZD",
    "HK $": "HKD",
    "S $": "SGD",
    "£": "GBP",
    "€": "EUR",
    "¥": "JPY",
    "₹": "INR",
    "CHF": "CHF",
}
"""Prefixes eBay sites write before an amount → code (a three-letter code written as the prefix
is read as itself). Compared upper-cased with spaces collapsed."""
BARE_DOLLAR = "$"
BARE_DOLLAR_CURRENCY = "USD"
"""eBay's US site writes a bare `$`; other dollar sites say which (`AU $`, `C $`). A bare `$`
is read as the channel's configured currency when there is one, else as US dollars."""


@cache
def currency_codes() -> frozenset[str]:
    """Every ISO 4217 alphabetic code."""
    return frozenset(currency.alpha_3 for currency in pycountry.currencies)
