"""Benchmark of allocate(): a synthetic night at production scale, timed against the reference.

    uv run python bench/bench_allocation.py --lines 3000000

Generates a seeded night (orders of 1-5 lines, 50k SKUs, some kits, 4 warehouses, US zones),
times candidates_by_address and allocate (median of --runs, after a warm-up call that compiles
the numba kernels), runs
the plain-Python reference on a subset of whole orders, checks engine and reference agree on that
subset, and extrapolates the reference's time linearly to the full size.
"""

import argparse
import os
import sys
import time
from datetime import date
from pathlib import Path

import numpy as np
import polars as pl
from polars.testing import assert_frame_equal

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from assets.allocation.candidates import candidates_by_address
from assets.allocation.engine import allocate
from contracts.policy import AllocationPolicy
from tests.allocation.explanations import explained
from tests.allocation.reference import reference_allocate

BUSINESS_DATE = date(2026, 11, 20)
WAREHOUSES = ["WH-1", "WH-2", "WH-3", "WH-4"]
CHANNELS = pl.DataFrame(
    {
        "channel": ["shopify", "amazon", "ebay", "woocommerce", "generic"],
        "priority": [2, 1, 3, 3, None],
        "allow_split": [True, False, True, True, True],
    }
)
REGIONS = [f"R{i:02d}" for i in range(50)]


