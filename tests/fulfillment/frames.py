"""Small hand-written frames for fulfillment tests: one warehouse, a few orders, named services."""

import datetime as dt

import polars as pl

from contracts.references import REFERENCE_SCHEMAS

BUSINESS_DATE = dt.date(2026, 11, 20)
SERVICE_SCHEMA = REFERENCE_SCHEMAS["carrier_services"]


def allocations(
    *rows: tuple[str, str, int], warehouse_id: str = "WH1", zone: str | None = "2"
) -> pl.DataFrame:
    """Allocation rows from (order id, sku, quantity); one shipment per order and warehouse, all
    in one zone from the warehouse (None: rows that carry no zone)."""
    return pl.DataFrame(
        {
            "business_date": [BUSINESS_DATE] * len(rows),
            "channel": ["shopify"] * len(rows),
            "channel_order_id": [order for order, _, _ in rows],
            "version": [1] * len(rows),
            "line_no": list(range(1, len(rows) + 1)),
            "ordered_sku": [sku for _, sku, _ in rows],
            "ordered_units": [quantity for _, _, quantity in rows],
            "sku": [sku for _, sku, _ in rows],
            "warehouse_id": [warehouse_id] * len(rows),
            "quantity": [quantity for _, _, quantity in rows],
            "shipment_id": [f"SH-{order}-{warehouse_id}" for order, _, _ in rows],
            "zone": pl.Series([zone] * len(rows), dtype=pl.String),
        }
    )


def orders(levels: dict[str, str]) -> pl.DataFrame:
    """Orders by id with the given service levels and a New Jersey address (postal code 07001)."""
    ids = list(levels)
    return pl.DataFrame(
        {
            "channel": ["shopify"] * len(ids),
            "channel_order_id": ids,
            "service_level": [levels[i] for i in ids],
            "placed_at": [dt.datetime(2026, 11, 19, 9)] * len(ids),
            "ship_name": [f"Customer {i}" for i in ids],
            "ship_address1": ["1 Main St"] * len(ids),
            "ship_city": ["Avenel"] * len(ids),
            "ship_region": ["NJ"] * len(ids),
            "ship_postal_code": ["07001"] * len(ids),
            "ship_country": ["US"] * len(ids),
        }
    ).with_columns(
        pl.lit(None, pl.String).alias(c) for c in ("ship_company", "ship_address2", "ship_phone")
    )


def skus(weights: dict[str, int]) -> pl.DataFrame:
    """SKU reference from sku -> unit weight in grams."""
    return pl.DataFrame(
        {
            "sku": list(weights),
            "description": [f"{sku} description" for sku in weights],
            "weight_g": list(weights.values()),
        }
    )


def services(*rows: tuple) -> pl.DataFrame:
    """Services from (carrier, service, level, zone, max_weight_g, price, days[, cutoff])."""
    padded = [row if len(row) == 8 else (*row, None) for row in rows]
    return pl.DataFrame(padded, schema=SERVICE_SCHEMA, orient="row")
