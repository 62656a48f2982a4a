"""Shipments: one per order and warehouse, weighed, rate-shopped and packed into packages.

A shipment that no carrier service can take (no zone, no eligible service, a unit heavier than
every eligible service allows, a SKU without a weight) is kept with status 'held' and a reason in
shipment_exceptions: its units stay allocated, but it gets no packages, pick lines or manifest rows.
"""

from dataclasses import dataclass

import polars as pl

from assets.fulfillment.packing import PackingItems
from assets.fulfillment.rate_shopping import RateShopping, choose_services
from contracts.ids import package_id
from contracts.tables import table_schema
from contracts.vocabulary import ADDRESS_FIELDS

SHIPMENT_SCHEMA = table_schema("shipments")
PACKAGE_SCHEMA = table_schema("shipment_packages")
EXCEPTION_SCHEMA = table_schema("shipment_exceptions")


@dataclass(frozen=True)
class ShipmentPlan:
    """The night's shipments (oms.shipments), package contents and held-shipment reasons."""

    shipments: pl.DataFrame
    packages: pl.DataFrame
    exceptions: pl.DataFrame


def build_shipments(
    allocations: pl.DataFrame,
    orders: pl.DataFrame,
    skus: pl.DataFrame,
    carrier_services: pl.DataFrame,
) -> ShipmentPlan:
    """Weigh, rate-shop and pack every shipment of the night's allocations.

    Each shipment travels in the zone its allocation rows carry (the zone allocation ranked the
    warehouse by); a shipment whose rows have no zone is held.

    Deterministic: shipments come out sorted by shipment_id and packages by package number, and
    the same inputs choose the same service and the same packages on every run.
    """
    shipment_ids, sku_codes, keyed = _keyed_allocations(allocations, skus)
    items = _shipment_items(keyed, sku_codes)
    del keyed
    headers = _shipment_headers(shipment_ids, sku_codes, items, orders)
    packing = PackingItems.from_frame(items, headers.height)

    shopped = choose_services(
        headers.select(
            "shipment_idx",
            pl.when(pl.col("missing_weight_sku").is_null()).then("zone").alias("zone"),
            "service_level",
        ),
        carrier_services,
        packing,
    )
    decided = headers.join(
        shopped.choices, on="shipment_idx", how="left", maintain_order="left"
    ).with_columns(hold_reason=_hold_reason())
    return ShipmentPlan(
        shipments=_shipments_frame(decided),
        packages=_packages_frame(decided, items, shopped),
        exceptions=decided.filter(pl.col("hold_reason").is_not_null())
        .select(
            "business_date", "shipment_id", "warehouse_id", pl.col("hold_reason").alias("reason")
        )
        .cast(EXCEPTION_SCHEMA),
    )


def _keyed_allocations(
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


def _shipment_items(keyed: pl.DataFrame, sku_codes: pl.DataFrame) -> pl.DataFrame:
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


def _shipment_headers(
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


def _hold_reason() -> pl.Expr:
    """Why a shipment cannot ship tonight, in words; null when a service was chosen."""
    return (
        pl.when(pl.col("missing_weight_sku").is_not_null())
        .then(pl.format("SKU {} has no valid weight in the SKU reference", "missing_weight_sku"))
        .when(pl.col("zone").is_null())
        .then(
            pl.format(
                "no carrier zone from warehouse {} to {} {}",
                "warehouse_id",
                "ship_country",
                pl.col("ship_postal_code").fill_null(""),
            )
        )
        .when(pl.col("best_limit_g").is_null())
        .then(
            pl.format(
                "no carrier service for zone {} at service level {} or faster",
                "zone",
                "service_level",
            )
        )
        .when(pl.col("carrier").is_null())
        .then(
            pl.format(
                "a unit of SKU {} weighs {} g, more than the {} g limit of every eligible service",
                "heaviest_sku",
                "heaviest_unit_g",
                "best_limit_g",
            )
        )
        .otherwise(None)
    )


def _shipments_frame(decided: pl.DataFrame) -> pl.DataFrame:
    """oms.shipments rows: chosen service and cost for ready shipments, nulls for held ones."""
    is_ready = pl.col("hold_reason").is_null()
    return decided.select(
        "business_date",
        "shipment_id",
        "channel",
        "channel_order_id",
        "warehouse_id",
        "service_level",
        "zone",
        pl.when(is_ready).then("carrier"),
        pl.when(is_ready).then("service"),
        pl.when(is_ready).then("packages").otherwise(0).alias("packages"),
        "units",
        pl.col("weight_g").fill_null(0),
        pl.when(is_ready)
        .then(pl.col("cost_cents").cast(pl.Decimal(18, 2)) / 100)
        .cast(pl.Decimal(12, 2))
        .alias("cost"),
        pl.when(is_ready).then("transit_days"),
        pl.when(is_ready).then(pl.lit("ready")).otherwise(pl.lit("held")).alias("status"),
        *ADDRESS_FIELDS,
    ).cast(SHIPMENT_SCHEMA)


def _packages_frame(
    decided: pl.DataFrame, items: pl.DataFrame, shopped: RateShopping
) -> pl.DataFrame:
    """oms.shipment_packages rows: each ready shipment as rate shopping packed it for the chosen
    service's limit (held shipments have no packages)."""
    item_idx, package_no, units = shopped.item_idx, shopped.package_no, shopped.units
    # one row per item and package it lands in: items are unique per shipment and SKU, so no
    # (package, SKU) pair repeats and the rows only need putting in package, then SKU, order
    placed = (
        pl.DataFrame(
            {"item_idx": item_idx, "package_no": package_no, "quantity": units},
            schema={"item_idx": pl.Int64, "package_no": pl.Int64, "quantity": pl.Int64},
        )
        .with_columns(items["shipment_idx"].gather(item_idx), items["sku_order"].gather(item_idx))
        .sort("shipment_idx", "package_no", "sku_order")
    )
    placed = placed.with_columns(
        items.select("business_date", "sku", "unit_weight_g")[placed["item_idx"]].get_columns()
    )
    # decided holds shipment s in row s
    return (
        placed.with_columns(decided["shipment_id"].gather(placed["shipment_idx"]))
        .select(
            "business_date",
            "shipment_id",
            package_id("shipment_id", pl.col("package_no")).alias("package_id"),
            "package_no",
            "sku",
            "quantity",
            (pl.col("quantity") * pl.col("unit_weight_g")).alias("weight_g"),
        )
        .cast(PACKAGE_SCHEMA)
    )
