"""A real `dagster dev` (webserver + daemon) on 127.0.0.1 against a test site, and its GraphQL
API."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from tests.conftest import Site

REPO = Path(__file__).resolve().parents[2]


def site_environment(site: Site, dagster_home: Path) -> dict[str, str]:
    dagster_home.mkdir(parents=True, exist_ok=True)
    (dagster_home / "dagster.yaml").write_text((REPO / "dagster.yaml").read_text())
    return os.environ | {
        "OMS_LANDING": str(site.landing),
        "OMS_WAREHOUSE": str(site.warehouse_path),
        "OMS_OUTPUT": str(site.output),
        "OMS_ALERTS": str(site.output / "alerts"),
        "DAGSTER_HOME": str(dagster_home),
    }


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def dagster_dev(site: Site, dagster_home: Path, *, timeout: float = 120) -> Iterator[str]:
    """Start `dagster dev` bound to 127.0.0.1; yield its base URL; stop it (whole process group)
    after."""
    port = _free_port()
    log = open(dagster_home.parent / "dagster-dev.log", "w")  # noqa: SIM115 - closed below
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "dagster",
            "dev",
            "-h",
            "127.0.0.1",
            "-p",
            str(port),
            "-w",
            "workspace.yaml",
        ],
        cwd=REPO,
        env=site_environment(site, dagster_home),
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + timeout
        while True:
            try:
                urllib.request.urlopen(f"{base}/server_info", timeout=2).close()
                break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"dagster dev did not start; see {log.name}") from None
                time.sleep(1)
        yield base
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
        log.close()


def graphql(base: str, query: str, variables: dict | None = None) -> dict:
    request = urllib.request.Request(
        f"{base}/graphql",
        data=json.dumps({"query": query, "variables": variables or {}}).encode(),
        headers={"Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=60) as response:
        payload = json.load(response)
    assert "errors" not in payload, payload
    return payload["data"]


LAUNCH_BACKFILL = """
mutation ($params: LaunchBackfillParams!) {
  launchPartitionBackfill(backfillParams: $params) {
    __typename
    ... on LaunchBackfillSuccess { backfillId }
    ... on PythonError { message }
  }
}
"""

BACKFILL_STATUS = """
query ($id: String!) {
  partitionBackfillOrError(backfillId: $id) {
    ... on PartitionBackfill { status partitionStatuses { results { partitionName runStatus } } }
  }
}
"""


def launch_nightly_backfill(base: str, dates: Sequence[str]) -> str:
    params = {
        "selector": {
            "partitionSetName": "nightly_partition_set",
            "repositorySelector": {
                "repositoryName": "__repository__",
                "repositoryLocationName": "pipelines.definitions",
            },
        },
        "partitionNames": list(dates),
    }
    result = graphql(base, LAUNCH_BACKFILL, {"params": params})["launchPartitionBackfill"]
    assert result["__typename"] == "LaunchBackfillSuccess", result
    return result["backfillId"]


def wait_for_backfill(base: str, backfill_id: str, *, timeout: float = 600) -> dict[str, str]:
    """Poll until the backfill ends; return each date's run status."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        status = graphql(base, BACKFILL_STATUS, {"id": backfill_id})["partitionBackfillOrError"]
        if status["status"] not in ("REQUESTED",):
            results = status["partitionStatuses"]["results"]
            return {r["partitionName"]: r["runStatus"] for r in results} | {
                "backfill": status["status"]
            }
        time.sleep(2)
    raise TimeoutError(f"backfill {backfill_id} still running after {timeout} s")
