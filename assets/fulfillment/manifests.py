"""End-of-day carrier manifests: every package of a ready shipment, per warehouse, carrier and day.

One manifest per (warehouse, carrier, ship date), like a USPS SCAN form or a FedEx Ground close:
the carrier scans its barcode once and every package on it is accepted.
"""

import polars as pl

from contracts.ids import manifest_id
from contracts.tables import table_schema
from contracts.vocabulary import ADDRESS_FIELDS

MANIFEST_SCHEMA = table_schema("manifest_lines")


def build_manifests(shipments: pl.DataFrame, packages: pl.DataFrame) -> pl.DataFrame:
    """oms.manifest_lines: one row per package of every ready shipment, never for held ones,
    with the full ship-to address (a carrier's import builds the label from it)."""
    ready = shipments.lazy().filter(pl.col("status") == "ready")
    manifests = (
        ready.select("business_date", "warehouse_id", "carrier")
        .unique()
        .with_columns(
            manifest_id=manifest_id(
                pl.col("business_date"), pl.col("warehouse_id"), pl.col("carrier")
            )
        )
    )
    package_weights = (
        packages.lazy()
        .group_by("shipment_id", "package_id", "package_no")
        .agg(pl.col("weight_g").sum())
    )
    return (
        ready.select(
            "business_date",
            "warehouse_id",
            "carrier",
            "shipment_id",
            "service",
            *ADDRESS_FIELDS,
        )
        .join(package_weights, on="shipment_id", how="inner")
        .join(manifests, on=["business_date", "warehouse_id", "carrier"], how="inner")
        .sort(["manifest_id", "shipment_id", "package_no"])
        .select(MANIFEST_SCHEMA.keys())
        .cast(MANIFEST_SCHEMA)
        .collect()
    )
