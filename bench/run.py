"""`make bench`: how far one machine goes. Generates a landing area, runs nights, prints where
time goes.

    .venv/bin/python -m bench.run --orders 1000000 --name black-friday-1m   (the night users run)
    .venv/bin/python -m bench.run --orders 1000000 --without-pdfs --name data-1m
    .venv/bin/python -m bench.run --orders 20000 --nights 30 --name history-30   (memory)

Per stage: wall time, rows written, peak RSS while the stage ran; the floor (DuckDB reading every
input file once) and the run's ratio to it. Results go to bench/results/<name>.json for comparison
between commits.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import threading
import time
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

import dagster as dg
import duckdb
import psutil

RESULTS = Path(__file__).resolve().parent / "results"


@dataclass
class RssSampler:
    """Samples this process's RSS every 20 ms, so each stage's peak can be read off its time
    window."""

    samples: list[tuple[float, int]] = field(default_factory=list)
    _stop: threading.Event = field(default_factory=threading.Event)

    def __enter__(self) -> RssSampler:
        process = psutil.Process()

        def sample() -> None:
            while not self._stop.is_set():
                self.samples.append((time.time(), process.memory_info().rss))
                time.sleep(0.02)

        self._thread = threading.Thread(target=sample, daemon=True)
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()

    def peak(self, start: float = 0.0, end: float = float("inf")) -> int:
        return max((rss for t, rss in self.samples if start <= t <= end), default=0)


def read_floor_seconds(landing: Path, business_date: date) -> float:
    """Time for DuckDB to read every order and stock file of the date once, as text: the I/O
    floor."""
    files = sorted(p for p in (landing / "orders").glob(f"*/{business_date}/*") if p.is_file())
    files += sorted((landing / "inventory" / business_date.isoformat()).glob("*.csv"))
    started = time.perf_counter()
    with duckdb.connect() as con:
        for path in files:
            bound = {"path": str(path)}
            if path.suffix == ".parquet":
                con.sql("select count(*) from read_parquet($path)", params=bound).fetchall()
            elif path.suffix == ".jsonl":
                con.sql(
                    "select count(*) from read_json($path, format='newline_delimited')",
                    params=bound,
                ).fetchall()
            else:
                con.sql(
                    "select count(*) from read_csv($path, all_varchar=true, header=false, "
                    "ignore_errors=true, strict_mode=false)",
                    params=bound,
                ).fetchall()
    return time.perf_counter() - started


def nightly_job() -> dg.JobDefinition:
    """The code location's nightly job, for `dg.reconstructable`."""
    from pipelines.definitions import defs

    return defs.resolve_job_def("nightly")


