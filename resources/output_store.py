"""Where the night's files go: `$OMS_OUTPUT/<date>/<warehouse_id>/` (pick lists, slips,
manifests)."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path

import dagster as dg
from pydantic import Field

from resources.storage import Location


class OutputStore(dg.ConfigurableResource):
    """The output folder, local or s3://. A date's folder is replaced whole, so a re-run never
    leaves stale files behind."""

    root: str = Field(description="Output root: a folder or an fsspec URL ($OMS_OUTPUT).")

    @property
    def location(self) -> Location:
        return Location.of(self.root)

    @property
    def root_path(self) -> Path:
        """Local root, or the local staging area of a remote root."""
        location = self.location
        return Path(location.base) if location.is_local else location.default_cache() / "output"

    def date_folder(self, business_date: date) -> Path:
        return self.root_path / business_date.isoformat()

    def date_location(self, business_date: date) -> str:
        """Where a date's files end up, as the user would name it (path or URL)."""
        location = self.location
        if location.is_local:
            return str(self.date_folder(business_date))
        return f"{location.fs.unstrip_protocol(location.join(business_date.isoformat()))}"

    @contextmanager
    def staged_date_folder(self, business_date: date) -> Iterator[Path]:
        """A fresh folder to write the date's files into; it replaces the published folder on
        success.

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
        if not self.location.is_local:
            self.location.replace_folder(business_date.isoformat(), final)
