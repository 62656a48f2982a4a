"""Every guard fails on the night it guards against: each asset check is run on a real night,
then on the same night with one row broken the way the check exists to catch."""

from __future__ import annotations

import os
import shutil
import threading
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

import dagster as dg
import duckdb
import pytest

from assets import checks
from pipelines.definitions import STAGES, defs
from resources.landing import LandingExpectations
from resources.policies import IngestSettings
from tests.conftest import FIRST_DAY, Site, make_site
from tests.e2e.nights import night_resources, run_night

pytestmark = pytest.mark.e2e

ONE_ROW = "rowid = (select min(rowid) from oms.{table} where business_date = $night)"
BROKEN_NIGHTS = {
    "every_row_accounted_for": (
        "ingested_files",
        "update oms.ingested_files set rows_read = rows_read + 1 where " + ONE_ROW,
    ),
    "no_over_allocation": (
        "allocations",
        "update oms.allocations set quantity = quantity + 100000 where " + ONE_ROW,
    ),
    "lines_within_ordered": (
        "allocations",
        "update oms.allocations set ordered_units = ordered_units + 1 where " + ONE_ROW,
    ),
    "units_conserved": (
        "allocation_decisions",
        "update oms.allocation_decisions set allocated = allocated + 1 where " + ONE_ROW,
    ),
    "picked_equals_allocated_equals_manifested": (
        "pick_list_lines",
        "delete from oms.pick_list_lines where " + ONE_ROW,
    ),
    "customs_declarations_complete": (
        "customs_declarations",
        "update oms.customs_declarations set hs_code = null, missing = 'hs_code' where " + ONE_ROW,
    ),
    "every_service_mapped": (
        "unmapped_services",
        "insert into oms.unmapped_services "
        "values ($night, 'shopify', 'Pigeon Post', 'standard', 3, 2)",
    ),
    "every_listing_mapped": (
        "unmapped_listings",
        "insert into oms.unmapped_listings "
        "values ($night, 'ebay', '125923835709', 'Kodak Vision3 500T', 2, 3)",
    ),
    "every_line_read_as_written": (
        "ingest_warnings",
        "insert into oms.ingest_warnings values ($night, 'shopify', "
        "'orders/shopify/2026-09-17/orders_export.csv', 17, 'read_as_windows_1252', "
        "'line 17 is not valid UTF-8; read as Windows-1252')",
    ),
    "orders_landed": (
        "ingested_files",
        "delete from oms.ingested_files where business_date = $night",
    ),
    "no_rejected_files": (
        "ingested_files",
        "update oms.ingested_files set file_rejected_reason = 'not an export' where " + ONE_ROW,
    ),
}


@pytest.fixture(scope="module")
def night(tmp_path_factory: pytest.TempPathFactory) -> Site:
    site = make_site(tmp_path_factory.mktemp("guarded"), days=1, end_date=FIRST_DAY)
    run_night(site, FIRST_DAY)
    return site


def _copy(site: Site, root: Path) -> Site:
    shutil.copytree(site.root, root)
    return Site(root)


def _evaluate(site: Site, check_name: str) -> dg.AssetCheckEvaluation:
    """Run one check alone for the night, as the UI's "Execute" button on the check does."""
    all_checks = dg.load_asset_checks_from_modules([checks])
    check = next(c for c in all_checks if _name(c) == check_name)
    job = dg.define_asset_job("guard", selection=dg.AssetSelection.checks(check))
    guarded = dg.Definitions(
        assets=dg.load_assets_from_modules(STAGES),
        asset_checks=all_checks,
        jobs=[job],
        resources=night_resources(site),
    )
    # a job of checks alone has no assets to take a partitions definition from: the date goes in
    # as the run tag a partitioned run carries
    result = guarded.resolve_job_def("guard").execute_in_process(
        tags={"dagster/partition": FIRST_DAY.isoformat()},
        instance=dg.DagsterInstance.ephemeral(),
        raise_on_error=False,
    )
    (evaluation,) = result.get_asset_check_evaluations()
    return evaluation


def _name(check: dg.AssetChecksDefinition) -> str:
    (key,) = check.check_keys
    return key.name


def test_every_guard_names_a_broken_night():
    names = {_name(c) for c in dg.load_asset_checks_from_modules([checks])}
    assert names == set(BROKEN_NIGHTS)


@pytest.mark.parametrize("check_name", sorted(BROKEN_NIGHTS))
def test_a_guard_passes_a_sound_night(night: Site, check_name: str):
    assert _evaluate(night, check_name).passed


