"""Waves and batch pick lists: what pickers walk, in walking order.

Waves run by carrier pick-up cutoff (earliest first, services without a cutoff last), then by the
order's service level (overnight first). Within a wave, shipments are sorted by where their walk
starts (lowest pick_sequence, then where it ends, then shipment_id) and cut into as few
consecutive pick lists as hold at most `orders_per_pick_list` shipments, one tote each, and of
sizes as even as can be (13 shipments on carts of 12 make 7 and 6, not 12 and 1): neighbours in
the walk share a cart, which keeps each cart's path short without a routing solver, and no cart
goes out for a lone shipment that could ride with the rest of its wave. A SKU is picked from its
primary bin (lowest pick_sequence in the warehouse); a SKU with no bin there is listed last on the
pick list and flagged is_unslotted.
"""

import polars as pl

from contracts.tables import table_schema
from contracts.vocabulary import service_level_rank

PICK_LIST_SCHEMA = table_schema("pick_list_lines")


def pick_list_id(business_date: pl.Expr, warehouse_id: pl.Expr, number: pl.Expr) -> pl.Expr:
    """Deterministic pick list id, e.g. 'PL-20261120-WH1-001' (at least three digits)."""
    return pl.format(
        "PL-{}-{}-{}",
        business_date.dt.strftime("%Y%m%d"),
        warehouse_id,
        number.cast(pl.String).str.pad_start(3, "0"),
    )


def service_cutoffs(carrier_services: pl.DataFrame) -> pl.DataFrame:
    """Earliest pick-up cutoff per carrier service as HH:MM; null when none is given.

    The cutoff column is optional; times like '9:30' are normalised to '09:30' so they sort.
    """
    if "cutoff" in carrier_services.columns and carrier_services.schema["cutoff"] == pl.Time:
        cutoff = pl.col("cutoff")
    elif "cutoff" in carrier_services.columns:
        text = pl.col("cutoff").cast(pl.String).str.strip_chars()
        cutoff = pl.coalesce(
            text.str.to_time("%H:%M", strict=False), text.str.to_time("%H:%M:%S", strict=False)
        )
    else:
        cutoff = pl.lit(None, dtype=pl.Time)
    return (
        carrier_services.select(
            pl.col("carrier").cast(pl.String), pl.col("service").cast(pl.String), cutoff.alias("t")
        )
        .group_by("carrier", "service")
        .agg(pl.col("t").min())
        .with_columns(cutoff=pl.col("t").dt.strftime("%H:%M"))
        .rename({"t": "cutoff_time"})
    )


def build_pick_lists(
    allocations: pl.DataFrame,
    shipments: pl.DataFrame,
    bins: pl.DataFrame,
    skus: pl.DataFrame,
    carrier_services: pl.DataFrame,
    *,
    orders_per_pick_list: int = 12,
) -> pl.DataFrame:
    """oms.pick_list_lines for the ready shipments: one line per bin, SKU and tote.

    Held shipments get no lines. Every allocated unit of a ready shipment is on exactly one line.
    """
    if orders_per_pick_list < 1:
        raise ValueError("orders_per_pick_list must be at least 1")
    # Everything is keyed by small integers: ship_row numbers the ready shipments in shipment_id
    # order, walk_rank the (warehouse, SKU) slots in walk order and list_order the pick lists, so
    # the big join and sort never touch strings; text columns are gathered once, at the end.
    ready = (
        _waved_shipments(shipments, carrier_services).sort("shipment_id").with_row_index("ship_row")
    )
    units, slots = _shipment_lines(allocations, ready, bins, skus)
    batched, lists = _batch_shipments(ready, units, slots, orders_per_pick_list)
    lines = (
        units.join(batched, on="ship_row", how="inner")
        .sort(["list_order", "walk_rank", "tote"])
        .with_columns(sequence=pl.int_range(1, pl.len() + 1).over("list_order"))
    )
    return (
        pl.DataFrame(
            [
                *lists.select("business_date", "wave", "cutoff", "service_level", "pick_list_id")
                .gather(lines["list_order"])
                .get_columns(),
                *slots.select("warehouse_id", "bin", "pick_sequence", "sku", "description")
                .gather(lines["walk_rank"])
                .get_columns(),
                *lines.select("sequence", "quantity", "tote").get_columns(),
                ready["shipment_id"].gather(lines["ship_row"]),
            ]
        )
        .select(
            *(name for name in PICK_LIST_SCHEMA if name != "is_unslotted"),
            is_unslotted=pl.col("bin").is_null(),
        )
        .cast(PICK_LIST_SCHEMA)
    )