def synthetic_night(n_lines: int, n_skus: int, seed: int) -> dict[str, pl.DataFrame]:
    """A night of demand with about n_lines lines (mean 3 per order), stock ~85% of demand."""
    rng = np.random.default_rng(seed)
    n_orders = max(1, n_lines // 3)
    lines_per_order = rng.integers(1, 6, n_orders)
    order_of_line = np.repeat(np.arange(n_orders), lines_per_order)[:n_lines]
    n_orders = int(order_of_line[-1]) + 1
    starts = np.searchsorted(order_of_line, np.arange(n_orders))
    line_no = np.arange(order_of_line.shape[0]) - starts[order_of_line] + 1

    n_kits = max(1, n_skus // 100)
    sku_ids = rng.zipf(1.3, order_of_line.shape[0]) % n_skus
    is_kit = rng.random(order_of_line.shape[0]) < 0.02
    channel = rng.choice(CHANNELS["channel"].to_numpy(), n_orders, p=[0.4, 0.3, 0.1, 0.1, 0.1])
    placed = np.datetime64("2026-11-17T00:00:00") + rng.integers(0, 4 * 86400, n_orders).astype(
        "timedelta64[s]"
    )
    service = rng.choice(["standard", "expedited", "overnight"], n_orders, p=[0.8, 0.15, 0.05])
    orders = pl.DataFrame(
        {
            "order": np.arange(n_orders),
            "channel": channel,
            "placed_at": placed.astype("datetime64[us]"),
            "service_level": service,
            "is_paid": rng.random(n_orders) < 0.98,
            "ship_country": np.where(rng.random(n_orders) < 0.995, "US", "NZ"),
            "ship_region": rng.choice(REGIONS, n_orders),
        }
    ).with_columns(pl.format("#{}", pl.col("order") + 100000).alias("channel_order_id"))
    demand = (
        pl.DataFrame(
            {
                "order": order_of_line,
                "line_no": line_no,
                "sku_id": sku_ids,
                "is_kit": is_kit,
                "quantity": rng.integers(1, 4, order_of_line.shape[0]),
                "carried": rng.random(order_of_line.shape[0]) < 0.1,
            }
        )
        .join(orders, on="order", how="left", maintain_order="left")
        .select(
            "channel",
            "channel_order_id",
            pl.lit(1).alias("version"),
            "line_no",
            pl.when("is_kit")
            .then(pl.format("KIT-{}", (pl.col("sku_id") % n_kits).cast(pl.String).str.zfill(5)))
            .otherwise(pl.format("SKU-{}", pl.col("sku_id").cast(pl.String).str.zfill(5)))
            .alias("sku"),
            "quantity",
            "placed_at",
            "service_level",
            "is_paid",
            pl.when("carried")
            .then(pl.lit(date(2026, 11, 19)))
            .otherwise(None)
            .alias("first_backordered_date"),
            "ship_country",
            "ship_region",
        )
    )
    kits = pl.DataFrame(
        {
            "kit_sku": np.repeat([f"KIT-{k:05d}" for k in range(n_kits)], 2),
            "component_sku": [
                f"SKU-{(k * 7 + j) % n_skus:05d}" for k in range(n_kits) for j in (1, 2)
            ],
            "quantity": np.tile([1, 2], n_kits),
        }
    )
    demanded = (
        pl.DataFrame({"sku_id": sku_ids, "quantity": demand["quantity"].to_numpy()})
        .group_by("sku_id")
        .agg(pl.col("quantity").sum())
    )
    per_sku = np.zeros(n_skus)
    per_sku[demanded["sku_id"].to_numpy()] = demanded["quantity"].to_numpy()
    stock = pl.DataFrame(
        {
            "warehouse_id": np.repeat(WAREHOUSES, n_skus),
            "sku": np.tile([f"SKU-{s:05d}" for s in range(n_skus)], len(WAREHOUSES)),
            "available": rng.poisson(
                np.tile(per_sku * 0.85 / len(WAREHOUSES) + 0.3, len(WAREHOUSES))
            ),
        }
    )
    zones = pl.concat(
        [
            pl.DataFrame(
                {
                    "warehouse_id": WAREHOUSES,
                    "dest_country": ["US"] * 4,
                    "dest_region": ["*"] * 4,
                    "zone": ["2", "5", "8", "4"],
                }
            ),
            pl.DataFrame(
                {
                    "warehouse_id": [WAREHOUSES[i % 4] for i in range(len(REGIONS))],
                    "dest_country": ["US"] * len(REGIONS),
                    "dest_region": REGIONS,
                    "zone": [str(1 + i % 3) for i in range(len(REGIONS))],
                }
            ),
        ]
    )
    return {
        "demand": demand,
        "orders": orders.select(
            "channel", "channel_order_id", "ship_country", "ship_region", "service_level"
        ),
        "stock": stock,
        "kits": kits,
        "zones": zones,
    }


def timed(function, *args, **kwargs):
    start = time.perf_counter()
    result = function(*args, **kwargs)
    return result, time.perf_counter() - start


def cpu_timed(function, *args, **kwargs):
    """Wall and CPU seconds (all threads of this process): CPU shows the work even on a busy box."""
    cpu = time.process_time()
    result, wall = timed(function, *args, **kwargs)
    return result, wall, time.process_time() - cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lines", type=int, default=3_000_000)
    parser.add_argument("--skus", type=int, default=50_000)
    parser.add_argument("--reference-lines", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=20261120)
    parser.add_argument("--runs", type=int, default=3, help="timed runs; the median is reported")
    args = parser.parse_args()

    night, build_s = timed(synthetic_night, args.lines, args.skus, args.seed)
    demand = night["demand"]
    # The nightly job's zone strategy: one ranked list per ship-to address.
    candidates, rank_s = timed(candidates_by_address, demand, night["zones"])
    common = {
        "business_date": BUSINESS_DATE,
        "channels": CHANNELS,
        "kits": night["kits"],
        "policy": AllocationPolicy(),
    }

    warm = demand.head(1000)
    allocate(warm, night["stock"], candidates, **common)  # compiles or loads the numba kernels
    runs = []
    for _ in range(args.runs):
        result, wall_s, cpu_s = cpu_timed(allocate, demand, night["stock"], candidates, **common)
        runs.append((wall_s, cpu_s))
    engine_s, engine_cpu_s = sorted(runs)[len(runs) // 2]

    subset_orders = demand.select("channel", "channel_order_id").unique(maintain_order=True)
    subset = demand.join(
        subset_orders.head(max(1, args.reference_lines // 3)),
        on=["channel", "channel_order_id"],
        how="semi",
    )
    expected, reference_s = timed(reference_allocate, subset, night["stock"], candidates, **common)
    got, subset_engine_s = timed(allocate, subset, night["stock"], candidates, **common)
    for name in ("allocations", "backorders", "decisions"):
        assert_frame_equal(getattr(got, name), expected[name])
    assert_frame_equal(explained(got.decisions), expected["explanations"])
    reference_full_s = reference_s * demand.height / subset.height

    print(
        f"synthetic night: {demand.height:,} lines, {night['orders'].height:,} orders, "
        f"{args.skus:,} SKUs, {len(WAREHOUSES)} warehouses (built in {build_s:.1f} s)"
    )
    print(
        f"fill rate {result.fill_rate:.3f}; rules: "
        + ", ".join(
            f"{r} {n:,}" for r, n in result.decisions["rule"].value_counts(sort=True).iter_rows()
        )
    )
    print()
    print(f"{'step':<44}{'lines':>12}{'seconds':>10}")
    print(f"{'candidates_by_address (all orders)':<44}{night['orders'].height:>12,}{rank_s:>10.2f}")
    print(f"{'allocate (engine), median run':<44}{demand.height:>12,}{engine_s:>10.2f}")
    print(f"{'allocate (engine), CPU s, all threads':<44}{demand.height:>12,}{engine_cpu_s:>10.2f}")
    print(
        f"{'allocate (engine, reference subset)':<44}{subset.height:>12,}{subset_engine_s:>10.2f}"
    )
    print(f"{'reference (subset)':<44}{subset.height:>12,}{reference_s:>10.2f}")
    print(f"{'reference (extrapolated linearly)':<44}{demand.height:>12,}{reference_full_s:>10.2f}")
    print()
    print(
        f"engine and reference agree on the {subset.height:,}-line subset "
        f"(allocations, backorders, decisions incl. explanations)"
    )
    print("engine runs (wall s / CPU s): " + ", ".join(f"{w:.2f} / {c:.2f}" for w, c in runs))
    print(f"speed-up vs reference (extrapolated): {reference_full_s / engine_s:.0f}x")
    print(f"machine: {os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f} at the end")


if __name__ == "__main__":
    main()
