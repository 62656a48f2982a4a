"""Beyond one machine: Dagster's instance storage on PostgreSQL (dagster-postgres.yaml)."""

from __future__ import annotations

import subprocess
import sys

import pytest

from tests.conftest import FIRST_DAY, make_site
from tests.e2e.dagster_dev import REPO, site_environment
from tests.e2e.postgres import postgres_bin, postgres_server

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(
        postgres_bin() is None,
        reason=(
            "needs Debian's PostgreSQL server: `apt-get install postgresql` (.ci/run installs it)"
        ),
    ),
]


def test_the_nightly_job_runs_with_its_instance_on_postgresql(tmp_path):
    site = make_site(tmp_path / "site", days=2)
    home = tmp_path / "dagster_home"
    with postgres_server() as pg_env:
        env = site_environment(site, home) | pg_env
        (home / "dagster.yaml").write_text((REPO / "dagster-postgres.yaml").read_text())
        run = subprocess.run(
            [sys.executable, "-m", "pipelines.cli", "run", "--date", FIRST_DAY.isoformat()],
            cwd=REPO,
            env=env,
            capture_output=True,
            text=True,
            timeout=600,
        )
        assert run.returncode == 0, run.stdout + run.stderr
        check = subprocess.run(
            [
                sys.executable,
                "-c",
                "import dagster as dg; i = dg.DagsterInstance.get(); "
                "print(type(i.run_storage).__name__, len(i.get_runs()), "
                "i.get_runs()[0].status.value)",
            ],
            cwd=REPO,
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
        )
    assert check.stdout.split() == ["PostgresRunStorage", "1", "SUCCESS"], (
        check.stdout + check.stderr
    )
