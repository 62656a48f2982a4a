"""Shared fixtures: a small generated landing area and resources pointing into a temp folder."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import duckdb
import pytest
from fsspec.implementations.local import LocalFileSystem

from pipelines.demo.generate import generate_landing
from resources.landing import LandingExpectations, LandingZone
from resources.output_store import OutputStore
from resources.policies import (
    AllocationSettings,
    FulfillmentSettings,
    IngestSettings,
    StockFeedSettings,
)
from resources.warehouse import Warehouse, ensure_schema

# Tests run nights on fixed dates from 2025 on, many sites in one process: the partitions begin
# before all of them rather than at the first site's first landed date.
os.environ.setdefault("OMS_FIRST_DATE", "2025-01-01")

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
            "landing_expectations": LandingExpectations(),
            "stock_feed_settings": StockFeedSettings(),
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


@pytest.fixture
def unreadable_folder(monkeypatch: pytest.MonkeyPatch) -> Iterator[Callable[[Path], None]]:
    """Makes a folder as `chmod 000` does: it cannot be listed, nothing in it can be reached.

    Really `chmod 000` when the tests are not root; as root (containers, CI) the permission
    would not stop anything, so the local filesystem is made to fail the way the kernel does
    for other users: listing the folder and stat-ing anything below it raise PermissionError."""
    denied: list[Path] = []

    def deny(folder: Path) -> None:
        denied.append(folder)
        if os.geteuid() != 0:
            folder.chmod(0)
            return
        ls, info, isdir = LocalFileSystem.ls, LocalFileSystem.info, LocalFileSystem.isdir

        def blocked(fs: LocalFileSystem, path: object, *, itself: bool) -> bool:
            if isinstance(path, os.DirEntry):  # an entry of a folder that could be listed
                return False
            path = Path(fs._strip_protocol(path))
            return folder in path.parents or (itself and path == folder)

        def refuse(path: object) -> None:
            raise PermissionError(13, "Permission denied", str(path))

        def guarded_ls(self, path, detail=False, **kwargs):
            if blocked(self, path, itself=True):
                refuse(path)
            return ls(self, path, detail=detail, **kwargs)

        def guarded_info(self, path, **kwargs):
            if blocked(self, path, itself=False):
                refuse(path)
            return info(self, path, **kwargs)

        def guarded_isdir(self, path):  # os.path.isdir says False when stat fails
            return not blocked(self, path, itself=False) and isdir(self, path)

        monkeypatch.setattr(LocalFileSystem, "ls", guarded_ls)
        monkeypatch.setattr(LocalFileSystem, "info", guarded_info)
        monkeypatch.setattr(LocalFileSystem, "isdir", guarded_isdir)

    yield deny
    for folder in denied:
        if os.geteuid() != 0:
            folder.chmod(0o755)


@pytest.fixture
def con(tmp_path: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    """A working database of the test's own, with every table and view: for tests of the SQL."""
    with duckdb.connect(str(tmp_path / "w.duckdb")) as con:
        ensure_schema(con)
        yield con
