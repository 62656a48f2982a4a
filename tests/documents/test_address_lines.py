"""Addresses are printed as the destination's post writes them."""

import polars as pl
import pytest

from assets.documents.address_lines import address_lines
from contracts.vocabulary import ADDRESS_FIELDS


def _lines(*addresses: dict[str, str | None]) -> list[list[str]]:
    frame = pl.DataFrame(
        [{field: address.get(field) for field in ADDRESS_FIELDS} for address in addresses],
        schema=dict.fromkeys(ADDRESS_FIELDS, pl.String),
    )
    return address_lines(frame).to_list()


GB = {
    "ship_name": "Jane Doe",
    "ship_company": "Acme Ltd",
    "ship_address1": "12 High St",
    "ship_address2": "Flat 3",
    "ship_city": "Stratford-upon-Avon",
    "ship_region": "WAR",
    "ship_postal_code": "CV37 6AB",
    "ship_country": "GB",
}
US = {
    "ship_name": "Jo Smith",
    "ship_address1": "1 Main St",
    "ship_address2": "Apt 3E",
    "ship_city": "Brooklyn",
    "ship_region": "NY",
    "ship_postal_code": "11201",
    "ship_country": "US",
    "ship_phone": "+1 718-555-0100",
}


def test_a_uk_address_puts_town_and_postcode_on_lines_of_their_own() -> None:
    assert _lines(GB) == [
        ["Jane Doe", "Acme Ltd", "12 High St", "Flat 3", "STRATFORD-UPON-AVON", "CV37 6AB",
         "UNITED KINGDOM"]
    ]  # fmt: skip


def test_a_us_address_ends_city_state_zip() -> None:
    assert _lines(US) == [
        ["Jo Smith", "1 Main St", "Apt 3E", "BROOKLYN, NY 11201", "UNITED STATES"]
    ]


@pytest.mark.parametrize(
    ("country", "place"),
    [("DE", "10115 Berlin"), ("FR", "10115 BERLIN"), ("NL", "10115 Berlin")],
)
def test_much_of_europe_writes_the_postcode_before_the_city(country: str, place: str) -> None:
    address = {"ship_name": "A", "ship_address1": "Hauptstr 1", "ship_city": "Berlin",
               "ship_postal_code": "10115", "ship_country": country}  # fmt: skip
    assert place.upper() in [line.upper() for line in _lines(address)[0]]
    assert _lines(address)[0].index("Hauptstr 1") == 1


def test_each_row_gets_its_own_countrys_order_in_one_pass() -> None:
    gb, us = _lines(GB, US)
    assert gb[-3:-1] == ["STRATFORD-UPON-AVON", "CV37 6AB"]
    assert us[-2] == "BROOKLYN, NY 11201"


def test_empty_parts_leave_no_blank_line_or_stray_comma() -> None:
    address = US | {"ship_address2": None, "ship_region": None}
    assert _lines(address) == [["Jo Smith", "1 Main St", "BROOKLYN, 11201", "UNITED STATES"]]


def test_a_country_the_metadata_does_not_know_still_prints_every_part() -> None:
    address = GB | {"ship_country": "ZZ"}
    assert _lines(address) == [
        ["Jane Doe", "Acme Ltd", "12 High St", "Flat 3", "Stratford-upon-Avon WAR CV37 6AB", "ZZ"]
    ]
