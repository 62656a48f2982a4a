"""Re-executing a failed night from failure: the steps it does not repeat handed their frames over
as stage files, which the re-execution reads; once it succeeds, both runs' stage files go."""

from __future__ import annotations

import dagster as dg
import pytest

from pipelines.nightly import discard_stage_files_of
from resources.stage import StageIOManager
from tests.conftest import FIRST_DAY, SECOND_DAY, make_site
from tests.e2e.distributed_jobs import in_process_nightly
from tests.e2e.nights import assert_same_nights, run_night, run_nights
from tests.e2e.test_distributed import CHANNEL_STEPS, site_environment

pytestmark = pytest.mark.e2e


def test_a_night_reexecuted_from_failure_reads_the_channel_batches_of_the_failed_run(
    tmp_path, monkeypatch
):
    reference = make_site(tmp_path / "reference")
    run_nights(reference, [FIRST_DAY, SECOND_DAY])
    site = make_site(tmp_path / "site")
    run_night(site, FIRST_DAY)
    for name, value in site_environment(site, tmp_path / "unused").items():
        monkeypatch.setenv(name, value)
    monkeypatch.delenv("OMS_STAGE")  # the one-process location: stage beside the warehouse
    stage = StageIOManager(warehouse_path=str(site.warehouse_path))
    working = site.root / ".work" / "warehouse.duckdb"

    (tmp_path / "dagster_home").mkdir()
    with dg.DagsterInstance.local_temp(str(tmp_path / "dagster_home")) as instance:
        # the working database cannot be opened: every step that needs it fails, the per-channel
        # steps (no database) succeed
        working.rename(working.with_suffix(".away"))
        working.mkdir()
        failed = dg.execute_job(
            dg.reconstructable(in_process_nightly),
            instance=instance,
            tags={"dagster/partition": SECOND_DAY.isoformat()},
        )
        working.rmdir()
        working.with_suffix(".away").rename(working)
        assert not failed.success
        assert {e.step_key for e in failed.get_step_success_events()} >= set(CHANNEL_STEPS)

        again = dg.execute_job(
            dg.reconstructable(in_process_nightly),
            instance=instance,
            tags={"dagster/partition": SECOND_DAY.isoformat()},  # as the UI copies them
            reexecution_options=dg.ReexecutionOptions.from_failure(failed.run_id, instance),
        )
        assert again.success
        rerun = {e.step_key for e in again.get_step_success_events()}
        assert "ingest_orders" in rerun and not rerun & set(CHANNEL_STEPS)
        loaded = {
            e.event_specific_data.upstream_step_key
            for e in again.all_events
            if e.event_type == dg.DagsterEventType.LOADED_INPUT and e.step_key == "ingest_orders"
        }
        assert loaded == set(CHANNEL_STEPS)
        runs = site.root / ".work" / "stage"
        assert {p.name for p in (runs / failed.run_id).iterdir()} == set(CHANNEL_STEPS)
        assert not set(CHANNEL_STEPS) & {p.name for p in (runs / again.run_id).iterdir()}

        assert len(discard_stage_files_of(instance, again.dagster_run, stage)) == 2
        assert not (runs / failed.run_id).exists() and not (runs / again.run_id).exists()

    assert_same_nights(site, reference)
