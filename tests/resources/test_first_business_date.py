"""The UI's partitions begin at the deployment's first landed night, and stay there."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def _partitions_start(tmp_path: Path, **env: str) -> str:
    """The first partition key of the code location, loaded as a fresh process would."""
    environment = {k: v for k, v in os.environ.items() if k != "OMS_FIRST_DATE"}
    environment |= {
        "OMS_LANDING": str(tmp_path / "landing"),
        "OMS_WAREHOUSE": str(tmp_path / "warehouse.duckdb"),
    } | env
    loaded = subprocess.run(
        [
            sys.executable,
            "-c",
            "from assets.partitions import business_day as d; print(d.start.date())",
        ],
        cwd=REPO,
        env=environment,
        capture_output=True,
        text=True,
        check=True,
    )
    return loaded.stdout.strip()


def _land(tmp_path: Path, *folders: str) -> None:
    for folder in folders:
        (tmp_path / "landing" / "orders" / folder).mkdir(parents=True)


def test_the_partitions_begin_at_the_first_night_the_landing_area_holds(tmp_path):
    _land(tmp_path, "shopify/2026-11-21", "amazon/2026-11-19", "amazon/notes", "ebay/2026-11-20")
    assert _partitions_start(tmp_path) == "2026-11-19"


def test_the_first_night_is_kept_when_its_folders_are_cleaned_out(tmp_path):
    _land(tmp_path, "shopify/2026-11-19", "shopify/2026-11-20")
    assert _partitions_start(tmp_path) == "2026-11-19"
    shutil.rmtree(tmp_path / "landing" / "orders" / "shopify" / "2026-11-19")
    assert _partitions_start(tmp_path) == "2026-11-19"
    assert (tmp_path / ".work" / "first_business_date").read_text() == "2026-11-19\n"


def test_oms_first_date_sets_the_first_partition(tmp_path):
    _land(tmp_path, "shopify/2026-11-19")
    assert _partitions_start(tmp_path, OMS_FIRST_DATE="2026-10-01") == "2026-10-01"


def test_a_deployment_with_nothing_landed_begins_yesterday_until_files_land(tmp_path):
    from datetime import UTC, datetime, timedelta

    yesterday = datetime.now(UTC).date() - timedelta(days=1)
    assert _partitions_start(tmp_path) == yesterday.isoformat()
    _land(tmp_path, "shopify/2026-11-19")
    assert _partitions_start(tmp_path) == "2026-11-19"


def test_a_night_before_the_first_business_date_is_refused_with_what_to_do(tmp_path):
    _land(tmp_path, "shopify/2026-11-19")
    environment = {k: v for k, v in os.environ.items() if k != "OMS_FIRST_DATE"}
    environment |= {
        "OMS_LANDING": str(tmp_path / "landing"),
        "OMS_WAREHOUSE": str(tmp_path / "warehouse.duckdb"),
        "OMS_OUTPUT": str(tmp_path / "out"),
        "DAGSTER_HOME": str(tmp_path / "home"),
    }
    ran = subprocess.run(
        [sys.executable, "-m", "pipelines.cli", "run", "--date", "2026-11-18"],
        cwd=REPO,
        env=environment,
        capture_output=True,
        text=True,
    )
    assert ran.returncode == 1
    assert "2026-11-18 is before the first business date, 2026-11-19" in ran.stdout
    assert "OMS_FIRST_DATE" in ran.stdout
