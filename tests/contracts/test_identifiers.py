"""Identifiers that name folders and files are held to a pattern where reference files come in."""

import polars as pl
import pytest

from contracts.identifiers import (
    ReferenceIdentifierError,
    check_reference_identifiers,
    invalid_identifiers,
)

HOSTILE_IDS = ["../../../../victim", "WH/EAST", "..", ".hidden", "WH EAST", "WH\x00", "", "W" * 65]


def warehouses(ids: list[str | None]) -> pl.DataFrame:
    return pl.DataFrame({"warehouse_id": ids, "name": ["a site"] * len(ids)})


def test_the_demo_merchants_ids_and_carriers_are_accepted():
    assert invalid_identifiers("warehouses", warehouses(["WH-EAST", "WH_2", "dc9"])).is_empty()
    carriers = pl.DataFrame({"carrier": ["UPS", "Royal Mail", "DHL_Express", "A&B Freight"]})
    assert invalid_identifiers("carrier_services", carriers).is_empty()


@pytest.mark.parametrize("hostile", HOSTILE_IDS)
def test_a_warehouse_id_that_is_not_one_plain_name_is_refused(hostile):
    found = invalid_identifiers("warehouses", warehouses(["WH-EAST", hostile]))
    assert found.to_dicts() == [{"row": 3, "column": "warehouse_id"}]


def test_a_blank_warehouse_id_is_refused_but_a_blank_bin_warehouse_matches_nothing():
    assert invalid_identifiers("warehouses", warehouses([None])).height == 1
    bins = pl.DataFrame({"warehouse_id": [None, "WH-EAST"], "sku": ["A", "B"]})
    assert invalid_identifiers("bins", bins).is_empty()


@pytest.mark.parametrize(
    ("name", "column"),
    [
        ("bins", "warehouse_id"),
        ("zones", "warehouse_id"),
        ("safety_stock", "warehouse_id"),
        ("carrier_services", "carrier"),
        ("channels", "channel"),
        ("service_levels", "channel"),
    ],
)
def test_every_reference_column_that_reaches_a_path_is_checked(name, column):
    assert invalid_identifiers(name, pl.DataFrame({column: ["ok", "../x"]})).height == 1


def test_the_refusal_names_file_row_and_rule_and_quotes_no_value():
    with pytest.raises(ReferenceIdentifierError) as refused:
        check_reference_identifiers(
            "warehouses", "reference/warehouses.csv", warehouses(["WH-EAST", "../../secret"])
        )
    message = str(refused.value)
    assert message.startswith("reference/warehouses.csv: warehouse_id in row 3 is blank or not")
    assert "secret" not in message
