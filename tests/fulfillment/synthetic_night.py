"""A generated night of allocations and reference data, shaped like the lead's frames."""

import datetime as dt

import numpy as np
import polars as pl

from assets.fulfillment.manifests import build_manifests
from assets.fulfillment.pick_lists import build_pick_lists
from assets.fulfillment.shipments import build_shipments
from contracts.references import REFERENCE_SCHEMAS

BUSINESS_DATE = dt.date(2026, 11, 20)
LEVELS = ["standard", "expedited", "overnight"]


def synthetic_night(
    orders: int, *, warehouses: int = 2, skus: int = 60, seed: int = 7, slotted_share: float = 0.9
) -> dict[str, pl.DataFrame]:
    """Random but reproducible inputs for build_shipments / build_pick_lists."""
    rng = np.random.default_rng(seed)
    sku_ids = [f"SKU-{i:04d}" for i in range(skus)]
    weights = rng.integers(50, 9000, skus)
    weights[0] = 40_000  # a unit only the freight service can carry
    lines_per_order = rng.integers(1, 4, orders)
    order_idx = np.repeat(np.arange(orders), lines_per_order)
    n = order_idx.size
    line_no = np.concatenate([np.arange(1, k + 1) for k in lines_per_order])
    warehouse_of_line = rng.integers(0, warehouses, n)
    sku_of_line = rng.integers(0, skus, n)
    order_ids = np.array([f"O{i:07d}" for i in range(orders)])
    warehouse_ids = np.array([f"WH{w + 1}" for w in range(warehouses)])
    allocations = pl.DataFrame(
        {
            "business_date": [BUSINESS_DATE] * n,
            "channel": ["shopify"] * n,
            "channel_order_id": order_ids[order_idx],
            "version": [1] * n,
            "line_no": line_no.astype(np.int32),
            "ordered_sku": np.array(sku_ids)[sku_of_line],
            "ordered_units": rng.integers(1, 6, n).astype(np.int32),
            "sku": np.array(sku_ids)[sku_of_line],
            "warehouse_id": warehouse_ids[warehouse_of_line],
        }
    ).with_columns(
        quantity=pl.col("ordered_units"),
        shipment_id=pl.format("SH-{}-{}", "channel_order_id", "warehouse_id"),
        zone=(pl.col("channel_order_id").hash(seed=1) % 4 + 2).cast(pl.String),
    )
    order_frame = pl.DataFrame(
        {
            "channel": ["shopify"] * orders,
            "channel_order_id": order_ids,
            "service_level": np.array(LEVELS)[rng.integers(0, 3, orders)],
            "placed_at": [dt.datetime(2026, 11, 19, 12)] * orders,
            "ship_name": [f"Customer {i}" for i in range(orders)],
            "ship_address1": [f"{i} Main St" for i in range(orders)],
            "ship_city": ["Springfield"] * orders,
            "ship_region": ["NJ"] * orders,
            "ship_postal_code": [f"{rng.integers(0, 99999):05d}" for _ in range(orders)],
            "ship_country": ["US"] * orders,
        }
    ).with_columns(
        pl.lit(None, pl.String).alias(c) for c in ("ship_company", "ship_address2", "ship_phone")
    )
    sku_frame = pl.DataFrame(
        {"sku": sku_ids, "description": [f"Item {s}" for s in sku_ids], "weight_g": weights}
    )
    slotted = [s for i, s in enumerate(sku_ids) if rng.random() < slotted_share or i == 1]
    bins = pl.DataFrame(
        {
            "warehouse_id": [w for w in warehouse_ids for _ in slotted],
            "sku": [s for _ in warehouse_ids for s in slotted],
            "bin": [f"{w}-A{i:03d}" for w in warehouse_ids for i in range(len(slotted))],
            "pick_sequence": [int(rng.integers(1, 10_000)) for _ in warehouse_ids for _ in slotted],
        }
    )
    return {
        "allocations": allocations,
        "orders": order_frame,
        "skus": sku_frame,
        "bins": bins,
        "carrier_services": carrier_services(),
    }


def carrier_services() -> pl.DataFrame:
    """Three carriers over zones 2-5, with a freight service for heavy units only in zone 2."""
    rows = []
    for zone in ("2", "3", "4", "5"):
        z = int(zone)
        rows += [
            ("USPS", "Ground Advantage", "standard", zone, 9_000, 4.10 + z, 5, "15:00"),
            ("USPS", "Priority Mail", "expedited", zone, 20_000, 8.20 + z, 2, "15:00"),
            ("UPS", "Ground", "standard", zone, 30_000, 7.00 + z, 4, "17:30"),
            ("UPS", "Next Day Air", "overnight", zone, 30_000, 29.0 + 2 * z, 1, "17:30"),
            ("FedEx", "2Day", "expedited", zone, 30_000, 12.0 + z, 2, None),
        ]
    rows.append(("FREIGHT", "LTL", "standard", "2", 500_000, 90.0, 6, None))
    return pl.DataFrame(
        rows,
        schema=REFERENCE_SCHEMAS["carrier_services"],
        orient="row",
    )


def fulfil(night: dict[str, pl.DataFrame], per_list: int = 12):
    """Shipments, pick list lines and manifests for a synthetic night, as the nightly job does."""
    plan = build_shipments(
        night["allocations"],
        night["orders"],
        night["skus"],
        night["carrier_services"],
    )
    lines = build_pick_lists(
        night["allocations"],
        plan.shipments,
        night["bins"],
        night["skus"],
        night["carrier_services"],
        orders_per_pick_list=per_list,
    )
    return plan, lines, build_manifests(plan.shipments, plan.packages)
