"""The nightly job with its steps in other processes: on a Celery worker (the distributed code
location, a broker without a server) and on the multi-process executor. Per-channel ingestion and
per-warehouse documents are steps of their own, and the night's tables and files are exactly
those of the one-process run."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TypeVar

import dagster as dg
import polars as pl
import pytest

from contracts.vocabulary import CHANNELS
from pipelines.nightly import discard_stage_files
from resources.output_store import KEPT_FOLDERS
from resources.stage import FAN_OUT_QUEUE, StageIOManager
from tests.conftest import FIRST_DAY, SECOND_DAY, Site, make_site
from tests.e2e.dagster_dev import REPO
from tests.e2e.distributed_jobs import CELERY_TEST_CONFIG, celery_nightly, multiprocess_nightly
from tests.e2e.nights import assert_same_nights, published_table, run_night, run_nights

pytestmark = pytest.mark.e2e
T = TypeVar("T")

CHANNEL_STEPS = [f"stage__{channel}_orders" for channel in CHANNELS]
RENDER_STEP = "files__warehouse_documents.render_warehouse_documents"


def site_environment(site: Site, stage: Path) -> dict[str, str]:
    """What a deployment's workers are given (pipelines/distributed.py)."""
    return {
        "OMS_LANDING": str(site.landing),
        "OMS_WAREHOUSE": str(site.warehouse_path),
        "OMS_OUTPUT": str(site.output),
        "OMS_ALERTS": str(site.output / "alerts"),
        "OMS_STAGE": str(stage),
    }


def started_steps(instance: dg.DagsterInstance, run_id: str) -> dict[str, dg.DagsterEvent]:
    """The STEP_START event of every step of the run, by step key."""
    records = instance.get_records_for_run(run_id, of_type=dg.DagsterEventType.STEP_START).records
    return {
        r.event_log_entry.dagster_event.step_key: r.event_log_entry.dagster_event for r in records
    }


def expected_render_steps(site: Site) -> list[str]:
    shipments = published_table(site, "shipments").filter(pl.col("business_date") == SECOND_DAY)
    return sorted(
        f"{RENDER_STEP}[{w.replace('-', '_')}]" for w in shipments["warehouse_id"].unique()
    )


@pytest.fixture(scope="module")
def in_process(tmp_path_factory) -> Site:
    site = make_site(tmp_path_factory.mktemp("in_process"))
    run_nights(site, [FIRST_DAY, SECOND_DAY])
    return site


@contextmanager
def celery_workers(
    root: Path, env: dict[str, str], workers: dict[str, tuple[str, int]]
) -> Iterator[dict[str, object]]:
    """Celery workers (name: queues, processes) on kombu's SQLAlchemy transport over a SQLite
    file, results in another: no broker server is needed. Yields the executor config that
    reaches them.

    Not kombu's filesystem transport: its consumer can read a message file before the producer
    has finished writing it, and then stops consuming for good (seen under load).
    """
    settings = root / "conf"
    settings.mkdir(parents=True)
    broker, backend = f"sqla+sqlite:///{root / 'broker.db'}", f"db+sqlite:///{root / 'results.db'}"
    # a worker reads its settings from a module `dagster_celery_config` (dagster_celery.app)
    (settings / "dagster_celery_config.py").write_text(
        f"broker_url = {broker!r}\nresult_backend = {backend!r}\n"
    )
    executor_config = {"broker": broker, "backend": backend}
    # a worker rebuilds the job (tests/e2e/distributed_jobs.py), executor config included
    env = os.environ | env | {CELERY_TEST_CONFIG: json.dumps(executor_config)}
    env["PYTHONPATH"] = f"{settings}{os.pathsep}{REPO}"
    started: list[tuple[subprocess.Popen, Path]] = []
    try:
        for name, (queues, processes) in workers.items():
            log_path = root / f"{name}.log"
            with open(log_path, "w") as log:
                worker = subprocess.Popen(
                    [
                        *(sys.executable, "-m", "celery", "-A", "dagster_celery.app", "worker"),
                        *("--hostname", f"{name}@%h", "--queues", queues, "-l", "INFO"),
                        *("--pool", "prefork", "--concurrency", str(processes)),
                        *("--without-heartbeat", "--without-gossip", "--without-mingle"),
                    ],
                    cwd=REPO,
                    env=env,
                    stdout=log,
                    stderr=subprocess.STDOUT,
                )
            started.append((worker, log_path))
        yield executor_config
    finally:
        for worker, log_path in started:
            worker.terminate()
            try:
                worker.wait(timeout=60)
            except subprocess.TimeoutExpired:
                worker.kill()
                worker.wait()
            print(log_path.read_text()[-3000:])  # shown by pytest when the test failed


CELERY_RUN_DEADLINE = 300  # seconds; a night of this size takes well under a minute


def within(seconds: float, run: Callable[[], T]) -> T:
    """`run()`, or a test failure after `seconds`: a step whose queue no worker serves would
    otherwise wait forever (the Celery executor has no deadline of its own)."""
    outcome: list = []

    def target() -> None:
        try:
            outcome.append((True, run()))
        except BaseException as error:  # handed to the test's thread below
            outcome.append((False, error))

    thread = threading.Thread(target=target, daemon=True)
    thread.start()
    thread.join(seconds)
    if not outcome:
        pytest.fail(f"the Celery run did not finish within {seconds} s (see the worker logs)")
    ok, value = outcome[0]
    if not ok:
        raise value
    return value


