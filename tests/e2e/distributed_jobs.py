"""The nightly job of each code location, as `dg.execute_job` needs it: rebuilt from a module-level
function (`dg.reconstructable`) in every process that runs a step (multi-process, Celery) or
re-executes a run. Resources come from the environment (OMS_LANDING, OMS_WAREHOUSE, OMS_OUTPUT,
OMS_STAGE…), as in a deployment.
"""

from __future__ import annotations

import json
import os

import dagster as dg
from dagster_celery import celery_executor

CELERY_TEST_CONFIG = "OMS_TEST_CELERY_CONFIG"  # JSON: the executor config of a local Celery setup


def in_process_nightly() -> dg.JobDefinition:
    from pipelines.definitions import defs

    return defs.resolve_job_def("nightly")


def multiprocess_nightly() -> dg.JobDefinition:
    from pipelines.distributed import distributed_definitions

    return distributed_definitions(dg.multiprocess_executor).resolve_job_def("nightly")


def celery_nightly() -> dg.JobDefinition:
    """The Celery location's job, its executor pointed at a broker without a server (kombu's
    SQLAlchemy transport on a SQLite file) instead of the deployment's RabbitMQ/Redis."""
    from pipelines.distributed import distributed_definitions

    executor = celery_executor.configured(json.loads(os.environ[CELERY_TEST_CONFIG]))
    return distributed_definitions(executor).resolve_job_def("nightly")
