"""A shipment whose address no carrier can deliver is held with a reason, never shipped."""

import polars as pl
import pytest

from assets.fulfillment.manifests import build_manifests
from assets.fulfillment.shipments import build_shipments
from contracts.addresses import is_placeholder
from tests.fulfillment import frames

SERVICES = frames.services(("USPS", "Ground Advantage", "standard", "2", 30_000, 5.0, 5))


def _plan(**address: str | None):
    """One order of one unit, its address changed by `address`."""
    orders = frames.orders({"1": "standard"}).with_columns(
        pl.lit(value, pl.String).alias(field) for field, value in address.items()
    )
    return build_shipments(
        frames.allocations(("1", "A", 1)), orders, frames.skus({"A": 500}), SERVICES
    )


@pytest.mark.parametrize(
    "value", [None, "", "  ", "--", "-", ".", "?", "N/A", "n.a.", "None", "UNKNOWN", "xxx"]
)
def test_placeholders_say_nothing_a_carrier_can_use(value: str | None) -> None:
    frame = pl.DataFrame({"v": [value]}, schema={"v": pl.String})
    assert frame.select(is_placeholder(pl.col("v"))).item() is True


@pytest.mark.parametrize("value", ["Ava", "1 Main St", "Apt 3E", "PO Box 532", "Jo", "Nana", "Ō"])
def test_real_values_are_not_placeholders(value: str) -> None:
    frame = pl.DataFrame({"v": [value]})
    assert frame.select(is_placeholder(pl.col("v"))).item() is False


def test_a_masked_name_and_street_hold_the_shipment_with_the_reason() -> None:
    plan = _plan(ship_name="--", ship_address1="--")
    shipment = plan.shipments.row(0, named=True)

    assert (shipment["status"], shipment["packages"], shipment["carrier"]) == ("held", 0, None)
    assert plan.packages.is_empty()
    assert build_manifests(plan.shipments, plan.packages).is_empty()
    assert plan.exceptions["reason"].to_list() == [
        "the ship-to address cannot be delivered (the recipient name is '--', the street address "
        "is '--'): correct it on the channel, or cancel the order there if it is not to be shipped"
    ]


@pytest.mark.parametrize(
    ("address", "problem"),
    [
        ({"ship_name": None}, "no recipient name"),
        ({"ship_address1": None}, "no street address"),
        ({"ship_address1": "N/A"}, "the street address is 'N/A'"),
        ({"ship_city": "-"}, "the city is '-'"),
    ],
)
def test_each_missing_or_placeholder_part_is_named(address: dict, problem: str) -> None:
    plan = _plan(**address)
    assert plan.shipments["status"].to_list() == ["held"]
    assert f"cannot be delivered ({problem})" in plan.exceptions["reason"][0]


@pytest.mark.parametrize(
    "address",
    [
        {"ship_address1": None, "ship_address2": "PO Box 532"},
        {"ship_address1": "ebay:dqpcbpz", "ship_address2": "8 Gammon St"},
        {"ship_city": None},
    ],
    ids=["street-on-line-2", "reference-and-street", "no-city"],
)
def test_an_address_a_carrier_can_read_ships(address: dict) -> None:
    plan = _plan(**address)
    assert plan.shipments["status"].to_list() == ["ready"]
    assert plan.exceptions.is_empty()
