"""Shared fixtures: a small generated landing area and resources pointing into a temp folder."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest

from pipelines.demo.generate import generate_landing
from resources.landing import LandingZone
from resources.output_store import OutputStore
from resources.policies import AllocationSettings, FulfillmentSettings, IngestSettings
from resources.warehouse import Warehouse

FIRST_DAY = date(2026, 11, 19)
SECOND_DAY = date(2026, 11, 20)


@dataclass(frozen=True)
class Site:
    """A landing area, warehouse and output folder of one test: what a deployment points at."""

    root: Path

    @property
    def landing(self) -> Path:
        return self.root / "landing"

    @property
    def warehouse_path(self) -> Path:
        return self.root / "warehouse.duckdb"

    @property
    def output(self) -> Path:
        return self.root / "out"

    def resources(self, **overrides: object) -> dict[str, object]:
        resources: dict[str, object] = {
            "landing": LandingZone(root=str(self.landing)),
            "warehouse": Warehouse(path=str(self.warehouse_path), memory_limit="2GB", threads=2),
            "output_store": OutputStore(root=str(self.output)),
            "allocation_settings": AllocationSettings(),
            "fulfillment_settings": FulfillmentSettings(),
            "ingest_settings": IngestSettings(),
        }
        return resources | overrides


def make_site(
    root: Path,
    *,
    days: int = 2,
    end_date: date = SECOND_DAY,
    orders_per_day: int = 150,
    seed: int = 3,
) -> Site:
    """Demo data for `days` dates ending `end_date`: every channel's format, a few bad rows."""
    site = Site(root)
    generate_landing(
        site.landing,
        days=days,
        orders_per_day=orders_per_day,
        seed=seed,
        end_date=end_date,
        n_skus=150,
    )
    return site


@pytest.fixture
def site(tmp_path: Path) -> Site:
    return make_site(tmp_path)
