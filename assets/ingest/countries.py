"""Country names and codes as channels write them, mapped to ISO 3166 alpha-2.

eBay and Etsy write full names (`United States`), Shopify and Amazon write codes. The table is
built once from pycountry plus a few everyday aliases, and applied with one vectorised lookup.
"""

from functools import cache

import polars as pl
import pycountry

_ALIASES = {
    "USA": "US",
    "U.S.A.": "US",
    "U.S.": "US",
    "UNITED STATES OF AMERICA": "US",
    "AMERICA": "US",
    "UK": "GB",
    "U.K.": "GB",
    "GREAT BRITAIN": "GB",
    "ENGLAND": "GB",
    "SCOTLAND": "GB",
    "WALES": "GB",
    "NORTHERN IRELAND": "GB",
    "DEUTSCHLAND": "DE",
    "HOLLAND": "NL",
    "THE NETHERLANDS": "NL",
    "ESPAÑA": "ES",
    "ITALIA": "IT",
    "ÖSTERREICH": "AT",
    "SCHWEIZ": "CH",
    "SUISSE": "CH",
    "RUSSIA": "RU",
    "SOUTH KOREA": "KR",
    "KOREA": "KR",
    "REPUBLIC OF KOREA": "KR",
    "NORTH KOREA": "KP",
    "VIETNAM": "VN",
    "CZECH REPUBLIC": "CZ",
    "IRAN": "IR",
    "SYRIA": "SY",
    "TAIWAN": "TW",
    "BOLIVIA": "BO",
    "VENEZUELA": "VE",
    "TANZANIA": "TZ",
    "MOLDOVA": "MD",
    "LAOS": "LA",
    "BRUNEI": "BN",
    "MACAU": "MO",
    "MACAO": "MO",
    "IVORY COAST": "CI",
    "CAPE VERDE": "CV",
    "SWAZILAND": "SZ",
    "MACEDONIA": "MK",
    "TURKEY": "TR",
    "PALESTINE": "PS",
    "VATICAN": "VA",
    "VATICAN CITY": "VA",
    "HONG KONG SAR": "HK",
    "PUERTO RICO": "PR",
}


@cache
def country_lookup() -> dict[str, str]:
    """Upper-case name, official name, common name, alpha-2 or alpha-3 → alpha-2."""
    lookup: dict[str, str] = {}
    for country in pycountry.countries:
        for attribute in ("alpha_2", "alpha_3", "name", "official_name", "common_name"):
            value = getattr(country, attribute, None)
            if value:
                lookup[value.upper()] = country.alpha_2
    lookup.update(_ALIASES)
    return lookup


@cache
def country_names() -> dict[str, str]:
    """Alpha-2 → the everyday English name eBay and Etsy print (`United States`)."""
    names = {c.alpha_2: getattr(c, "common_name", None) or c.name for c in pycountry.countries}
    names.update({"US": "United States", "GB": "United Kingdom", "KR": "South Korea"})
    return names


def to_alpha2(raw: pl.Expr) -> pl.Expr:
    """Map a country name or code to alpha-2; null when it is not a country."""
    lookup = country_lookup()
    key = raw.str.strip_chars().str.strip_chars(".").str.to_uppercase()
    return key.replace_strict(list(lookup), list(lookup.values()), default=None)
