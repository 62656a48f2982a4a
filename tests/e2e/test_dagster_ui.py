"""The UI as operations see it: a real `dagster dev`, the asset graph in Chromium, a backfill of
five dates."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest

from tests.conftest import make_site
from tests.e2e.dagster_dev import dagster_dev, launch_nightly_backfill, wait_for_backfill
from tests.e2e.nights import (
    CANCELLING_NIGHTS,
    assert_same_nights,
    cancelled_after_allocation,
    run_nights,
)

pytestmark = pytest.mark.e2e

CHROMIUM = Path("/usr/bin/chromium")
LAST_DAY = date(2026, 11, 20)
FIVE_DAYS = [LAST_DAY - timedelta(days=4 - i) for i in range(5)]
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="module")
def ui(tmp_path_factory):
    root = tmp_path_factory.mktemp("ui")
    site = make_site(root / "site", days=5, end_date=LAST_DAY, orders_per_day=CANCELLING_NIGHTS)
    with dagster_dev(site, root / "dagster_home") as base:
        yield site, base, root


@pytest.mark.skipif(
    not CHROMIUM.exists(),
    reason=(
        "needs Debian's Chromium at /usr/bin/chromium: `apt-get install chromium` "
        "(.ci/run installs it)"
    ),
)
def test_the_asset_graph_shows_every_stage_in_the_browser(ui):
    from playwright.sync_api import sync_playwright

    _, base, root = ui
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_FLAGS)
        page = browser.new_page(viewport={"width": 1600, "height": 1000})
        page.goto(f"{base}/asset-groups", wait_until="networkidle")
        for group in ("ingest", "inventory", "allocation", "fulfillment", "documents", "reporting"):
            page.get_by_text(group, exact=True).first.wait_for(timeout=30_000)
        page.screenshot(path=str(root / "asset-graph.png"))
        page.goto(f"{base}/jobs/nightly", wait_until="networkidle")
        page.get_by_text("nightly").first.wait_for(timeout=30_000)
        browser.close()


def test_a_backfill_of_five_dates_launched_through_the_api_equals_five_sequential_runs(
    ui, tmp_path
):
    site, base, _ = ui
    statuses = wait_for_backfill(
        base, launch_nightly_backfill(base, [d.isoformat() for d in FIVE_DAYS])
    )
    assert statuses == {d.isoformat(): "SUCCESS" for d in FIVE_DAYS} | {
        "backfill": "COMPLETED_SUCCESS"
    }

    sequential = make_site(
        tmp_path / "sequential", days=5, end_date=LAST_DAY, orders_per_day=CANCELLING_NIGHTS
    )
    run_nights(sequential, FIVE_DAYS)
    assert any(not cancelled_after_allocation(sequential, d).is_empty() for d in FIVE_DAYS[1:])
    assert_same_nights(site, sequential)
