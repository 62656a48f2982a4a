"""One row per shipment: its totals, the order's promise and ship-to address, and its zone."""

import polars as pl

from contracts.vocabulary import ADDRESS_FIELDS


def shipment_headers(
    shipment_ids: pl.DataFrame,
    sku_codes: pl.DataFrame,
    items: pl.DataFrame,
    orders: pl.DataFrame,
) -> pl.DataFrame:
    """One row per shipment with totals, the order's promise and address, and the zone."""
    order_keys = ["channel", "channel_order_id"]
    duplicated = orders.filter(pl.struct(order_keys).is_duplicated())
    if duplicated.height:
        raise ValueError(f"orders must hold one row per order; duplicated: {duplicated.head(5)}")
    # SKUs are named by pack_rank here: the first is the heaviest, and SKUs without a weight
    # rank last in SKU order, so the lowest such rank is the alphabetically first of them
    totals = items.group_by("shipment_idx").agg(
        pl.col("business_date").min(),
        pl.col("quantity").sum().alias("units"),
        (pl.col("quantity") * pl.col("unit_weight_g")).sum().alias("weight_g"),
        pl.when(pl.col("unit_weight_g").is_null()).then("pack_rank").min().alias("missing"),
        pl.col("pack_rank").first().alias("heaviest"),
    )
    totals = totals.with_columns(
        sku_codes["sku"].gather(totals["missing"]).alias("missing_weight_sku"),
        sku_codes["sku"].gather(totals["heaviest"]).alias("heaviest_sku"),
        sku_codes["unit_weight_g"].gather(totals["heaviest"]).alias("heaviest_unit_g"),
    )
    shipments = (
        shipment_ids.lazy()
        .join(totals.lazy(), on="shipment_idx", how="left", maintain_order="left")
        .select(
            "shipment_idx",
            "shipment_id",
            "business_date",
            *order_keys,
            "warehouse_id",
            "zone",
            "units",
            "weight_g",
            "missing_weight_sku",
            "heaviest_sku",
            "heaviest_unit_g",
        )
        .collect()
    )
    headers = shipments.join(
        orders.select(*order_keys, "service_level", *ADDRESS_FIELDS),
        on=order_keys,
        how="left",
        maintain_order="left",
    )
    unknown = headers.filter(pl.col("service_level").is_null())
    if unknown.height:
        raise ValueError(
            "allocations reference orders missing from orders: "
            f"{unknown.select(order_keys).head(5).rows()}"
        )
    return headers