def _waved_shipments(shipments: pl.DataFrame, carrier_services: pl.DataFrame) -> pl.DataFrame:
    """Ready shipments with their wave number per warehouse and date."""
    ready = (
        shipments.filter(pl.col("status") == "ready")
        .select(
            "business_date",
            "shipment_id",
            "warehouse_id",
            "carrier",
            "service",
            "service_level",
            service_level_rank("service_level").fill_null(0).alias("level_rank"),
        )
        .join(service_cutoffs(carrier_services), on=["carrier", "service"], how="left")
    )
    waves = (
        ready.select("business_date", "warehouse_id", "cutoff_time", "level_rank")
        .unique()
        .sort(
            ["business_date", "warehouse_id", "cutoff_time", "level_rank"],
            descending=[False, False, False, True],
            nulls_last=True,
        )
        .with_columns(wave=pl.int_range(1, pl.len() + 1).over("business_date", "warehouse_id"))
    )
    return ready.join(
        waves,
        on=["business_date", "warehouse_id", "cutoff_time", "level_rank"],
        how="left",
        nulls_equal=True,
    )


def _shipment_lines(
    allocations: pl.DataFrame, ready: pl.DataFrame, bins: pl.DataFrame, skus: pl.DataFrame
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Units per ready shipment (ship_row) and slot (walk_rank), and the slots: the warehouse,
    SKU, primary bin and description in row walk_rank."""
    primary_bins = (
        _bins_frame(bins)
        .sort(["warehouse_id", "sku", "pick_sequence", "bin"], nulls_last=True)
        .unique(subset=["warehouse_id", "sku"], keep="first", maintain_order=True)
    )
    descriptions = skus.select(
        pl.col("sku").cast(pl.String), pl.col("description").cast(pl.String)
    ).unique(subset="sku", keep="first", maintain_order=True)
    units = (
        allocations.filter(pl.col("quantity") > 0)
        .join(ready.select("shipment_id", "ship_row"), on="shipment_id", how="inner")
        .group_by("ship_row", "sku")
        .agg(pl.col("warehouse_id").first(), pl.col("quantity").sum())
    )
    # each (warehouse, SKU) has one place on the walk: walk_rank orders the slots by
    # pick_sequence, bin and sku, unslotted SKUs last
    slots = (
        units.select("warehouse_id", "sku")
        .unique()
        .join(primary_bins, on=["warehouse_id", "sku"], how="left")
        .join(descriptions, on="sku", how="left")
        .sort(["pick_sequence", "bin", "sku"], nulls_last=True)
        .with_row_index("walk_rank")
    )
    return (
        units.join(
            slots.select("warehouse_id", "sku", "walk_rank"), on=["warehouse_id", "sku"]
        ).select("ship_row", "walk_rank", "quantity"),
        slots,
    )


def _bins_frame(bins: pl.DataFrame) -> pl.DataFrame:
    """Bins with the expected columns and types, also when the reference is empty."""
    schema = {
        "warehouse_id": pl.String,
        "sku": pl.String,
        "bin": pl.String,
        "pick_sequence": pl.Int64,
    }
    if bins.height == 0:
        return pl.DataFrame(schema=schema)
    return bins.select([pl.col(name).cast(dtype) for name, dtype in schema.items()]).filter(
        pl.col("bin").is_not_null()
    )


def _batch_shipments(
    ready: pl.DataFrame, units: pl.DataFrame, slots: pl.DataFrame, orders_per_pick_list: int
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Pick list (list_order) and tote for each ready shipment (ship_row), batching walk
    neighbours per wave; and the pick lists, the one in row list_order with its id and wave."""
    wave = ("business_date", "warehouse_id", "wave")
    route = (
        units.with_columns(slots["pick_sequence"].gather(units["walk_rank"]))
        .group_by("ship_row")
        .agg(
            pl.col("pick_sequence").min().alias("walk_start"),
            pl.col("pick_sequence").max().alias("walk_end"),
        )
    )
    ordered = (
        ready.lazy()
        .join(route.lazy(), on="ship_row", how="inner")
        .sort(
            ["business_date", "warehouse_id", "wave", "walk_start", "walk_end", "ship_row"],
            nulls_last=True,
        )
        .with_columns(
            position=pl.int_range(pl.len()).over(wave),
            shipments=pl.len().over(wave),
        )
        .with_columns(
            # the fewest lists that hold the wave, consecutive and as even as can be
            batch=pl.col("position")
            * ((pl.col("shipments") + orders_per_pick_list - 1) // orders_per_pick_list)
            // pl.col("shipments")
        )
        .with_columns(tote=pl.int_range(1, pl.len() + 1).over(*wave, "batch"))
        .collect()
    )
    # a wave has one cutoff and one service level, so each pick list has one too
    lists = (
        ordered.group_by(*wave, "batch")
        .agg(pl.col("cutoff").first(), pl.col("service_level").min())
        .sort([*wave, "batch"])
        .with_columns(
            pick_list_no=pl.int_range(1, pl.len() + 1).over("business_date", "warehouse_id"),
            list_order=pl.int_range(pl.len(), dtype=pl.UInt32),
        )
        .with_columns(
            pick_list_id=pick_list_id(
                pl.col("business_date"), pl.col("warehouse_id"), pl.col("pick_list_no")
            )
        )
    )
    batched = ordered.join(
        lists.select("business_date", "warehouse_id", "wave", "batch", "list_order"),
        on=["business_date", "warehouse_id", "wave", "batch"],
    ).select("ship_row", "list_order", "tote")
    return batched, lists
