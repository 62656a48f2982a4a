"""The batch-oms code location with the nightly job's steps on Celery workers (several hosts).

Same assets, checks, job, schedule and sensors as `pipelines.definitions`; only the executor and
the stage root differ. Each step runs as a Celery task in a worker process. The steps that open
no database (per-channel ingestion, per-warehouse documents) go to the `oms-fanout` queue, which
workers on any host may serve; every other step goes to the default `dagster` queue, served only
by the worker on the host of the working DuckDB database, so one step at a time writes it. Load
it *instead of* pipelines.definitions (`dagster dev -m pipelines.distributed`, or the commented
entry in workspace.yaml); docs/scaling.md describes the deployment.

Environment, besides the variables of pipelines/definitions.py:
    OMS_STAGE                   where steps hand frames over (Parquet), the same for every worker:
                                s3://bucket/stage, or a folder on a shared volume
    DAGSTER_CELERY_BROKER_URL   the Celery broker, e.g. pyamqp://oms:secret@rabbitmq:5672//
    DAGSTER_CELERY_BACKEND_URL  the result backend, e.g. redis://redis:6379/0 or rpc://
"""

from __future__ import annotations

import dagster as dg
from dagster_celery import celery_executor

from pipelines.definitions import make_definitions, resources_from_environment
from resources.stage import StageIOManager

CELERY = celery_executor.configured(
    {
        "broker": {"env": "DAGSTER_CELERY_BROKER_URL"},
        "backend": {"env": "DAGSTER_CELERY_BACKEND_URL"},
    },
    name="celery",
)


def distributed_resources() -> dict[str, object]:
    """The resources of the one-process location, the stage root on shared storage."""
    return resources_from_environment() | {
        # each step in its own process: every stage file is written before its step ends
        "stage_io_manager": StageIOManager(root=dg.EnvVar("OMS_STAGE"), background_writes=False),
    }


def distributed_definitions(executor: dg.ExecutorDefinition = CELERY) -> dg.Definitions:
    """The code location on `executor`: Celery here; `dg.multiprocess_executor` runs the same
    steps as processes of one host (what the tests run; also a choice for one large machine)."""
    return make_definitions(executor=executor, resources=distributed_resources())


defs = distributed_definitions()
