"""Two consecutive nights on a small generated landing area, end to end through Dagster."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import polars as pl
import pytest

from contracts.tables import table_ddl_files
from contracts.vocabulary import carrier_code
from tests.conftest import FIRST_DAY, SECOND_DAY, Site, make_site
from tests.e2e.nights import (
    CANCELLING_NIGHTS,
    TABLE_KEYS,
    cancelled_after_allocation,
    published_table,
    run_night,
    run_nights,
)

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def two_nights(tmp_path_factory) -> Site:
    site = make_site(tmp_path_factory.mktemp("two_nights"))
    run_nights(site, [FIRST_DAY, SECOND_DAY])
    return site


def test_every_analyst_table_has_rows_for_both_nights(two_nights):
    for table in TABLE_KEYS:
        dates = set(published_table(two_nights, table)["business_date"].to_list())
        if table in {"order_rejects", "backorders", "unmapped_services", "unmapped_listings"}:
            continue  # may legitimately be empty on a night (the demo maps every method and SKU)
        assert dates == {FIRST_DAY, SECOND_DAY}, table


def test_every_input_row_is_accepted_rejected_or_an_unchanged_reexport(two_nights):
    files = published_table(two_nights, "ingested_files")
    accounted = (
        pl.col("lines_accepted")
        + pl.col("lines_rejected")
        + pl.col("lines_unchanged")
        + pl.col("rows_structural")
    )
    unbalanced = files.filter(pl.col("rows_read") != accounted)  # rejected files included
    assert unbalanced.height == 0, unbalanced
    # a row may carry several lines (WooCommerce packs items into one cell): count the rows they
    # came from
    rows_in_book = (
        published_table(two_nights, "order_lines")
        .group_by("business_date", "source_file")
        .agg(pl.col("source_row").n_unique().alias("rows"))
    )
    per_file = files.join(rows_in_book, on=["business_date", "source_file"], how="left")
    assert (per_file["rows"].fill_null(0) == per_file["lines_accepted"]).all(), per_file


def test_no_warehouse_promises_more_than_it_had_available(two_nights):
    allocated = (
        published_table(two_nights, "allocations")
        .group_by("business_date", "warehouse_id", "sku")
        .agg(pl.col("quantity").sum())
    )
    positions = published_table(two_nights, "inventory_positions")
    over = allocated.join(
        positions, on=["business_date", "warehouse_id", "sku"], how="left"
    ).filter(pl.col("quantity") > pl.col("available").fill_null(0))
    assert over.height == 0, over


def test_allocated_plus_backordered_equals_demand_per_line(two_nights):
    decisions = published_table(two_nights, "allocation_decisions")
    assert (decisions["allocated"] + decisions["backordered"] == decisions["ordered"]).all()
    backorders = published_table(two_nights, "backorders")
    owed = decisions.filter(pl.col("backordered") > 0).select(
        "business_date",
        "channel",
        "channel_order_id",
        "line_no",
        pl.col("backordered").alias("quantity"),
    )
    assert owed.sort(owed.columns).equals(backorders.select(owed.columns).sort(owed.columns))


def test_every_decision_is_explained_in_words_in_the_published_warehouse(two_nights):
    decisions = published_table(two_nights, "allocation_decisions")
    explanations = published_table(two_nights, "allocation_explanations")
    assert explanations.height == decisions.height > 0
    assert explanations["explanation"].null_count() == 0
    backordered = explanations.filter(pl.col("rule") == "out_of_stock")
    assert backordered["explanation"].str.contains("available").all()


def test_yesterdays_backorders_lead_tonights_demand(two_nights):
    first_backorders = published_table(two_nights, "backorders").filter(
        pl.col("business_date") == FIRST_DAY
    )
    second_decisions = published_table(two_nights, "allocation_decisions").filter(
        pl.col("business_date") == SECOND_DAY
    )
    carried = first_backorders.join(
        second_decisions, on=["channel", "channel_order_id", "line_no"], how="anti"
    )
    orders = published_table(two_nights, "orders").filter(pl.col("business_date") == SECOND_DAY)
    # a backorder leaves the queue only when its order changed or was cancelled on the second day
    unexplained = carried.join(orders, on=["channel", "channel_order_id"], how="anti")
    assert unexplained.height == 0, unexplained


def test_units_picked_equal_units_allocated_equal_units_manifested(two_nights):
    shipments = published_table(two_nights, "shipments").filter(pl.col("status") == "ready")
    allocations = published_table(two_nights, "allocations").join(
        shipments.select("business_date", "shipment_id"), on=["business_date", "shipment_id"]
    )
    picked = published_table(two_nights, "pick_list_lines")
    packages = published_table(two_nights, "shipment_packages").join(
        published_table(two_nights, "manifest_lines")
        .select("business_date", "package_id")
        .unique(),
        on=["business_date", "package_id"],
    )

    def units(frame: pl.DataFrame, column: str = "quantity") -> pl.DataFrame:
        return (
            frame.join(
                shipments.select("business_date", "shipment_id", "warehouse_id"),
                on=["business_date", "shipment_id"],
                suffix="_s",
            )
            .group_by("business_date", "warehouse_id")
            .agg(pl.col(column).sum())
            .sort("business_date", "warehouse_id")
        )

    assert units(allocations.drop("warehouse_id")).equals(units(picked.drop("warehouse_id")))
    assert units(allocations.drop("warehouse_id")).equals(units(packages))


def test_pick_lists_and_manifests_are_written_per_warehouse(two_nights):
    for business_date in (FIRST_DAY, SECOND_DAY):
        shipments = published_table(two_nights, "shipments").filter(
            (pl.col("business_date") == business_date) & (pl.col("status") == "ready")
        )
        for warehouse_id in shipments["warehouse_id"].unique():
            folder = two_nights.output / business_date.isoformat() / warehouse_id
            assert (folder / "pick-lists.csv").exists()
            assert (folder / "pick-lists.pdf").exists()
            codes = (
                shipments.filter(pl.col("warehouse_id") == warehouse_id)
                .select(carrier_code(pl.col("carrier")))
                .to_series()
                .unique()
            )
            for code in codes:
                assert (folder / f"manifest-{code}.csv").exists(), (folder, code)
                assert (folder / f"manifest-{code}.pdf").exists(), (folder, code)


def test_kpis_match_the_tables_they_summarise(two_nights):
    kpis = published_table(two_nights, "daily_kpis")
    decisions = published_table(two_nights, "allocation_decisions")
    by_date = (
        decisions.group_by("business_date")
        .agg(pl.col("ordered").sum(), pl.col("allocated").sum())
        .sort("business_date")
    )
    assert kpis["units_ordered"].to_list() == by_date["ordered"].to_list()
    assert kpis["units_allocated"].to_list() == by_date["allocated"].to_list()
    assert all(0 < rate <= 1 for rate in kpis["fill_rate"])


def test_rerunning_a_night_replaces_its_rows_and_files_identically(tmp_path):
    site = make_site(tmp_path, orders_per_day=CANCELLING_NIGHTS)
    run_nights(site, [FIRST_DAY, SECOND_DAY])
    assert not cancelled_after_allocation(site, SECOND_DAY).is_empty()
    before = {table: published_table(site, table) for table in TABLE_KEYS}
    files_before = {
        p.relative_to(site.output): p.read_bytes() for p in site.output.rglob("*") if p.is_file()
    }
    run_night(site, SECOND_DAY)
    for table, frame in before.items():
        assert published_table(site, table).equals(frame), table
    rerun = published_table(site, "rerun_changes").filter(pl.col("business_date") == SECOND_DAY)
    tables = {path.name.removesuffix(".ddl.sql") for path in table_ddl_files()}
    assert set(rerun["table_name"]) == tables - {"partition_writes"}  # every table, in the ledger
    assert not rerun["changed"].any(), rerun.filter("changed")["table_name"].to_list()
    files_after = {
        p.relative_to(site.output): p.read_bytes() for p in site.output.rglob("*") if p.is_file()
    }
    assert files_after == files_before


def test_a_night_without_any_order_files_still_runs_and_serves_the_backlog(tmp_path):
    import shutil

    site = make_site(tmp_path)
    for folder in site.landing.glob(f"orders/*/{SECOND_DAY.isoformat()}"):
        shutil.rmtree(folder)
    run_nights(site, [FIRST_DAY, SECOND_DAY])
    kpis = published_table(site, "daily_kpis").filter(pl.col("business_date") == SECOND_DAY)
    assert kpis["orders"].to_list() == [0]
    carried = published_table(site, "backorders").filter(pl.col("business_date") == FIRST_DAY)
    assert kpis["units_ordered"].to_list() == [carried["quantity"].sum()]


def test_the_published_database_opens_in_the_duckdb_cli_and_runs_the_analysts_queries(two_nights):
    """The CLI analysts install (the `duckdb-cli` package, a release line older than the
    pipeline's DuckDB) opens the published file read-only and runs every query of the guide."""
    guide = (Path(__file__).parents[2] / "docs" / "analysts.md").read_text(encoding="utf-8")
    queries = re.findall(r"```sql\n(.*?)```", guide, flags=re.S)
    assert len(queries) >= 8
    cli = Path(sys.executable).with_name("duckdb")
    for query in queries:
        ran = subprocess.run(
            [str(cli), "-readonly", "-csv", str(two_nights.warehouse_path), "-c", query],
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert ran.returncode == 0 and not ran.stderr, (query, ran.stderr)
        assert ran.stdout.strip(), query  # its header at least


def test_nights_allocated_by_the_cheapest_strategy_pass_every_check_and_cost_no_more(tmp_path):
    """The whole job with `strategy: cheapest`, two nights: every blocking check green (run_night
    raises otherwise); on the first night, where both start from the same stock, the same units
    are served as by the zone rules, at no higher carrier cost (later nights start from other
    stock, so only their checks are compared)."""
    from resources.policies import AllocationSettings

    zone, cheapest = (make_site(tmp_path / name, orders_per_day=300) for name in ("z", "c"))
    for night in (FIRST_DAY, SECOND_DAY):
        run_night(zone, night)
        run_night(cheapest, night, allocation_settings=AllocationSettings(strategy="cheapest"))

    def first_night(site: Site, table: str) -> pl.DataFrame:
        return published_table(site, table).filter(pl.col("business_date") == FIRST_DAY)

    served = {
        s: first_night(s, "allocation_decisions")["allocated"].sum() for s in (zone, cheapest)
    }
    cost = {s: first_night(s, "shipments")["cost"].sum() for s in (zone, cheapest)}
    assert served[cheapest] == served[zone]
    assert cost[cheapest] <= cost[zone]
