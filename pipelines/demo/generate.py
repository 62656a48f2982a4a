"""`oms demo-data`: a realistic landing area for a demo merchant, reproducible from a seed.

It writes reference files, a stock snapshot per day and every channel's export in its real format
(Shopify exports are cumulative: yesterday's orders come again, a few of them now cancelled).
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

import numpy as np
import polars as pl

from pipelines.demo import reference_data as ref
from pipelines.demo.channel_writers import write_channel_export
from pipelines.demo.orders import CHANNEL_MIX, generate_day_orders


@dataclass(frozen=True)
class DemoSummary:
    dates: list[date]
    orders: int
    lines: int
    files: int


def _write_csv(frame: pl.DataFrame, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    frame.write_csv(path)


def write_reference(
    root: Path, rng: np.random.Generator, n_skus: int
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Write `reference/*.csv`; returns (catalogue SKUs, kits)."""
    skus = ref.catalogue(rng, n_skus)
    kits, kit_skus = ref.kits(skus, n_kits=max(2, n_skus // 200))
    folder = root / "reference"
    _write_csv(ref.WAREHOUSES, folder / "warehouses.csv")
    _write_csv(pl.concat([skus, kit_skus]), folder / "skus.csv")
    _write_csv(kits, folder / "kits.csv")
    _write_csv(ref.bins(rng, skus), folder / "bins.csv")
    _write_csv(ref.zones(), folder / "zones.csv")
    _write_csv(ref.carrier_services(), folder / "carrier_services.csv")
    _write_csv(ref.channels(), folder / "channels.csv")
    safety = skus.head(20).select(
        pl.lit("WH-EAST").alias("warehouse_id"), "sku", pl.lit(2, pl.Int64).alias("units")
    )
    _write_csv(safety, folder / "safety_stock.csv")
    return skus, kits


def write_snapshot(
    root: Path,
    rng: np.random.Generator,
    business_date: date,
    skus: pl.DataFrame,
    orders_per_day: int,
) -> None:
    """One stock file per warehouse; stock covers roughly a day of demand, so some lines
    backorder."""
    n = skus.height
    popularity = 1.0 / np.arange(1, n + 1) ** 0.9
    daily_units = orders_per_day * 3.0 * 1.3 * popularity / popularity.sum()
    folder = root / "inventory" / business_date.isoformat()
    for share, warehouse_id in zip(
        [0.45, 0.3, 0.35, 0.1], ref.WAREHOUSES["warehouse_id"], strict=True
    ):
        on_hand = rng.poisson(daily_units * share * 1.6 + 0.3)
        frame = pl.DataFrame(
            {"warehouse_id": warehouse_id, "sku": skus["sku"], "on_hand": on_hand.astype(str)}
        ).filter(pl.col("on_hand") != "0")
        if warehouse_id == "WH-WEST":  # a hand-edited row, as real snapshots have
            frame = pl.concat(
                [
                    frame,
                    pl.DataFrame(
                        {"warehouse_id": [warehouse_id], "sku": ["SKU-00001"], "on_hand": ["n/a"]}
                    ),
                ]
            )
        _write_csv(frame, folder / f"stock-{warehouse_id.lower()}.csv")


def generate_landing(
    root: Path,
    *,
    days: int,
    orders_per_day: int,
    seed: int,
    end_date: date,
    n_skus: int = 2_000,
) -> DemoSummary:
    """Write a landing area for `days` business dates ending `end_date`. Same arguments, same
    bytes."""
    rng = np.random.default_rng(seed)
    for kind in ("orders", "inventory", "confirmations", "tracking", "reference"):
        shutil.rmtree(root / kind, ignore_errors=True)
    skus, kits = write_reference(root, rng, n_skus)
    dates = [end_date - timedelta(days=days - 1 - i) for i in range(days)]
    catalogue = skus["sku"].to_list()
    kit_skus = kits["kit_sku"].unique(maintain_order=True).to_list()
    next_seq, total_orders, total_lines, files = 1, 0, 0, 0
    previous_shopify: pl.DataFrame | None = None
    for business_date in dates:
        lines = generate_day_orders(
            rng,
            business_date=business_date,
            n_orders=orders_per_day,
            first_order_seq=next_seq,
            skus=catalogue,
            kit_skus=kit_skus,
        )
        next_seq += orders_per_day
        total_orders += orders_per_day
        total_lines += lines.height
        write_snapshot(root, rng, business_date, skus, orders_per_day)
        for channel in CHANNEL_MIX:
            channel_lines = lines.filter(pl.col("channel") == channel).drop("channel")
            if channel == "shopify":
                today = channel_lines
                if (
                    previous_shopify is not None
                ):  # cumulative export: yesterday again, a few cancelled
                    cancel = pl.Series(rng.random(previous_shopify["order_seq"].n_unique()) < 0.02)
                    cancelled_seqs = (
                        previous_shopify["order_seq"].unique(maintain_order=True).filter(cancel)
                    )
                    yesterday = previous_shopify.with_columns(
                        pl.when(pl.col("order_seq").is_in(cancelled_seqs.implode()))
                        .then(pl.lit("cancelled"))
                        .otherwise(pl.col("status"))
                        .alias("status")
                    )
                    channel_lines = pl.concat([yesterday, today])
                previous_shopify = today
            folder = root / "orders" / channel / business_date.isoformat()
            files += len(write_channel_export(channel_lines, channel, folder, seed=seed))
    return DemoSummary(dates=dates, orders=total_orders, lines=total_lines, files=files)
