"""Who is behind each order, across channels: one customer per buyer, matched by e-mail, or by
name and postal address where the channel masks the e-mail; ids that never move on a re-run;
and a CRM file of the customers whose figures changed tonight."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.customers.shop import NIGHT_1, NIGHT_2, Shop


@pytest.fixture
def shop(tmp_path: Path) -> Shop:
    return Shop(tmp_path)


def test_a_buyer_on_two_channels_with_the_same_email_is_one_customer(shop: Shop) -> None:
    shop.order(NIGHT_1, "shopify", "#1001", email="Ava@Example.com", units=2)
    shop.order(
        NIGHT_1, "woocommerce", "2001", email=" ava+shop@example.com", ship_address1="PO Box 7"
    )
    shop.run(NIGHT_1)

    [ava] = shop.profiles().to_dicts()
    assert (ava["email"], ava["channels"], ava["orders"], ava["units"]) == (
        "ava@example.com",
        "shopify,woocommerce",
        2,
        3,
    )
    assert str(ava["value"]) == "30.00" and ava["currency"] == "USD"


def test_an_amazon_relay_email_with_the_same_name_and_address_is_matched(shop: Shop) -> None:
    shop.order(NIGHT_1, "shopify", "#1001", email="ava@example.com")
    shop.order(
        NIGHT_1,
        "amazon",
        "112-0000001-0000001",
        email="p3vkb18m93xc7lv@marketplace.amazon.com",
        ship_name="AVA  LINDQVIST",
        ship_address1="12 Harbour Road.",
        ship_postal_code="02134",
    )
    shop.order(NIGHT_1, "ebay", "12-34567-89012", ship_name="Noah Berg", ship_postal_code="10001")
    shop.run(NIGHT_1)

    links = shop.links()
    assert links["112-0000001-0000001"] == links["#1001"]
    assert links["12-34567-89012"] != links["#1001"]  # another name at another postcode
    assert shop.profiles()["matched_by"].to_list().count("email") == 1


def test_customer_ids_are_stable_on_a_re_run_and_the_next_night(shop: Shop) -> None:
    shop.order(NIGHT_1, "shopify", "#1001", email="ava@example.com")
    shop.order(NIGHT_1, "ebay", "12-34567-89012", ship_name="Noah Berg")
    shop.run(NIGHT_1)
    first = shop.table("select * from oms.customers order by customer_id")

    shop.run(NIGHT_1)
    assert shop.table("select * from oms.customers order by customer_id").equals(first)

    shop.order(NIGHT_2, "shopify", "#1002", email="ava@example.com")
    shop.run(NIGHT_2)
    assert set(shop.links().values()) == set(first["customer_id"])


def test_two_currencies_are_never_added(shop: Shop) -> None:
    shop.order(NIGHT_1, "shopify", "#1001", email="ava@example.com", price="10.00")
    shop.order(NIGHT_1, "ebay", "1002", email="ava@example.com", price="8.50", currency="EUR")
    shop.run(NIGHT_1)

    [ava] = shop.profiles().to_dicts()
    assert (ava["value"], ava["currency"]) == (None, None)
    assert ava["value_by_currency"] == "EUR 8.50; USD 10.00"


def test_the_crm_file_lists_only_the_customers_whose_figures_changed(shop: Shop) -> None:
    shop.order(NIGHT_1, "shopify", "#1001", email="ava@example.com")
    shop.order(NIGHT_1, "shopify", "#1002", email="noah@example.com")
    shop.run(NIGHT_1)
    assert len(shop.crm_file(NIGHT_1)) == 2

    shop.order(NIGHT_2, "woocommerce", "2001", email="noah@example.com", units=3)
    shop.run(NIGHT_2)

    [noah] = shop.crm_file(NIGHT_2)
    assert (noah["email"], noah["orders"], noah["units"]) == ("noah@example.com", "2", "4")


def test_a_name_and_address_customer_later_matched_to_an_email_is_retired_into_it(
    shop: Shop,
) -> None:
    relay = "p3vkb18m93xc7lv@marketplace.amazon.com"
    shop.order(NIGHT_1, "amazon", "112-0000001-0000001", email=relay)
    shop.run(NIGHT_1)
    [alone] = shop.profiles()["customer_id"]

    shop.order(NIGHT_2, "shopify", "#1001", email="ava@example.com")
    shop.run(NIGHT_2)

    rows = {row["customer_id"]: row for row in shop.crm_file(NIGHT_2)}
    [ava] = shop.profiles().to_dicts()
    assert rows[alone]["merged_into"] == ava["customer_id"] and ava["orders"] == 2


def test_a_cell_that_starts_like_a_formula_is_neutralised_in_the_file(shop: Shop) -> None:
    shop.order(NIGHT_1, "shopify", "#1001", email="ava@example.com", ship_name="=HYPERLINK(1)")
    shop.run(NIGHT_1)

    [row] = shop.crm_file(NIGHT_1)
    assert row["name"] == "'=HYPERLINK(1)"


def _doc_queries() -> list[str]:
    doc = (Path(__file__).resolve().parents[2] / "docs" / "lifecycle.md").read_text(
        encoding="utf-8"
    )
    section = doc.split("### Three questions about customers", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"```sql\n(.*?)```", section, flags=re.DOTALL)


def test_the_customer_queries_of_the_docs_answer(shop: Shop) -> None:
    shop.order(NIGHT_1, "shopify", "#1128", email="ava@example.com")
    shop.order(NIGHT_1, "woocommerce", "2001", email="ava@example.com")
    shop.run(NIGHT_1)

    who, cross_channel, matched = (shop.table(query) for query in _doc_queries())

    assert who["email"].to_list() == ["ava@example.com"]
    assert cross_channel["channels"].to_list() == ["shopify,woocommerce"]
    assert matched.rows() == [("email", 2)]
