"""Packing slip lines: what each shipment's slip says of every line of its order.

A packer holding a box of a split or part-backordered order needs to know what is missing and
why, so each shipment gets every line of its order (those with nothing in it too): the units in
this shipment (and in which of its packages), the units other warehouses ship tonight and the
units still owed. All of it is the night's allocations and backorders, counted in units of the
ordered SKU (kit units for kits, as oms.line_fills counts them).
"""

import polars as pl

from contracts.tables import table_schema

SLIP_LINE_SCHEMA = table_schema("packing_slip_lines")
ORDER_LINE = ["channel", "channel_order_id", "version", "line_no"]


def build_packing_slip_lines(
    allocations: pl.DataFrame, backorders: pl.DataFrame, packages: pl.DataFrame, skus: pl.DataFrame
) -> pl.DataFrame:
    """oms.packing_slip_lines for one night: a row per shipment and line of its order."""
    keys = {"version": pl.Int32, "line_no": pl.Int32}
    # one lazy plan: Polars runs its group-bys and joins side by side and computes the ones
    # used twice once (2.7M allocation rows at 1M orders)
    allocations, backorders = allocations.lazy().cast(keys), backorders.lazy().cast(keys)
    packages, skus = packages.lazy(), skus.lazy()
    per_sku = (
        allocations.filter(pl.col("quantity") > 0)
        .group_by(*ORDER_LINE, "ordered_sku", "shipment_id", "warehouse_id", "sku")
        .agg(pl.col("business_date").min(), pl.col("ordered_units").sum())
    )
    # a kit's component rows each repeat the kit units they fill: count them once per shipment
    fills = per_sku.group_by(*ORDER_LINE, "ordered_sku", "shipment_id", "warehouse_id").agg(
        pl.col("business_date").min(), packed_units=pl.col("ordered_units").max()
    )
    boxes = (
        per_sku.select("shipment_id", *ORDER_LINE, "sku")
        .join(packages.select("shipment_id", "sku", "package_no"), on=["shipment_id", "sku"])
        .group_by("shipment_id", *ORDER_LINE)
        .agg(packages=pl.col("package_no").unique().sort().cast(pl.String).str.join(" "))
    )
    owed = backorders.group_by(*ORDER_LINE).agg(
        pl.col("sku").first().alias("ordered_sku"), backordered_units=pl.col("quantity").sum()
    )
    lines = (
        pl.concat(
            [fills.select(*ORDER_LINE, "ordered_sku"), owed.select(*ORDER_LINE, "ordered_sku")]
        )
        .unique(subset=ORDER_LINE, keep="first", maintain_order=True)
        .join(
            fills.group_by(*ORDER_LINE).agg(
                allocated=pl.col("packed_units").sum(),
                warehouses=pl.col("warehouse_id").unique().sort(),
            ),
            on=ORDER_LINE,
            how="left",
        )
        .join(owed.drop("ordered_sku"), on=ORDER_LINE, how="left")
    )
    descriptions = skus.select(
        pl.col("sku").cast(pl.String).alias("ordered_sku"), pl.col("description").cast(pl.String)
    ).unique(subset="ordered_sku", keep="first", maintain_order=True)
    shipments = fills.select(
        "channel", "channel_order_id", "version", "shipment_id", "warehouse_id", "business_date"
    ).unique(subset="shipment_id")
    return (
        shipments.join(lines, on=["channel", "channel_order_id", "version"])
        .join(
            fills.select("shipment_id", *ORDER_LINE, "packed_units"),
            on=["shipment_id", *ORDER_LINE],
            how="left",
        )
        .join(boxes, on=["shipment_id", *ORDER_LINE], how="left")
        .join(descriptions, on="ordered_sku", how="left")
        .with_columns(
            pl.col("packed_units", "allocated", "backordered_units").fill_null(0),
            others=pl.col("warehouses")
            .fill_null(pl.lit([], dtype=pl.List(pl.String)))
            .list.set_difference(pl.concat_list("warehouse_id"))
            .list.sort(),
        )
        .select(
            "business_date",
            "shipment_id",
            "warehouse_id",
            "channel",
            "channel_order_id",
            "line_no",
            sku="ordered_sku",
            description="description",
            ordered_units=pl.col("allocated") + pl.col("backordered_units"),
            packed_units="packed_units",
            packages="packages",
            other_warehouse_units=pl.col("allocated") - pl.col("packed_units"),
            other_warehouses=pl.when(pl.col("others").list.len() > 0).then(
                pl.col("others").list.join(", ")
            ),
            backordered_units="backordered_units",
        )
        .sort("shipment_id", "line_no")
        .cast(SLIP_LINE_SCHEMA)
        .collect()
    )
