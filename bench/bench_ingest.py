"""How fast does ingest go? Writes a landing area of ~1M order lines in the four marketplace
formats with the demo channel writers, then times `read_and_validate` and the order book merge.

    uv run python -m bench.bench_ingest --lines 1000000
"""

import argparse
import shutil
import tempfile
import time
from datetime import date, datetime
from pathlib import Path

import numpy as np
import polars as pl

from assets.ingest.order_book import apply_to_order_book
from assets.ingest.reading import IngestReference, read_and_validate
from contracts.landing_file import LandingFile
from contracts.vocabulary import ADDRESS_FIELDS, CHANNELS
from pipelines.demo.channel_writers import write_channel_export

MARKETPLACES = tuple(channel for channel in CHANNELS if channel != "generic")
# in ADDRESS_FIELDS order: name, company, address 1 and 2, city, region, zip, country, phone
ADDRESSES = (
    ("Ava Smith", None, "12 Main St", None, "Springfield", "IL", "62701", "US", None),
    ("Liam Nguyen", None, "400 Oak Ave", "Apt 3E", "Brooklyn", "NY", "11201", "US",
     "+1 718-555-0100"),
    ("Chloé Müller", "Atelier Molène", "9 Rue Molène", "Bureau 2", "Montréal", "QC", "H2X 1Y4",
     "CA", None),
    ("José García", None, "5 High St", "Flat 4", "London", "LND", "SW1A 1AA", "GB", None),
    ("Mei Cohen", None, "77 Elm St", None, "Boston", "MA", "02134", "US", None),
)  # fmt: skip
N_SKUS = 2_000
LINES_PER_ORDER = 2.2  # mean of the draw below


def sku_catalogue() -> pl.DataFrame:
    """The reference/skus.csv the demo lines draw from."""
    skus = [f"SKU-{i:05d}" for i in range(N_SKUS)]
    return pl.DataFrame({"sku": skus, "description": skus, "weight_g": [250] * N_SKUS})


def demo_lines(n_orders: int, *, seed: int, day: date, first_seq: int = 1) -> pl.DataFrame:
    """Channel-neutral order lines with the columns the channel writers take, drawn with numpy."""
    rng = np.random.default_rng(seed)
    per_order = rng.choice([1, 2, 3, 4], n_orders, p=[0.3, 0.35, 0.2, 0.15])
    order = np.repeat(np.arange(n_orders), per_order)
    line_no = np.arange(order.size) - (np.cumsum(per_order) - per_order)[order] + 1
    address = rng.integers(0, len(ADDRESSES), n_orders)
    draw = rng.random(n_orders)
    midnight = np.datetime64(datetime.combine(day, datetime.min.time()), "us")
    orders = pl.DataFrame(
        {
            "order_seq": np.arange(first_seq, first_seq + n_orders, dtype=np.int64),
            "placed_at": midnight
            + rng.integers(0, 86_400, n_orders).astype("timedelta64[s]").astype("timedelta64[us]"),
            "service_level": np.array(["standard", "expedited", "overnight"])[
                rng.choice(3, n_orders, p=[0.8, 0.15, 0.05])
            ],
            "status": np.where(
                draw < 0.02, "cancelled", np.where(draw < 0.05, "fulfilled", "open")
            ),
            "is_paid": rng.random(n_orders) < 0.97,
            **{
                name: pl.Series([a[i] for a in ADDRESSES], dtype=pl.String).gather(address)
                for i, name in enumerate(ADDRESS_FIELDS)
            },
        }
    )
    # distinct SKUs within an order: consecutive catalogue entries from a random start
    start = rng.integers(0, N_SKUS, n_orders)[order]
    sku_index = (start + line_no * 37) % N_SKUS
    lines = pl.DataFrame(
        {
            "order_seq": orders["order_seq"].to_numpy()[order],
            "line_no": line_no.astype(np.int64),
            "sku": np.char.add("SKU-", np.char.zfill(sku_index.astype(str), 5)),
            "quantity": rng.choice([1, 2, 3], order.size, p=[0.85, 0.1, 0.05]),
        }
    )
    return orders.join(lines, on="order_seq").sort("order_seq", "line_no")


def write_landing(root: Path, lines: pl.DataFrame, day: date, *, seed: int) -> list[LandingFile]:
    """Spread the orders over the four marketplace channels and write their exports."""
    files = []
    for number, channel in enumerate(MARKETPLACES):
        part = lines.filter(pl.col("order_seq") % len(MARKETPLACES) == number)
        folder = root / "orders" / channel / day.isoformat()
        for path in write_channel_export(part, channel, folder, seed=seed):
            files.append(LandingFile(channel, path, path.relative_to(root).as_posix()))
    return files


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--lines", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    day = date(2026, 9, 18)
    root = Path(tempfile.mkdtemp(prefix="bench_ingest_"))
    try:
        started = time.perf_counter()
        lines = demo_lines(int(args.lines / LINES_PER_ORDER), seed=args.seed, day=day)
        generated = time.perf_counter()
        files = write_landing(root, lines, day, seed=args.seed)
        written = time.perf_counter()
        reference = IngestReference(skus=sku_catalogue())
        batch = read_and_validate(files, business_date=day, reference=reference)
        validated = time.perf_counter()
        result = apply_to_order_book(batch, prior_orders=pl.DataFrame(), prior_lines=pl.DataFrame())
        applied = time.perf_counter()
        size_mb = sum(f.path.stat().st_size for f in files) / 1e6
        orders = lines["order_seq"].n_unique()
        rows_by_channel = batch.file_stats.group_by("channel").agg(pl.col("rows_read").sum())
        print(f"order lines generated   {lines.height:>10,}  ({orders:,} orders)")
        print(f"files written           {len(files):>10}  ({size_mb:,.0f} MB)", end="")
        print(f"  {written - generated:6.2f} s")
        for channel, count in rows_by_channel.sort("channel").iter_rows():
            print(f"  {channel:<21} {count:>10,} rows")
        print(
            f"read_and_validate       {batch.lines.height:>10,} lines  {validated - written:6.2f} s"
        )
        print(f"apply_to_order_book     {result.order_lines.height:>10,} lines", end="")
        print(f"  {applied - validated:6.2f} s")
        print(f"rejects                 {result.order_rejects.height:>10,}")
        print(f"total (excl. generate)  {applied - generated:16.2f} s", end="")
        print(f"   (generate {generated - started:.2f} s)")
    finally:
        shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
