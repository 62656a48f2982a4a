"""What-if nights: a night run again on a copy, with other settings, and what it would change.

`oms simulate --date D --strategy cost` copies the published database (the state after the last
whole night) and the landing files of D into a folder of its own, runs the nightly job there on a
Dagster instance of its own, and compares the copy's D with the real one. Nothing of the real
deployment is opened for writing: the database is copied byte for byte, landing files are read,
and the run's every path points into the simulation folder.

The copy is marked as a simulation (`oms_meta.simulation`), which is what lets it re-run a closed
date: the real database never carries the mark, so its closed dates stay closed.
"""

from __future__ import annotations

import shutil
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

import duckdb
import polars as pl

from pipelines.settings import site_environment
from resources.landing import is_date_folder
from resources.warehouse import fetch


@dataclass(frozen=True)
class Simulation:
    """The folder of one what-if night: its landing copy, database, outputs and instance."""

    root: Path
    business_date: date

    @property
    def landing(self) -> Path:
        return Path(site_environment(self.root)["OMS_LANDING"])

    @property
    def warehouse(self) -> Path:
        return Path(site_environment(self.root)["OMS_WAREHOUSE"])


def prepare(
    business_date: date,
    *,
    landing: Path,
    published: Path,
    safety_stock: Path | None = None,
) -> Simulation:
    """A simulation folder beside the working database, holding a copy of the published database
    (marked as a simulation, in the working place the pipeline writes) and of the landing files
    the night reads: the reference files and every `<date>` folder of D (safety_stock, when
    given, replaces reference/safety_stock.csv)."""
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%f")
    simulation = Simulation(
        published.parent / ".work" / "simulations" / f"{business_date}-{stamp}", business_date
    )
    working = simulation.root / ".work" / simulation.warehouse.name
    working.parent.mkdir(parents=True)
    if not published.exists():
        raise FileNotFoundError(f"{published}: no night has been published yet to simulate on")
    shutil.copyfile(published, working)
    with duckdb.connect(str(working)) as con:
        con.execute("create schema if not exists oms_meta")
        con.execute(
            "create table oms_meta.simulation as select ?::varchar as copied_from", [str(published)]
        )
    _copy_landing(landing, simulation.landing, business_date)
    if safety_stock is not None:
        shutil.copyfile(safety_stock, simulation.landing / "reference" / "safety_stock.csv")
    return simulation


def _copy_landing(source: Path, target: Path, business_date: date) -> None:
    """reference/ and each folder named D at any depth (orders/<channel>/D, inventory/D, …);
    links are not followed (the pipeline refuses them in the real landing area anyway)."""
    shutil.copytree(source / "reference", target / "reference", symlinks=True)
    for folder in source.rglob(business_date.isoformat()):
        if folder.is_dir() and not folder.is_symlink() and is_date_folder(folder.name):
            destination = target / folder.relative_to(source)
            shutil.copytree(folder, destination, symlinks=True)


def compare(real: Path, simulated: Path, business_date: date) -> dict[str, pl.DataFrame]:
    """The night of `business_date` in the real and the simulated database, side by side:
    `by_channel` (units ordered and allocated, fill, carrier cost, split orders), `by_warehouse`
    (units, shipments, cost) and `changed_orders` (orders whose lines went elsewhere or got other
    units, with the simulated explanation of each changed line)."""
    nights = {
        side: _night(path, business_date)
        for side, path in (("real", real), ("simulated", simulated))
    }
    return {
        "by_channel": _side_by_side(nights, "by_channel", ["channel"]),
        "by_warehouse": _side_by_side(nights, "by_warehouse", ["warehouse_id"]),
        "changed_orders": _changed_orders(nights["real"]["lines"], nights["simulated"]["lines"]),
    }


def _night(database: Path, business_date: date) -> dict[str, pl.DataFrame]:
    with duckdb.connect(str(database), read_only=True) as con:
        night = {"business_date": business_date}
        lines = fetch(
            con,
            """
            select channel, channel_order_id, line_no, sku, ordered, allocated, warehouses, rule,
                explanation
            from oms.allocation_explanations
            where business_date = $business_date
            """,
            **night,
        )
        shipments = fetch(
            con,
            """
            select channel, channel_order_id, warehouse_id, units, coalesce(cost, 0) as cost
            from oms.shipments
            where business_date = $business_date and status = 'ready'
            """,
            **night,
        )
    split_orders = shipments.group_by("channel", "channel_order_id").agg(
        split=pl.col("warehouse_id").n_unique() > 1
    )
    by_channel = (
        lines.group_by("channel")
        .agg(units_ordered=pl.col("ordered").sum(), units_allocated=pl.col("allocated").sum())
        .join(
            shipments.group_by("channel").agg(cost=pl.col("cost").sum()), on="channel", how="left"
        )
        .join(
            split_orders.group_by("channel").agg(split_orders=pl.col("split").sum()),
            on="channel",
            how="left",
        )
        .with_columns(fill=(pl.col("units_allocated") / pl.col("units_ordered")).round(4))
    )
    by_warehouse = shipments.group_by("warehouse_id").agg(
        units=pl.col("units").sum(), shipments=pl.len(), cost=pl.col("cost").sum()
    )
    return {"lines": lines, "by_channel": by_channel, "by_warehouse": by_warehouse}


def _side_by_side(
    nights: Mapping[str, Mapping[str, pl.DataFrame]], name: str, keys: list[str]
) -> pl.DataFrame:
    real, simulated = nights["real"][name], nights["simulated"][name]
    figures = [c for c in real.columns if c not in keys]
    return (
        real.join(simulated, on=keys, how="full", coalesce=True, suffix="_simulated")
        .select(
            *keys,
            *(
                expression
                for column in figures
                for expression in (
                    pl.col(column),
                    pl.col(f"{column}_simulated"),
                    (pl.col(f"{column}_simulated") - pl.col(column)).alias(f"{column}_change"),
                )
            ),
        )
        .sort(keys)
    )


def _changed_orders(real: pl.DataFrame, simulated: pl.DataFrame) -> pl.DataFrame:
    line = ["channel", "channel_order_id", "line_no"]
    both = real.join(simulated, on=line, how="full", coalesce=True, suffix="_simulated")
    changed = both.filter(
        pl.col("allocated").ne_missing(pl.col("allocated_simulated"))
        | pl.col("warehouses").ne_missing(pl.col("warehouses_simulated"))
    )
    return changed.select(
        *line,
        "sku",
        "ordered",
        "allocated",
        "allocated_simulated",
        "warehouses",
        "warehouses_simulated",
        pl.col("rule"),
        pl.col("rule_simulated"),
        pl.col("explanation_simulated").alias("simulated_explanation"),
    ).sort(line)


def report(differences: Mapping[str, pl.DataFrame], simulation: Simulation) -> Path:
    """The comparison as CSV files and a short text summary in the simulation folder."""
    folder = simulation.root / "report"
    folder.mkdir(exist_ok=True)
    for name, frame in differences.items():
        frame.write_csv(folder / f"{name}.csv")
    return folder
