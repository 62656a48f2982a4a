"""The embedded defaults: where things live when no environment variable says otherwise."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent

DEFAULTS = {
    "OMS_LANDING": "data/landing",
    "OMS_WAREHOUSE": "data/warehouse.duckdb",
    "OMS_OUTPUT": "data/out",
    "OMS_ALERTS": "data/out/alerts",
    "DAGSTER_HOME": ".dagster",
}


def apply_defaults(root: Path = REPO_ROOT) -> dict[str, str]:
    """Set each unset variable to its default under `root` (absolute, so any working directory
    works).

    Called by the `oms` command at start-up, never at import time, so tests and deployments stay
    free to configure everything themselves.
    """
    for name, relative in DEFAULTS.items():
        value = os.environ.get(name) or str(root / relative)
        os.environ[name] = str(Path(value).resolve())
    home = Path(os.environ["DAGSTER_HOME"])
    home.mkdir(parents=True, exist_ok=True)
    instance_config = home / "dagster.yaml"
    if not instance_config.exists():
        instance_config.write_text((root / "dagster.yaml").read_text())
    return {name: os.environ[name] for name in DEFAULTS}


def site_environment(root: Path) -> dict[str, str]:
    """The variables of a deployment kept whole under `root` (a simulation, a warm-up)."""
    return {
        "OMS_LANDING": str(root / "landing"),
        "OMS_WAREHOUSE": str(root / "warehouse.duckdb"),
        "OMS_OUTPUT": str(root / "out"),
        "OMS_ALERTS": str(root / "out" / "alerts"),
        "DAGSTER_HOME": str(root / "dagster"),
    }


@contextmanager
def scratch_environment(root: Path, *, first_date: date) -> Iterator[None]:
    """This process's environment pointing at the deployment under `root` while the block runs,
    its Dagster home set up as `apply_defaults` sets one up, its first business date given."""
    environment = site_environment(root) | {"OMS_FIRST_DATE": first_date.isoformat()}
    home = Path(environment["DAGSTER_HOME"])
    home.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(REPO_ROOT / "dagster.yaml", home / "dagster.yaml")
    saved = {name: os.environ.get(name) for name in environment}
    os.environ.update(environment)
    try:
        yield
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value
