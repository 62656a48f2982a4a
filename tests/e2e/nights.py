"""Running whole nights through Dagster, as the nightly job does, against a test site."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta
from pathlib import Path

import dagster as dg
import duckdb
import polars as pl

from pipelines.definitions import defs
from resources.stage import StageIOManager
from tests.conftest import Site

TABLE_KEYS = {
    "orders": ["channel", "channel_order_id", "version"],
    "order_lines": ["channel", "channel_order_id", "version", "line_no"],
    "order_rejects": ["source_file", "source_row", "rule"],
    "ingested_files": ["source_file"],
    "unmapped_services": ["channel", "service_name"],
    "unmapped_listings": ["channel", "listing_id"],
    "inventory_positions": ["warehouse_id", "sku"],
    "allocations": ["channel", "channel_order_id", "line_no", "sku", "warehouse_id"],
    "backorders": ["channel", "channel_order_id", "line_no"],
    "allocation_decisions": ["channel", "channel_order_id", "line_no"],
    "allocation_explanations": ["channel", "channel_order_id", "line_no"],
    "shipments": ["shipment_id"],
    "shipment_packages": ["package_id", "sku"],
    "pick_list_lines": ["pick_list_id", "sequence", "tote"],
    "packing_slip_lines": ["shipment_id", "line_no"],
    "manifest_lines": ["package_id"],
    "order_status_history": ["channel", "channel_order_id", "line_no", "sequence"],
    "daily_kpis": [],
}


CANCELLING_NIGHTS = 400
"""Orders a night at which the demo's cumulative Shopify export cancels orders allocated the
night before (at 150 it cancels none): the case that once made a re-run differ from the first
run, so every test that compares a re-run, a killed run or a backfill with a clean run uses it."""


def cancelled_after_allocation(site: Site, night: date) -> pl.DataFrame:
    """Orders cancelled on `night` that held units allocated the night before."""
    cancelled = published_table(site, "order_events").filter(
        (pl.col("business_date") == night) & (pl.col("event_type") == "cancelled")
    )
    allocated = published_table(site, "allocations").filter(
        pl.col("business_date") == night - timedelta(days=1)
    )
    return cancelled.join(allocated, on=["channel", "channel_order_id"], how="semi")


def night_resources(site: Site, **overrides: object) -> dict[str, object]:
    """The site's resources and the stage IO manager beside its warehouse (as the one-process
    location configures it), with overrides."""
    stage = StageIOManager(warehouse_path=str(site.warehouse_path), background_writes=True)
    return {"stage_io_manager": stage, **site.resources(**overrides)}


def run_night(
    site: Site, business_date: date, **resource_overrides: object
) -> dg.ExecuteInProcessResult:
    job = defs.resolve_job_def("nightly")
    result = job.execute_in_process(
        partition_key=business_date.isoformat(),
        resources=night_resources(site, **resource_overrides),
        instance=dg.DagsterInstance.ephemeral(),
        raise_on_error=True,
    )
    assert result.success
    return result


def run_nights(site: Site, dates: Iterable[date]) -> None:
    for business_date in dates:
        run_night(site, business_date)


def published_table(site: Site, table: str) -> pl.DataFrame:
    """A table as analysts see it, sorted by its natural key so two runs compare row for row."""
    with duckdb.connect(str(site.warehouse_path), read_only=True) as con:
        frame = con.sql(f"select * from oms.{table}").pl()
    keys = ["business_date", *TABLE_KEYS.get(table, [])]
    return frame.sort(keys, nulls_last=True) if frame.height else frame


def output_files(site: Site) -> dict[Path, bytes]:
    """Every published document and carrier file, by its path under the output folder."""
    return {
        path.relative_to(site.output): path.read_bytes()
        for path in site.output.rglob("*")
        if path.is_file() and "alerts" not in path.relative_to(site.output).parts
    }


def assert_same_nights(site: Site, reference: Site) -> None:
    """The same tables, row for row, and the same documents and carrier files, byte for byte."""
    for table in TABLE_KEYS:
        assert published_table(site, table).equals(published_table(reference, table)), table
    files, expected = output_files(site), output_files(reference)
    assert sorted(files) == sorted(expected)
    assert [name for name in files if files[name] != expected[name]] == []
