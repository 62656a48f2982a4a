"""The batch-oms code location: assets, checks, the nightly job, its schedule and sensors,
resources. The nightly job runs in one process here; pipelines/distributed.py is the same
location on Celery workers."""

from __future__ import annotations

import dagster as dg

from assets import checks
from assets.allocation import assets as allocation_assets
from assets.channel_feedback import assets as channel_feedback_assets
from assets.channel_feedback import checks as channel_feedback_checks
from assets.customers import assets as customer_assets
from assets.documents import assets as document_assets
from assets.fulfillment import assets as fulfillment_assets
from assets.fulfillment import confirmation_assets
from assets.ingest import assets as ingest_assets
from assets.inventory import assets as inventory_assets
from assets.lifecycle import assets as lifecycle_assets
from assets.lifecycle import checks as lifecycle_checks
from assets.reporting import assets as reporting_assets
from assets.returns import assets as return_assets
from assets.stock_feeds import assets as stock_feed_assets
from assets.tracking import assets as tracking_assets
from pipelines.nightly import (
    discard_stage_files,
    landing_complete,
    nightly_at_0200,
    nightly_failure_alert,
    nightly_job,
    rejected_files_alert,
)
from resources.alerts import Alerts
from resources.landing import LandingExpectations, LandingZone
from resources.output_store import OutputStore
from resources.policies import (
    AllocationSettings,
    FulfillmentSettings,
    IngestSettings,
    StockFeedSettings,
)
from resources.stage import StageIOManager
from resources.warehouse import Warehouse

STAGES = [
    ingest_assets,
    confirmation_assets,
    inventory_assets,
    allocation_assets,
    stock_feed_assets,
    fulfillment_assets,
    return_assets,
    tracking_assets,
    lifecycle_assets,
    document_assets,
    channel_feedback_assets,
    customer_assets,
    reporting_assets,
]

CHECK_MODULES = [checks, channel_feedback_checks, lifecycle_checks, stock_feed_assets]
"""The checks across stages, and the stages that keep their own beside their assets."""


def resources_from_environment() -> dict[str, object]:
    """Resources fed by environment variables, resolved when a run starts (never at import)."""
    return {
        "landing": LandingZone(root=dg.EnvVar("OMS_LANDING")),
        "warehouse": Warehouse(path=dg.EnvVar("OMS_WAREHOUSE")),
        "output_store": OutputStore(root=dg.EnvVar("OMS_OUTPUT")),
        "allocation_settings": AllocationSettings(),
        "fulfillment_settings": FulfillmentSettings(),
        "ingest_settings": IngestSettings(),
        "stock_feed_settings": StockFeedSettings(),
        "landing_expectations": LandingExpectations(),
        "alerts": Alerts(folder=dg.EnvVar("OMS_ALERTS")),
        # frames handed between steps: from memory in one process, and as Parquet under
        # <dir of $OMS_WAREHOUSE>/.work/stage (written in the background) for re-execution
        "stage_io_manager": StageIOManager(
            warehouse_path=dg.EnvVar("OMS_WAREHOUSE"), background_writes=True
        ),
    }


def make_definitions(
    *, executor: dg.ExecutorDefinition, resources: dict[str, object]
) -> dg.Definitions:
    """Every asset, check, job, schedule and sensor, with the executor the nightly job runs on."""
    return dg.Definitions(
        assets=dg.load_assets_from_modules(STAGES),
        asset_checks=dg.load_asset_checks_from_modules(CHECK_MODULES),
        jobs=[nightly_job],
        schedules=[nightly_at_0200],
        sensors=[
            landing_complete,
            nightly_failure_alert,
            rejected_files_alert,
            discard_stage_files,
        ],
        resources=resources,
        executor=executor,
    )


# In-process: on one host the steps' start-up (~3 s each on 2 cores) costs more than parallel
# channels or warehouses save; every step then shares one process, one DuckDB writer.
defs = make_definitions(executor=dg.in_process_executor, resources=resources_from_environment())
