"""Warehouse documents alone: render the PDFs of a benchmarked night, per document kind.

    uv run python -m bench.run --orders 100000 --name docs-100k      # once: a night to render
    uv run python -m bench.bench_documents bench/work/docs-100k       # then, as often as needed

Reads the night's fulfillment tables from the published warehouse of a `bench.run` work folder
and writes every warehouse's files into a temporary folder, printing seconds per warehouse and
document kind, so a change to the renderers is measured without running the whole night.
"""

from __future__ import annotations

import argparse
import resource
import tempfile
import time
from datetime import date
from pathlib import Path

import duckdb
import polars as pl

from assets.concurrency import worker_processes
from assets.documents.files import write_warehouse_documents
from assets.documents.per_warehouse import frames_per_warehouse

TABLES = {
    "pick_list_lines": "pick_list_lines",
    "shipments": "shipments",
    "slip_lines": "packing_slip_lines",
    "manifest_lines": "manifest_lines",
    "customs_declarations": "customs_declarations",
}


def night_frames(work: Path, business_date: date) -> dict[str, pl.DataFrame]:
    """The date's fulfillment tables from the work folder's published warehouse."""
    with duckdb.connect(str(work / "warehouse.duckdb"), read_only=True) as con:
        return {
            name: con.sql(
                f"select * from oms.{table} where business_date = $d",  # noqa: S608
                params={"d": business_date},
            ).pl()
            for name, table in TABLES.items()
        }


NAMES = (
    "Γιώργος Παπαδόπουλος",
    "Дмитрий Иванов",
    "محمد عبد الله",
    "שרה כהן",
    "张伟",
    "Ana 🦄 Lima",
)
"""Ship-to names of a mixed-script night (`--mixed`): Greek, Cyrillic, Arabic, Hebrew, Chinese
and one with an emoji no embedded font has."""


def mixed_scripts(shipments: pl.DataFrame, every: int) -> pl.DataFrame:
    """shipments with every every-th ship-to name replaced by one of `NAMES`, in turn, each
    made distinct by a number (customers' names differ: each is laid out once)."""
    n = pl.int_range(pl.len())
    name = pl.lit(pl.Series(NAMES)).get((n // every) % len(NAMES))
    return shipments.with_columns(
        ship_name=pl.when(n % every == 0)
        .then(pl.concat_str([name, (n // every).cast(pl.String)], separator=" "))
        .otherwise("ship_name")
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("work", type=Path, help="a bench.run work folder")
    parser.add_argument("--date", type=date.fromisoformat, default=date(2026, 11, 20))
    parser.add_argument("--warehouses", type=int, default=0, help="only the first N (0: all)")
    parser.add_argument(
        "--processes", type=int, default=worker_processes(), help="worker processes per warehouse"
    )
    parser.add_argument(
        "--mixed",
        type=int,
        default=0,
        help="ship every N-th shipment to a name in another script (0: the night as it is)",
    )
    args = parser.parse_args()
    warehouses = pl.read_csv(args.work / "landing" / "reference" / "warehouses.csv")
    frames = night_frames(args.work, args.date)
    if args.mixed:
        frames["shipments"] = mixed_scripts(frames["shipments"], args.mixed)
    parts = frames_per_warehouse(warehouses, **frames)
    if args.warehouses:
        parts = parts[: args.warehouses]
    total = 0.0
    cpu = _cpu_seconds()
    with tempfile.TemporaryDirectory() as folder:
        for part in parts:
            warehouse_id = part["warehouse"]["warehouse_id"].item()
            started = time.perf_counter()
            paths = write_warehouse_documents(
                Path(folder) / warehouse_id,
                business_date=args.date,
                **part,
                processes=args.processes,
            )
            seconds = time.perf_counter() - started
            total += seconds
            size = sum(p.stat().st_size for p in paths) / 2**20
            print(
                f"{warehouse_id}: {seconds:.1f} s, {part['shipments'].height:,} shipments, "
                f"{size:.0f} MB"
            )
    print(f"all warehouses: {total:.1f} s, CPU {_cpu_seconds() - cpu:.1f} s")


def _cpu_seconds() -> float:
    """CPU time of this process and its finished worker processes."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    workers = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + workers.ru_utime + workers.ru_stime


if __name__ == "__main__":
    main()
