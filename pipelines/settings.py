"""The embedded defaults: where things live when no environment variable says otherwise."""

from __future__ import annotations

import os
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