@pytest.mark.parametrize("check_name", sorted(BROKEN_NIGHTS))
def test_a_guard_fails_the_night_it_guards_against(night: Site, tmp_path: Path, check_name: str):
    broken = _copy(night, tmp_path / "broken")
    table, breakage = BROKEN_NIGHTS[check_name]
    with duckdb.connect(str(broken.root / ".work" / "warehouse.duckdb")) as con:
        con.execute(breakage.format(table=table), {"night": FIRST_DAY})
    evaluation = _evaluate(broken, check_name)
    assert not evaluation.passed
    assert evaluation.metadata["violations"].value >= 1


def test_over_allocation_is_caught_against_on_hand_when_netting_overstated_availability(
    night: Site, tmp_path: Path
):
    """A negative safety stock once made 1,000 units available where 4 were on hand: the check
    must compare with what was counted, not only with what netting computed."""
    broken = _copy(night, tmp_path / "broken")
    first_allocation = ONE_ROW.format(table="allocations")
    with duckdb.connect(str(broken.root / ".work" / "warehouse.duckdb")) as con:
        con.execute(
            "update oms.inventory_positions set available = available + 100000 "
            "where business_date = $night and (warehouse_id, sku) in "
            f"(select warehouse_id, sku from oms.allocations where {first_allocation})",
            {"night": FIRST_DAY},
        )
        con.execute(
            f"update oms.allocations set quantity = quantity + 100000 where {first_allocation}",
            {"night": FIRST_DAY},
        )
    assert not _evaluate(broken, "no_over_allocation").passed


GENERIC_HEADER = (
    "channel_order_id,placed_at,service_level,ship_name,ship_address1,ship_city,"
    "ship_region,ship_postal_code,ship_country,sku,quantity"
)


def _site_with_generic_file(root: Path, name: str, rows: list[str], header=GENERIC_HEADER) -> Site:
    """The demo's first night with one more generic-feed file of hand-written rows."""
    site = make_site(root / "site", days=1, end_date=FIRST_DAY)
    folder = site.landing / "orders" / "generic" / FIRST_DAY.isoformat()
    (folder / name).write_text("\n".join([header, *rows]) + "\n")
    return site


def _check(result: dg.ExecuteInProcessResult, name: str) -> dg.AssetCheckEvaluation:
    return next(e for e in result.get_asset_check_evaluations() if e.check_name == name)


def _rows(site: Site, sql: str) -> list[tuple]:
    """The rows a query returns from the site's warehouse, opened read-only; `$night` in it is
    the first day."""
    with duckdb.connect(str(site.warehouse_path), read_only=True) as con:
        return con.sql(sql, params={"night": FIRST_DAY} if "$night" in sql else None).fetchall()


def _night_then_rows(site: Site, *queries: str, **settings: object) -> tuple:
    """The first night's result, run with these ingest settings, then the rows of each query."""
    result = run_night(site, FIRST_DAY, ingest_settings=IngestSettings(**settings))
    return result, *(_rows(site, sql) for sql in queries)


def _assert_warned(result: dg.ExecuteInProcessResult, check_name: str) -> None:
    """The check failed as a warning: the night went on."""
    warning = _check(result, check_name)
    assert not warning.passed
    assert warning.severity == dg.AssetCheckSeverity.WARN


IMPLAUSIBLE_DATES = {
    "Z-0001": "0001-01-01T00:00:00Z",
    "Z-1900": "1900-01-01T00:00:00Z",
    "Z-2099": "2099-12-31T23:59:59Z",
    "Z-OLD": (FIRST_DAY - timedelta(days=10)).isoformat() + "T12:00:00Z",
}


def test_implausible_order_dates_are_held_and_every_row_is_still_accounted_for(tmp_path: Path):
    rows = [
        f"{order_id},{placed_at},standard,Ava,1 Main St,Boston,MA,02134,US,SKU-00000,3"
        for order_id, placed_at in IMPLAUSIBLE_DATES.items()
    ]
    site = _site_with_generic_file(tmp_path, "zz-dates.csv", rows)

    # an operator who expects no order older than a week says so in the ingest settings
    result, held, booked, allocated = _night_then_rows(
        site,
        "select channel_order_id, rule from oms.order_rejects where source_file like '%zz-dates%'",
        "select count(*) from oms.orders where channel_order_id like 'Z-%'",
        "select count(*) from oms.allocations where channel_order_id like 'Z-%'",
        placed_at_days_before=7,
    )

    assert _check(result, "every_row_accounted_for").passed
    assert sorted(held) == [(o, "implausible_placed_at") for o in sorted(IMPLAUSIBLE_DATES)]
    assert booked == [(0,)]
    assert allocated == [(0,)]


