"""Country names and codes as channels write them, and the ISO 3166 alpha-2 code each means.

eBay and Etsy write full names (`United States`), Shopify and Amazon write codes. The tables
are built once from pycountry plus a few everyday aliases; ingest reads names back to codes
with them, and the demo writes names from them.
"""

from functools import cache

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