def celery_worker_of_steps(instance: dg.DagsterInstance, run_id: str) -> dict[str, str]:
    """Which worker (`<name>@<host>`) ran each step, from dagster-celery's engine events."""
    records = instance.get_records_for_run(run_id, of_type=dg.DagsterEventType.ENGINE_EVENT)
    workers = {}
    for record in records.records:
        event = record.event_log_entry.dagster_event
        metadata = event.engine_event_data.metadata if event.engine_event_data else {}
        if event.step_key and "Celery worker" in metadata:
            workers[event.step_key] = metadata["Celery worker"].value.split("@")[0]
    return workers


# dagster-celery registers its task again for each step it submits; harmless, and not ours
@pytest.mark.filterwarnings("ignore::celery.exceptions.DuplicateTaskNameWarning")
def test_a_night_on_celery_workers_writes_the_same_tables_and_files(
    tmp_path, monkeypatch, in_process
):
    site = make_site(tmp_path / "site")
    run_night(site, FIRST_DAY)  # the second night then reads the first's state across dates
    stage = tmp_path / "stage"
    env = site_environment(site, stage)
    # as deployed: the writer on the database's host takes the default queue, one step at a
    # time; fan-out workers (any host) take the parallel steps
    workers = {"writer": ("dagster", 1), "fanout": (FAN_OUT_QUEUE, 2)}
    with celery_workers(tmp_path / "celery", env, workers) as executor_config:
        env[CELERY_TEST_CONFIG] = json.dumps(executor_config)
        for name, value in env.items():
            monkeypatch.setenv(name, value)
        (tmp_path / "dagster_home").mkdir()
        with dg.DagsterInstance.local_temp(str(tmp_path / "dagster_home")) as instance:
            result = within(
                CELERY_RUN_DEADLINE,
                lambda: dg.execute_job(
                    dg.reconstructable(celery_nightly),
                    instance=instance,
                    tags={"dagster/partition": SECOND_DAY.isoformat()},
                ),
            )
            assert result.success
            steps = started_steps(instance, result.run_id)
            ran_on = celery_worker_of_steps(instance, result.run_id)

            # the stages that partition naturally ran as steps of their own, on fan-out workers;
            # every other step (all that may write the database) on the writer
            render_steps = sorted(key for key in steps if key.startswith(f"{RENDER_STEP}["))
            assert render_steps == expected_render_steps(site)
            fan_out = {*CHANNEL_STEPS, *render_steps}
            assert set(ran_on) == set(steps)
            assert {step for step, worker in ran_on.items() if worker == "fanout"} == fan_out
            assert (stage / result.run_id).is_dir()

            # once the night succeeded, its stage files go
            success = next(
                e for e in result.all_events if e.event_type == dg.DagsterEventType.RUN_SUCCESS
            )
            with dg.build_run_status_sensor_context(
                sensor_name="discard_stage_files",
                dagster_instance=instance,
                dagster_run=result.dagster_run,
                dagster_event=success,
                resources={"stage_io_manager": StageIOManager(root=str(stage))},
            ) as context:
                discard_stage_files(context)
            assert not (stage / result.run_id).exists()

    assert_same_nights(site, in_process)


FAN_OUT = (
    dg.AssetSelection.key_prefixes(["stage"])
    | dg.AssetSelection.groups("ingest")
    | dg.AssetSelection.groups("documents")
)


def test_the_fan_out_stages_rerun_in_separate_processes_identically(
    tmp_path, monkeypatch, in_process
):
    site = make_site(tmp_path / "site")
    run_nights(site, [FIRST_DAY, SECOND_DAY])
    # the re-run must write every document again; the channel and CRM files, which other stages
    # write, are kept by the documents' swap
    for folder in (site.output / SECOND_DAY.isoformat()).iterdir():
        if folder.name not in KEPT_FOLDERS:
            shutil.rmtree(folder)
    for name, value in site_environment(site, tmp_path / "stage").items():
        monkeypatch.setenv(name, value)
    job = dg.reconstructable(multiprocess_nightly)
    # steps fork from a server that imported the code once, instead of importing it per step
    preload = ["pipelines.distributed", "tests.e2e.distributed_jobs"]
    start = {"forkserver": {"preload_modules": preload}}

    (tmp_path / "dagster_home").mkdir()
    with dg.DagsterInstance.local_temp(str(tmp_path / "dagster_home")) as instance:
        result = dg.execute_job(
            job,
            instance=instance,
            tags={"dagster/partition": SECOND_DAY.isoformat()},
            run_config={"execution": {"config": {"start_method": start}}},
            asset_selection=list(FAN_OUT.resolve(multiprocess_nightly().asset_layer.asset_graph)),
        )
        assert result.success
        steps = started_steps(instance, result.run_id)

    render_steps = sorted(key for key in steps if key.startswith(f"{RENDER_STEP}["))
    assert render_steps == expected_render_steps(site)
    pids = {steps[key].pid for key in CHANNEL_STEPS + render_steps}
    assert len(pids) == len(CHANNEL_STEPS + render_steps)  # one process per step
    assert_same_nights(site, in_process)
