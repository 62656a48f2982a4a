"""Where the night's files go: `$OMS_OUTPUT/<date>/<warehouse_id>/` (pick lists, slips, manifests)."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path

import dagster as dg
from pydantic import Field


class OutputStore(dg.ConfigurableResource):
    """The output folder. A date's folder is replaced whole, so a re-run never leaves stale files behind."""

    root: str = Field(description="Output root folder ($OMS_OUTPUT).")

    @property
    def root_path(self) -> Path:
        return Path(self.root).resolve()

    def date_folder(self, business_date: date) -> Path:
        return self.root_path / business_date.isoformat()

    @contextmanager
    def staged_date_folder(self, business_date: date) -> Iterator[Path]:
        """A fresh folder to write the date's files into; it replaces the published folder on success.

        Writers never see half-written output: files are written under `.staging/` and the folder is
        swapped in by rename when the block ends without error.
        """
        final = self.date_folder(business_date)
        staging = self.root_path / ".staging" / business_date.isoformat()
        shutil.rmtree(staging, ignore_errors=True)
        staging.mkdir(parents=True)
        yield staging
        retired = self.root_path / ".staging" / f"{business_date.isoformat()}.old"
        shutil.rmtree(retired, ignore_errors=True)
        if final.exists():
            final.rename(retired)
        staging.rename(final)
        shutil.rmtree(retired, ignore_errors=True)

    def alerts_folder(self) -> Path:
        folder = self.root_path / "alerts"
        folder.mkdir(parents=True, exist_ok=True)
        return folder
