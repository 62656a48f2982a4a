"""The batch-oms code location: assets, checks, the nightly job, its schedule and sensors,
resources."""

from __future__ import annotations

import dagster as dg

from assets import checks
from assets.allocation import assets as allocation_assets
from assets.documents import assets as document_assets
from assets.fulfillment import assets as fulfillment_assets
from assets.fulfillment import confirmation_assets
from assets.ingest import assets as ingest_assets
from assets.inventory import assets as inventory_assets
from assets.reporting import assets as reporting_assets
from pipelines.nightly import (
    LandingExpectations,
    landing_complete,
    nightly_at_0200,
    nightly_failure_alert,
    nightly_job,
)
from resources.alerts import Alerts
from resources.landing import LandingZone
from resources.output_store import OutputStore
from resources.policies import AllocationSettings, FulfillmentSettings
from resources.warehouse import Warehouse

STAGES = [
    ingest_assets,
    confirmation_assets,
    inventory_assets,
    allocation_assets,
    fulfillment_assets,
    document_assets,
    reporting_assets,
]


def resources_from_environment() -> dict[str, object]:
    """Resources fed by environment variables, resolved when a run starts (never at import)."""
    return {
        "landing": LandingZone(root=dg.EnvVar("OMS_LANDING")),
        "warehouse": Warehouse(path=dg.EnvVar("OMS_WAREHOUSE")),
        "output_store": OutputStore(root=dg.EnvVar("OMS_OUTPUT")),
        "allocation_settings": AllocationSettings(),
        "fulfillment_settings": FulfillmentSettings(),
        "landing_expectations": LandingExpectations(),
        "alerts": Alerts(folder=dg.EnvVar("OMS_ALERTS")),
    }


defs = dg.Definitions(
    assets=dg.load_assets_from_modules(STAGES),
    asset_checks=dg.load_asset_checks_from_modules([checks]),
    jobs=[nightly_job],
    schedules=[nightly_at_0200],
    sensors=[landing_complete, nightly_failure_alert],
    resources=resources_from_environment(),
)
