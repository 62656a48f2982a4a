"""A small night to feed: two warehouses, three SKUs, the reference rows the feeds read."""

from __future__ import annotations

from collections.abc import Iterable

import polars as pl

from assets.stock_feeds.offers import Offers, channel_offers
from contracts.references import REFERENCE_SCHEMAS

ATP_BY_WAREHOUSE = pl.DataFrame(
    {
        "warehouse_id": ["WH-A", "WH-A", "WH-B"],
        "sku": ["SKU-1", "SKU-2", "SKU-1"],
        "atp": [10, 0, 5],
    },
    schema={"warehouse_id": pl.String, "sku": pl.String, "atp": pl.Int64},
)
CATALOGUE = pl.Series("sku", ["SKU-1", "SKU-2", "SKU-3"])
WAREHOUSES = pl.DataFrame({"warehouse_id": ["WH-A", "WH-B"], "name": ["East", "West"]})
EBAY_ITEM = "255381881760 [Colour:Black]"


def reference(name: str, rows: list[dict[str, str | None]]) -> pl.DataFrame:
    """Rows of a reference file as the landing zone reads them (every column, in order)."""
    schema = REFERENCE_SCHEMAS[name]
    return pl.DataFrame([{c: row.get(c) for c in schema} for row in rows], schema=schema)


def listings(*rows: tuple[str, str, str]) -> pl.DataFrame:
    return reference(
        "listings", [dict(zip(("channel", "listing_id", "sku"), r, strict=True)) for r in rows]
    )


def shopify_row(sku: str | None, location: str, **values: str) -> dict[str, str | None]:
    """A row of Shopify's inventory export."""
    return {
        "handle": "my-tee",
        "title": "My Tee",
        "sku": sku,
        "location": location,
        "committed (not editable)": "2",
        "unavailable (not editable)": "1",
        "available (not editable)": "7",
        "on hand (current)": "10",
        **values,
    }


def shopify_export(*rows: dict[str, str | None]) -> pl.DataFrame:
    return reference("shopify_inventory", list(rows))


NO_RULES = {channel: (100, 0) for channel in ("amazon", "shopify", "ebay", "woocommerce")}


def offers(
    listing_rows: Iterable[tuple[str, str, str]] = (),
    export_rows: Iterable[dict[str, str | None]] = (),
    rules: dict[str, tuple[int, int]] = NO_RULES,
    atp: pl.DataFrame = ATP_BY_WAREHOUSE,
) -> Offers:
    """The night's offers to every channel, from these listings and Shopify export rows."""
    return channel_offers(
        atp_by_warehouse=atp,
        catalogue=CATALOGUE,
        listings=listings(*listing_rows),
        shopify_export=shopify_export(*export_rows),
        warehouses=WAREHOUSES,
        rules=rules,
    )
