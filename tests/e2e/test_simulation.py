"""What-if nights: `oms simulate` runs a night again on a copy and never writes the real one."""

from __future__ import annotations

import hashlib
import subprocess
import sys
from pathlib import Path

import polars as pl
import pytest

from pipelines.demo.carrier_scans import write_carrier_scans
from tests.conftest import FIRST_DAY, SECOND_DAY, Site, make_site
from tests.e2e.dagster_dev import REPO, site_environment
from tests.e2e.nights import run_night

pytestmark = pytest.mark.e2e


def _fingerprint(*roots: Path) -> dict[str, str]:
    """Every file under the roots by its bytes, the simulations' own folder left out."""
    return {
        str(path): hashlib.sha256(path.read_bytes()).hexdigest()
        for root in roots
        for path in sorted(root.rglob("*"))
        if path.is_file() and "simulations" not in path.parts
    }


def _simulate(site: Site, home: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "pipelines.cli", "simulate", *args],
        cwd=REPO,
        env=site_environment(site, home),
        capture_output=True,
        text=True,
        timeout=900,
    )


def test_a_simulated_night_reports_its_changes_and_leaves_the_real_site_byte_identical(tmp_path):
    site = make_site(tmp_path / "site", orders_per_day=150)
    run_night(site, FIRST_DAY)
    write_carrier_scans(site.output, site.landing, FIRST_DAY)  # the first night is closed
    run_night(site, SECOND_DAY)
    before = _fingerprint(site.root)

    ran = _simulate(
        site, tmp_path / "home", "--date", FIRST_DAY.isoformat(), "--strategy", "cheapest"
    )

    assert ran.returncode == 0, ran.stdout + ran.stderr
    assert _fingerprint(site.root) == before
    (report,) = (site.root / ".work" / "simulations").glob("*/report")
    by_channel = pl.read_csv(report / "by_channel.csv")
    assert {"units_allocated", "units_allocated_simulated", "cost_change"} <= set(
        by_channel.columns
    )
    assert by_channel["units_ordered"].to_list() == by_channel["units_ordered_simulated"].to_list()
    changed = pl.read_csv(report / "changed_orders.csv")
    assert f"{changed.select('channel', 'channel_order_id').unique().height} order(s)" in ran.stdout


def test_a_setting_that_is_not_one_is_refused_before_anything_is_copied(tmp_path):
    site = make_site(tmp_path / "site", days=1, end_date=FIRST_DAY, orders_per_day=30)
    run_night(site, FIRST_DAY)
    ran = _simulate(site, tmp_path / "home", "--date", FIRST_DAY.isoformat(), "--set", "nonsense")
    assert ran.returncode == 2
    assert "expected FIELD=VALUE" in ran.stderr
    assert not (site.root / ".work" / "simulations").exists()
