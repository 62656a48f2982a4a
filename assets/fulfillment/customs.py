"""Customs declarations: what every international shipment carries, worth and comes from.

A shipment is international when its warehouse's country (reference/warehouses.csv) is not the
ship-to country. Its declaration lists each ordered SKU once (a kit as the kit: that is what
was sold) with the catalogue's description, HS code and origin, the order lines' unit price and
currency, and the picked units' weight. A value customs needs but nobody gave is left empty and
named in `missing`, so the page prints it as a flagged blank and a check counts it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import polars as pl

from contracts.countries import country_lookup
from contracts.customs import CN22_LIMIT_SDR, HS_CODE, UNITS_PER_SDR
from contracts.tables import table_schema

DECLARATIONS_SCHEMA = table_schema("customs_declarations")
CATALOGUE_WARNINGS_SCHEMA = table_schema("catalogue_warnings")
SKUS_FILE = "reference/skus.csv"
VALUE = pl.Decimal(18, 4)
MISSING_FIELDS = ("hs_code", "origin_country", "unit_value", "currency", "weight_g")


@dataclass(frozen=True)
class CustomsCatalogue:
    """The catalogue with usable customs values only (others null), and why each was dropped."""

    skus: pl.DataFrame  # sku, description, weight_g, hs_code, origin_country
    warnings: pl.DataFrame  # CATALOGUE_WARNINGS_SCHEMA without business_date


def checked_customs_catalogue(skus: pl.DataFrame) -> CustomsCatalogue:
    """HS codes as 6-10 digits (dots and spaces dropped) and origins as ISO 3166 alpha-2 codes;
    an empty cell is simply unknown, any other unusable value a warning naming the row."""
    alpha_2 = pl.Series(sorted(set(country_lookup().values())), dtype=pl.String)
    hs_code = pl.col("hs_code").str.replace_all(r"[.\s]", "").replace("", None)
    origin = pl.col("origin_country").str.strip_chars().str.to_uppercase().replace("", None)
    rows = skus.with_row_index("source_row", offset=1).with_columns(_hs=hs_code, _origin=origin)
    bad_hs = pl.col("_hs").is_not_null() & ~pl.col("_hs").str.contains(HS_CODE)
    bad_origin = pl.col("_origin").is_not_null() & ~pl.col("_origin").is_in(alpha_2)
    checked = rows.with_columns(
        hs_code=pl.when(~bad_hs).then("_hs"),
        origin_country=pl.when(~bad_origin).then("_origin"),
        _bad_hs=bad_hs,
        _bad_origin=bad_origin,
    )
    unusable = {
        "hs_code": (
            "_bad_hs",
            "is not a Harmonized System code of 6 to 10 digits (dots and spaces are ignored, "
            "e.g. 6109.10)",
        ),
        "origin_country": (
            "_bad_origin",
            "is not an ISO 3166 alpha-2 country code (such as CN, US or PT)",
        ),
    }
    warnings = pl.concat(
        [
            checked.filter(flag).select(
                "source_row",
                "sku",
                column_name=pl.lit(column),
                reason=pl.lit(
                    f"{column} {why}; customs declarations of this SKU print it blank and "
                    "flagged until the catalogue is corrected"
                ),
            )
            for column, (flag, why) in unusable.items()
        ]
    ).sort("source_row", "column_name")
    return CustomsCatalogue(
        skus=checked.select("sku", "description", "weight_g", "hs_code", "origin_country"),
        warnings=warnings.select(
            pl.lit(SKUS_FILE).alias("source_file"),
            pl.col("source_row").cast(pl.Int64),
            pl.col("sku").cast(pl.String),
            "column_name",
            "reason",
        ),
    )


def build_customs_declarations(
    lines: pl.DataFrame,
    warehouses: pl.DataFrame,
    catalogue: pl.DataFrame,
    business_date: date,
) -> pl.DataFrame:
    """oms.customs_declarations from `lines` (sql/fulfillment/customs_lines.sql: one row per
    ready shipment, order line and picked SKU), the warehouses' countries and the checked
    catalogue; none for a shipment that stays in its warehouse's country."""
    origin = warehouses.select(
        "warehouse_id", ship_from_country=pl.col("country").str.strip_chars().str.to_uppercase()
    )
    weights = catalogue.select("sku", unit_weight_g="weight_g")
    international = (
        lines.lazy()
        .join(origin.lazy(), on="warehouse_id", how="inner")
        .filter(pl.col("ship_from_country") != pl.col("ship_country"))
        .join(weights.lazy(), on="sku", how="left")
    )
    keys = ["shipment_id", "channel", "channel_order_id", "warehouse_id"]
    countries = ["ship_from_country", "ship_country"]
    per_line = international.group_by([*keys, *countries, "line_no", "ordered_sku"]).agg(
        # a kit's component rows each repeat the kit units they fill
        units=pl.col("ordered_units").max(),
        weight_g=(pl.col("quantity") * pl.col("unit_weight_g")).sum(),
        weight_known=pl.col("unit_weight_g").is_not_null().all(),
        unit_price=pl.col("unit_price").first(),
        currency=pl.col("currency").first(),
    )
    line_value = pl.col("unit_price").cast(VALUE) * pl.col("units")
    per_sku = per_line.group_by([*keys, *countries, "ordered_sku"]).agg(
        quantity=pl.col("units").sum(),
        total_value=pl.when(pl.col("unit_price").is_not_null().all()).then(line_value.sum()),
        currency=pl.when(pl.col("currency").n_unique() == 1).then(pl.col("currency").first()),
        weight_g=pl.when(pl.col("weight_known").all()).then(pl.col("weight_g").sum()),
    )
    rows = (
        per_sku.rename({"ordered_sku": "sku", "ship_country": "ship_to_country"})
        .join(catalogue.lazy().drop("weight_g"), on="sku", how="left")
        .with_columns(
            unit_value=(pl.col("total_value") / pl.col("quantity")).round(4).cast(VALUE),
            total_value=pl.col("total_value").cast(VALUE),
        )
        .sort("shipment_id", "sku")
        .with_columns(item_no=pl.int_range(1, pl.len() + 1).over("shipment_id"))
    )
    shipment_known = (
        pl.col("total_value").is_not_null().all() & pl.col("currency").is_not_null().all()
    ) & (pl.col("currency").n_unique() == 1)
    rows = rows.with_columns(
        shipment_value=pl.when(shipment_known.over("shipment_id")).then(
            pl.col("total_value").sum().over("shipment_id")
        ),
    )
    per_sdr = pl.col("currency").replace_strict(
        {code: float(rate) for code, rate in UNITS_PER_SDR.items()},
        default=None,
        return_dtype=pl.Float64,
    )
    sdr = pl.col("shipment_value").cast(pl.Float64) / per_sdr
    missing = pl.concat_str(
        [pl.when(pl.col(f).is_null()).then(pl.lit(f)) for f in MISSING_FIELDS],
        separator=", ",
        ignore_nulls=True,
    )
    return (
        rows.with_columns(
            form=pl.when(sdr <= float(CN22_LIMIT_SDR))
            .then(pl.lit("CN22"))
            .otherwise(pl.lit("CN23")),
            missing=pl.when(missing != "").then(missing),
            business_date=pl.lit(business_date),
        )
        .select(DECLARATIONS_SCHEMA.keys())
        .collect()
        .cast(DECLARATIONS_SCHEMA)
    )