def run_night(business_date: date, *, render_pdfs: bool, sampler: RssSampler) -> dict:
    from resources.stage import StageIOManager

    started = time.time()
    instance = dg.DagsterInstance.ephemeral()
    # As a launched run executes (not `execute_in_process`, which keeps every step's output in
    # memory for its result: the frames the fan-out steps hand over would count in peak RSS).
    result = dg.execute_job(
        dg.reconstructable(nightly_job),
        instance=instance,
        tags={"dagster/partition": business_date.isoformat()},
        run_config={
            "loggers": {"console": {"config": {"log_level": "WARNING"}}},
            "resources": {"fulfillment_settings": {"config": {"render_pdfs": render_pdfs}}},
        },
        raise_on_error=True,
    )
    wall = time.time() - started
    # the stage files (frames handed between steps) go once the night succeeded, as in production
    StageIOManager(warehouse_path=os.environ["OMS_WAREHOUSE"]).discard_runs([result.run_id])
    starts: dict[str, float] = {}
    stages = []
    rows: dict[str, int] = {}
    for entry in instance.all_logs(result.run_id):
        event = entry.dagster_event
        if event is None:
            continue
        if event.event_type == dg.DagsterEventType.STEP_START:
            starts[event.step_key] = entry.timestamp
        elif event.event_type == dg.DagsterEventType.ASSET_MATERIALIZATION:
            materialization = event.event_specific_data.materialization
            count = materialization.metadata.get("dagster/row_count")
            if count is not None:
                rows[materialization.asset_key.to_user_string()] = int(count.value)
        elif event.event_type == dg.DagsterEventType.STEP_SUCCESS:
            start, end = starts[event.step_key], entry.timestamp
            stages.append(
                {
                    "stage": event.step_key,
                    "seconds": round(end - start, 2),
                    "peak_rss_mb": round(sampler.peak(start, end) / 2**20),
                }
            )
    return {"wall_seconds": round(wall, 2), "stages": stages, "rows": rows}


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--orders", type=int, default=1_000_000, help="orders per night")
    parser.add_argument("--skus", type=int, default=50_000)
    parser.add_argument(
        "--nights", type=int, default=1, help="consecutive nights to run (history growth)"
    )
    parser.add_argument(
        "--without-pdfs",
        action="store_true",
        help="the night without its PDFs (CSVs only), to see the data work alone",
    )
    parser.add_argument("--name", default=None)
    parser.add_argument("--work", type=Path, default=Path("bench/work"))
    args = parser.parse_args()
    name = args.name or f"{args.orders}-orders-{args.nights}-nights"

    work = args.work.resolve() / name
    os.environ["OMS_LANDING"] = str(work / "landing")
    os.environ["OMS_WAREHOUSE"] = str(work / "warehouse.duckdb")
    os.environ["OMS_OUTPUT"] = str(work / "out")
    for leftover in (work / "warehouse.duckdb", work / ".work" / "warehouse.duckdb"):
        leftover.unlink(missing_ok=True)

    from pipelines.demo.carrier_scans import write_carrier_scans
    from pipelines.demo.generate import generate_landing

    last = date(2026, 11, 20)
    started = time.perf_counter()
    generate_landing(
        work / "landing",
        days=args.nights,
        orders_per_day=args.orders,
        seed=11,
        end_date=last,
        n_skus=args.skus,
    )
    generate_seconds = time.perf_counter() - started
    print(f"generated {args.nights} x {args.orders:,} orders in {generate_seconds:.1f} s")

    nights = []
    with RssSampler() as sampler:
        for offset in range(args.nights):
            business_date = last - timedelta(days=args.nights - 1 - offset)
            night = run_night(business_date, render_pdfs=not args.without_pdfs, sampler=sampler)
            # the carrier scans the night's manifests, as in production: reservations are released
            write_carrier_scans(work / "out", work / "landing", business_date)
            night["date"] = business_date.isoformat()
            night["peak_rss_mb"] = max(s["peak_rss_mb"] for s in night["stages"])
            nights.append(night)
            print(
                f"night {business_date}: {night['wall_seconds']:.1f} s, "
                f"peak RSS {night['peak_rss_mb']} MB"
            )
        last_night = nights[-1]
        floor = read_floor_seconds(work / "landing", last)

    print()
    # step keys: `stage__<channel>_orders`, `files__warehouse_documents.render_…[<warehouse>]`
    width = max([44, *(len(stage["stage"]) for stage in last_night["stages"])])
    print(f"{'stage':<{width}} {'seconds':>8} {'peak RSS MB':>12}")
    for stage in last_night["stages"]:
        print(f"{stage['stage']:<{width}} {stage['seconds']:>8.2f} {stage['peak_rss_mb']:>12}")
    documents = sum(
        s["seconds"] for s in last_night["stages"] if "warehouse_documents" in s["stage"]
    )
    print(f"{'  of which documents (render steps)':<{width}} {documents:>8.2f}")
    what = "without PDFs" if args.without_pdfs else "documents included, as users run it"
    print(
        f"{'whole night (wall, incl. Dagster), ' + what:<{width}} "
        f"{last_night['wall_seconds']:>8.2f} {last_night['peak_rss_mb']:>12}"
    )
    print(f"{'floor: DuckDB reads every input file once':<{width}} {floor:>8.2f}")
    print(f"ratio night / floor: {last_night['wall_seconds'] / floor:.1f}x")
    print("rows written:", json.dumps(last_night["rows"]))
    if args.nights > 1:
        print(
            "per night (wall s, peak MB):", [(n["wall_seconds"], n["peak_rss_mb"]) for n in nights]
        )

    RESULTS.mkdir(parents=True, exist_ok=True)
    result = {
        "name": name,
        "orders_per_night": args.orders,
        "skus": args.skus,
        "nights": nights,
        "floor_seconds": round(floor, 2),
        "pdfs": not args.without_pdfs,
        "generate_seconds": round(generate_seconds, 1),
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version()},
    }
    (RESULTS / f"{name}.json").write_text(json.dumps(result, indent=2) + "\n")
    print(f"wrote {RESULTS / f'{name}.json'}")


if __name__ == "__main__":
    main()