def test_an_unmapped_shipping_method_ships_at_the_default_and_warns_unless_strict(tmp_path: Path):
    placed_at = FIRST_DAY.isoformat() + "T09:00:00Z"
    rows = [
        f"P-1,{placed_at},Pigeon Post,Ava,1 Main St,Boston,MA,02134,US,SKU-00000,1",
        f"P-2,{placed_at},,Ava,1 Main St,Boston,MA,02134,US,SKU-00000,1",
    ]
    site = _site_with_generic_file(tmp_path, "zz-services.csv", rows)

    queries = (
        "select channel_order_id, service_level from oms.orders "
        "where channel_order_id like 'P-%' order by all",
        "select service_name, service_level, lines, orders from oms.unmapped_services "
        "where business_date = $night order by all",
    )

    result, booked, unmapped = _night_then_rows(site, *queries)
    _assert_warned(result, "every_service_mapped")
    assert booked == [("P-1", "standard"), ("P-2", "standard")]
    assert unmapped == [("Pigeon Post", "standard", 1, 1), (None, "standard", 1, 1)]

    result, booked, unmapped = _night_then_rows(site, *queries, strict_service_levels=True)
    assert booked == []
    assert unmapped == []
    rules = _rows(site, "select rule from oms.order_rejects where source_file like '%zz-services%'")
    assert rules == [("unknown_service_level",), ("unknown_service_level",)]


def test_a_line_exported_twice_is_one_line_and_every_row_is_still_accounted_for(tmp_path: Path):
    row = f"R-1,{FIRST_DAY.isoformat()}T09:00:00Z,standard,Ava,1 Main St,Boston,MA,02134,US,"
    row += "SKU-00000,2,T-1"
    header = GENERIC_HEADER + ",channel_line_id"
    site = _site_with_generic_file(tmp_path, "zz-repeats.csv", [row, row], header=header)

    result, lines, rejects, allocated = _night_then_rows(
        site,
        "select channel_line_id, quantity from oms.order_lines where channel_order_id = 'R-1'",
        "select source_row, rule from oms.order_rejects where source_file like '%zz-repeats%'",
        "select sum(quantity) from oms.allocations where channel_order_id = 'R-1'",
    )

    assert _check(result, "every_row_accounted_for").passed
    assert lines == [("T-1", 2)]
    assert rejects == [(2, "repeated_line")]
    assert allocated == [(2,)]  # never 4: the repeat is not a second line


def test_a_blank_sku_warns_until_its_listing_is_mapped_then_the_order_gets_in(tmp_path: Path):
    """The first night of a store without SKUs, then the same night once the merchant has
    filled reference/listings.csv from the night's report."""
    row = f"B-1,{FIRST_DAY.isoformat()}T09:00:00Z,standard,Ava,1 Main St,Boston,MA,02134,US,,2"
    header = GENERIC_HEADER + ",listing_id,listing_title"
    site = _site_with_generic_file(
        tmp_path, "zz-listings.csv", [row + ",MUG-LISTING-7,Blue mug"], header=header
    )

    queries = (
        "select sku, quantity from oms.order_lines where channel_order_id = 'B-1'",
        "select channel, listing_id, listing_title, lines, units "
        "from oms.unmapped_listings where business_date = $night",
    )

    result, booked, unmapped = _night_then_rows(site, *queries)
    _assert_warned(result, "every_listing_mapped")
    assert booked == []
    assert unmapped == [("generic", "MUG-LISTING-7", "Blue mug", 1, 2)]

    (site.landing / "reference" / "listings.csv").write_text(
        "channel,listing_id,sku\ngeneric,MUG-LISTING-7,SKU-00000\n"
    )
    result, booked, unmapped = _night_then_rows(site, *queries)
    assert _check(result, "every_listing_mapped").passed
    assert booked == [("SKU-00000", 2)]
    assert unmapped == []


PRIVATE_LINE = "root:$6$private-line-never-published"
OUTSIDE_ROW = f"OUT-1,{FIRST_DAY.isoformat()}T09:00:00Z,standard,Ava,1 Main St,Boston,MA,02134,US,"
OUTSIDE_ROW += "SKU-00000,1"


def _within(seconds: float, night: Callable[[], dg.ExecuteInProcessResult]):
    """The night run on a daemon thread: a read that blocks fails the test instead of hanging it."""
    outcome: list = []
    worker = threading.Thread(target=lambda: outcome.append(night()), daemon=True)
    worker.start()
    worker.join(seconds)
    assert outcome, f"the night did not finish within {seconds:.0f} s"
    return outcome[0]


def _all_published_text(site: Site) -> str:
    """Every value of every table of every database of the site, as text."""
    texts = []
    for database in site.root.rglob("*.duckdb"):
        with duckdb.connect(str(database), read_only=True) as con:
            tables = con.sql(
                "select table_schema, table_name from information_schema.tables"
            ).fetchall()
            for schema, table in tables:
                texts.append(str(con.sql(f'select * from "{schema}"."{table}"').fetchall()))
    return "\n".join(texts)


