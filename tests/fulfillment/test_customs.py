"""Customs declarations: one per international shipment, none for domestic ones, with the
values of the order lines and the catalogue's HS codes and origins; blanks are flagged."""

from decimal import Decimal

import duckdb
import polars as pl

from assets.fulfillment.customs import build_customs_declarations, checked_customs_catalogue
from assets.fulfillment.shipments import build_shipments
from contracts.tables import table_schema
from resources.warehouse import ensure_schema, replace_partitions, run_sql_file
from tests.fulfillment import frames

WAREHOUSES = pl.DataFrame({"warehouse_id": ["WH1"], "country": ["US"]})
SERVICES = frames.services(("UPS", "Worldwide", "standard", "2", 30_000, 60.0, 4))
CATALOGUE = pl.DataFrame(
    {
        "sku": ["MUG", "TEE", "LAMP"],
        "description": ["Blue mug", "T-shirt", "Desk lamp"],
        "weight_g": [350, 180, 1200],
        "hs_code": ["6912.00", "610910", None],
        "origin_country": ["pt", "CN", "CN"],
    }
)
# order -> (ship-to country, [(sku, units, unit price, currency)])
NIGHT = {
    "UK1": ("GB", [("MUG", 2, "12.50", "USD"), ("TEE", 1, "20.00", "USD")]),
    "US1": ("US", [("MUG", 1, "12.50", "USD")]),
    "CA1": ("CA", [("LAMP", 1, None, None)]),
    "CA2": ("CA", [("TEE", 30, "19.99", "USD")]),
}


def customs_night(night: dict = NIGHT) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Tonight's shipments and order lines in a database, declared as the nightly step does:
    (declarations, shipments)."""
    rows = [(order, sku, units) for order, (_, lines) in night.items() for sku, units, *_ in lines]
    allocations = frames.allocations(*rows)
    orders = frames.orders(dict.fromkeys(night, "standard")).with_columns(
        ship_country=pl.col("channel_order_id").replace_strict(
            {o: c for o, (c, _) in night.items()}
        )
    )
    plan = build_shipments(
        allocations, orders, CATALOGUE.drop("hs_code", "origin_country"), SERVICES
    )
    prices = [(price, currency) for _, lines in night.values() for _, _, price, currency in lines]
    lines = allocations.select(
        "channel", "channel_order_id", "version", "line_no", "sku", "quantity",
        source_file=pl.lit("orders/shopify/x.csv"), source_row=pl.col("line_no").cast(pl.Int64),
        channel_line_id=pl.lit(None, pl.String), line_status=pl.lit("open"),
        unit_price=pl.Series([p for p, _ in prices], dtype=pl.String).cast(pl.Decimal(18, 4)),
        currency=pl.Series([c for _, c in prices], dtype=pl.String),
    )  # fmt: skip
    with duckdb.connect() as con:
        ensure_schema(con)
        tonight = {"shipments": plan.shipments, "allocations": allocations, "order_lines": lines}
        rows = {
            name: frame.select(list(table_schema(name, without=("business_date",))))
            for name, frame in tonight.items()
        }
        replace_partitions(con, frames.BUSINESS_DATE, rows, run_id="test-run")
        shipped = run_sql_file(
            con, "fulfillment/customs_lines", params={"business_date": frames.BUSINESS_DATE}
        )
    catalogue = checked_customs_catalogue(CATALOGUE).skus
    declared = build_customs_declarations(shipped, WAREHOUSES, catalogue, frames.BUSINESS_DATE)
    return declared, plan.shipments


def _declared() -> pl.DataFrame:
    return customs_night()[0]


def test_one_declaration_per_international_shipment_and_none_for_domestic_ones() -> None:
    declared = _declared()
    assert sorted(declared["channel_order_id"].unique()) == ["CA1", "CA2", "UK1"]
    assert declared.group_by("channel_order_id").agg(pl.col("shipment_id").n_unique())[
        "shipment_id"
    ].to_list() == [1, 1, 1]


def test_each_sku_is_declared_with_the_units_and_price_of_its_order_line() -> None:
    uk = _declared().filter(pl.col("channel_order_id") == "UK1")
    assert uk.select(
        "item_no", "sku", "quantity", "unit_value", "total_value", "currency", "weight_g"
    ).rows() == [
        (1, "MUG", 2, Decimal("12.5"), Decimal("25"), "USD", 700),
        (2, "TEE", 1, Decimal("20"), Decimal("20"), "USD", 180),
    ]
    assert uk.select("hs_code", "origin_country", "description").rows() == [
        ("691200", "PT", "Blue mug"),
        ("610910", "CN", "T-shirt"),
    ]
    assert set(uk["shipment_value"]) == {Decimal("45")}
    assert uk["missing"].is_null().all()


def test_a_parcel_worth_at_most_300_sdr_takes_a_cn22_and_one_worth_more_a_cn23() -> None:
    forms = dict(_declared().select("channel_order_id", "form").unique().rows())
    assert forms["UK1"] == "CN22"  # 45 USD
    assert forms["CA2"] == "CN23"  # 599.70 USD, about 441 SDR


def test_a_missing_hs_code_or_price_is_a_flagged_blank_and_the_form_is_a_cn23() -> None:
    lamp = _declared().filter(pl.col("channel_order_id") == "CA1").row(0, named=True)
    assert (lamp["hs_code"], lamp["unit_value"], lamp["currency"]) == (None, None, None)
    assert lamp["missing"] == "hs_code, unit_value, currency"
    assert lamp["form"] == "CN23"


def test_catalogue_customs_values_are_normalised_or_warned_about_without_quoting_them() -> None:
    skus = pl.DataFrame(
        {
            "sku": ["A", "B", "C"],
            "description": ["a", "b", "c"],
            "weight_g": [1, 1, 1],
            "hs_code": ["6109.10.00", "61X9", " "],
            "origin_country": ["cn", "China!", None],
        }
    )
    checked = checked_customs_catalogue(skus)
    assert checked.skus.select("hs_code", "origin_country").rows() == [
        ("61091000", "CN"),
        (None, None),
        (None, None),
    ]
    warnings = checked.warnings.select("source_row", "sku", "column_name").rows()
    assert warnings == [(2, "B", "hs_code"), (2, "B", "origin_country")]
    assert not checked.warnings["reason"].str.contains("61X9|China").any()
