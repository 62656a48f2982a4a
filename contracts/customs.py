"""What customs paperwork needs from the catalogue, and which form a parcel takes.

The Universal Postal Union's CN22 covers a postal item worth up to 300 SDR (the IMF's Special
Drawing Right); above that, or when the value is not known, the parcel needs a CN23.
"""

from decimal import Decimal

HS_CODE = r"^[0-9]{6,10}$"
"""A Harmonized System code: the 6-digit international subheading, or a country's 8-10 digit
tariff line. Dots and spaces (`6109.10.00`) are dropped before matching."""

CN22_LIMIT_SDR = Decimal(300)
UNITS_PER_SDR: dict[str, Decimal] = {
    "USD": Decimal("1.36"),
    "EUR": Decimal("1.17"),
    "GBP": Decimal("1.01"),
    "CAD": Decimal("1.88"),
    "AUD": Decimal("2.08"),
    "JPY": Decimal("205"),
    "CHF": Decimal("1.09"),
    "CNY": Decimal("9.70"),
    "INR": Decimal("118"),
    "ZAR": Decimal("24.0"),
    "BDT": Decimal("165"),
}
"""Currency units one SDR is worth, rounded, as the IMF published them in 2025. A fixed table,
not a live rate: it only decides CN22 or CN23 for a parcel near 300 SDR, and a currency it does
not list takes the CN23 (the form that is never too small). Review it once a year."""