def test_a_hostile_landing_area_is_refused_recorded_and_leaks_nothing(tmp_path: Path, capfd):
    site = make_site(tmp_path / "site", days=1, end_date=FIRST_DAY)
    secret = tmp_path / "secret"
    secret.write_text(PRIVATE_LINE + "\n")
    secret.chmod(0o600)
    outside = tmp_path / "outside.csv"
    outside.write_text(f"{GENERIC_HEADER}\n{OUTSIDE_ROW}\n")
    generic = site.landing / "orders" / "generic"
    (generic / FIRST_DAY.isoformat() / "shadow.csv").symlink_to(secret)
    (generic / FIRST_DAY.isoformat() / "outside.csv").symlink_to(outside)
    os.mkfifo(generic / FIRST_DAY.isoformat() / "pipe.csv")
    (generic / "20261119").mkdir()
    (generic / "20261119" / "orders.csv").write_text(f"{GENERIC_HEADER}\n{OUTSIDE_ROW}\n")
    (site.landing / "orders" / "loose.csv").write_text(f"{GENERIC_HEADER}\n{OUTSIDE_ROW}\n")
    (site.landing / "inventory" / FIRST_DAY.isoformat() / "more.csv").symlink_to(secret)

    result = _within(120, lambda: run_night(site, FIRST_DAY))

    assert _check(result, "every_row_accounted_for").passed
    assert not _check(result, "no_rejected_files").passed  # a warning: the night went on
    refused = _rows(
        site,
        "select source_file, rule from oms.order_rejects where source_row is null "
        "and source_file similar to 'orders/(generic/.*|loose.csv)' order by all",
    )
    recorded = _rows(
        site,
        "select count(*) from oms.ingested_files where file_rejected_reason is not null "
        "and source_file in ('orders/generic/2026-11-19/shadow.csv', "
        "'orders/generic/2026-11-19/pipe.csv', 'orders/generic/20261119/orders.csv', "
        "'orders/loose.csv')",
    )
    stock = _rows(
        site, "select reason from oms.inventory_rejects where source_file like '%more.csv'"
    )
    booked = _rows(site, "select count(*) from oms.orders where channel_order_id = 'OUT-1'")
    assert refused == [
        ("orders/generic/2026-11-19/outside.csv", "outside_landing_area"),
        ("orders/generic/2026-11-19/pipe.csv", "not_a_regular_file"),
        ("orders/generic/2026-11-19/shadow.csv", "outside_landing_area"),
        ("orders/generic/20261119/orders.csv", "misplaced_file"),
        ("orders/loose.csv", "misplaced_file"),
    ]
    assert recorded == [(4,)]
    assert [reason.split(" is ")[0] for (reason,) in stock] == ["inventory/2026-11-19/more.csv"]
    assert booked == [(0,)]
    assert PRIVATE_LINE not in _all_published_text(site)
    logged = "".join(capfd.readouterr())  # the run's log lines, as Dagster prints them
    assert "RUN_SUCCESS" in logged and PRIVATE_LINE not in logged
    assert not any(PRIVATE_LINE in str(event) for event in result.all_events)


def test_an_unreadable_inventory_folder_fails_the_night_naming_it(
    tmp_path: Path, unreadable_folder
):
    site = make_site(tmp_path / "site", days=1, end_date=FIRST_DAY)
    unreadable_folder(site.landing / "inventory")

    result = defs.resolve_job_def("nightly").execute_in_process(
        partition_key=FIRST_DAY.isoformat(),
        resources=night_resources(site),
        instance=dg.DagsterInstance.ephemeral(),
        raise_on_error=False,
    )

    assert not result.success
    [failure] = [e for e in result.get_step_failure_events() if e.step_key == "net_inventory"]
    assert str(site.landing / "inventory") in failure.step_failure_data.error.message


def test_a_night_missing_an_expected_channel_fails_before_writing_when_files_are_due(
    tmp_path: Path,
):
    site = make_site(tmp_path / "site", days=1, end_date=FIRST_DAY)
    shutil.rmtree(site.landing / "orders" / "amazon" / FIRST_DAY.isoformat())
    due = LandingExpectations(expected_channels=["shopify", "amazon"], fail_when_missing=True)

    result = defs.resolve_job_def("nightly").execute_in_process(
        partition_key=FIRST_DAY.isoformat(),
        resources=night_resources(site, landing_expectations=due),
        instance=dg.DagsterInstance.ephemeral(),
        raise_on_error=False,
    )

    assert not result.success
    (failure,) = [e for e in result.all_events if e.is_step_failure]
    assert failure.step_key == "ingest_orders"
    assert f"orders/amazon/{FIRST_DAY}/" in str(failure.event_specific_data.error.message)
    assert not site.warehouse_path.exists()  # nothing published
    with duckdb.connect(str(site.root / ".work" / "warehouse.duckdb"), read_only=True) as con:
        assert con.sql("select count(*) from oms.orders").fetchall() == [(0,)]
