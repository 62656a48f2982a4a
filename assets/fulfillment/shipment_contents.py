"""What each shipment holds: the night's allocation rows keyed by integers, then units per
shipment and SKU in packing order, with their unit weights.

A shipment id names one order at one warehouse; the heavy work runs on integer keys so it never
sorts strings over millions of rows.
"""

import polars as pl


def keyed_allocations(
    allocations: pl.DataFrame, skus: pl.DataFrame
) -> tuple[pl.DataFrame, pl.DataFrame, pl.DataFrame]:
    """Allocation rows with units, keyed by integers so the heavy lifting never sorts strings.

    Returns shipment_ids (shipment_idx numbers the shipments in shipment_id order; with each
    shipment's channel, order, warehouse and zone), sku_codes (pack_rank numbers the SKUs in packing
    order: heaviest first, SKU ascending on ties, unknown weights last; sku_order numbers them in
    SKU order) and the keyed rows: shipment_idx, pack_rank, business_date and quantity.
    """
    weights = (
        skus.select(
            pl.col("sku").cast(pl.String), pl.col("weight_g").cast(pl.Int64).alias("unit_weight_g")
        )
        .filter(pl.col("unit_weight_g") >= 0)
        .unique(subset="sku", keep="first", maintain_order=True)
    )
    positive = allocations.lazy().with_row_index("allocation_row").filter(pl.col("quantity") > 0)
    shipment_ids = (
        positive.select("shipment_id")
        .unique()
        .sort("shipment_id", nulls_last=True)
        .with_row_index("shipment_idx")
        .with_columns(pl.col("shipment_idx").cast(pl.Int64))
    )
    sku_codes = (
        positive.select("sku")
        .unique()
        .join(weights.lazy(), on="sku", how="left")
        .sort(["unit_weight_g", "sku"], descending=[True, False], nulls_last=True)
        .with_row_index("pack_rank")
        .with_columns(
            pl.col("pack_rank").cast(pl.Int64),
            sku_order=pl.col("sku").rank("ordinal").cast(pl.Int64),
        )
    )
    shipment_ids, sku_codes = pl.collect_all([shipment_ids, sku_codes])
    keyed = (
        positive.select(
            "allocation_row",
            "shipment_id",
            "sku",
            "business_date",
            pl.col("quantity").cast(pl.Int64),
        )
        .join(shipment_ids.lazy(), on="shipment_id", how="inner", nulls_equal=True)
        .join(sku_codes.lazy().select("sku", "pack_rank"), on="sku", how="inner", nulls_equal=True)
        .drop("shipment_id", "sku")
        .collect()
    )
    # a shipment id names one order at one warehouse, so its first row says which; gathering
    # those few rows keeps the order's strings out of the multi-million-row frames
    first_rows = keyed.group_by("shipment_idx").agg(pl.col("allocation_row").min())
    destinations = allocations.select("channel", "channel_order_id", "warehouse_id", "zone")[
        first_rows["allocation_row"]
    ].with_columns(first_rows["shipment_idx"])
    shipment_ids = shipment_ids.join(
        destinations, on="shipment_idx", how="left", maintain_order="left"
    )
    return shipment_ids, sku_codes, keyed.drop("allocation_row")


def shipment_items(keyed: pl.DataFrame, sku_codes: pl.DataFrame) -> pl.DataFrame:
    """Units per shipment and SKU with their unit weight, in packing order.

    Within a shipment items run heaviest first, SKU ascending on ties (the 'decreasing' of
    first-fit decreasing), which is pack_rank order.
    """
    # one integer key per (shipment, SKU), in packing order: grouping and sorting on a single
    # integer column is much cheaper than on two
    width = max(sku_codes.height, 1)
    items = (
        keyed.group_by(item_key=pl.col("shipment_idx") * width + pl.col("pack_rank"))
        .agg(pl.col("business_date").min(), pl.col("quantity").sum())
        .sort("item_key")
        .select(
            (pl.col("item_key") // width).alias("shipment_idx"),
            (pl.col("item_key") % width).alias("pack_rank"),
            "business_date",
            "quantity",
        )
    )
    codes = items["pack_rank"]
    return items.with_columns(
        sku_codes["sku"].gather(codes),
        sku_codes["unit_weight_g"].gather(codes),
        sku_codes["sku_order"].gather(codes),
    )
