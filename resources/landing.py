"""The landing area: where channel exports, stock snapshots, confirmations and reference files
arrive.

Layout (the input contract, docs/inputs.md):
    orders/<channel>/<YYYY-MM-DD>/*, inventory/<YYYY-MM-DD>/*.csv, confirmations/<YYYY-MM-DD>/*.csv,
    reference/*.csv
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import date
from pathlib import Path

import dagster as dg
import polars as pl
from pydantic import Field

from contracts.identifiers import ReferenceIdentifierError, check_reference_identifiers
from contracts.landing_file import LandingFile
from contracts.references import OPTIONAL_COLUMNS, REFERENCE_SCHEMAS, REQUIRED_REFERENCES
from contracts.vocabulary import CHANNELS, parse_boolean
from resources.storage import Location


def _typed(column: str, dtype: pl.DataType) -> pl.Expr:
    if dtype == pl.Boolean():
        return parse_boolean(column)
    return pl.col(column).str.strip_chars().cast(dtype, strict=True)


def _read_reference_csv(
    path: Path, schema: dict[str, pl.DataType], optional: set[str]
) -> pl.DataFrame:
    raw = pl.read_csv(path, infer_schema=False, encoding="utf8-lossy")
    raw = raw.rename({c: c.strip().lower() for c in raw.columns})
    missing = [c for c in schema if c not in raw.columns and c not in optional]
    if missing:
        raise ValueError(f"{path.name}: missing column(s) {', '.join(missing)}")
    columns = [
        (_typed(c, dtype) if c in raw.columns else pl.lit(None, dtype)).alias(c)
        for c, dtype in schema.items()
    ]
    return raw.select(columns)


class LandingZone(dg.ConfigurableResource):
    """Read access to `$OMS_LANDING`, a local folder or an s3:// URL. The only door to landed
    files."""

    root: str = Field(description="Landing area root: a folder or an fsspec URL ($OMS_LANDING).")
    cache_dir: str | None = Field(
        default=None,
        description="Where remote files are copied before reading (default: a temp folder).",
    )

    @property
    def location(self) -> Location:
        return Location.of(self.root)

    def _local(self, location: Location, relative: str) -> Path:
        cache = Path(self.cache_dir) if self.cache_dir else location.default_cache()
        return location.local_copy(relative, cache)

    def order_files(
        self, business_date: date, channels: Collection[str] | None = None
    ) -> list[LandingFile]:
        """Every file in `orders/<channel>/<date>/`, sorted by path (results never depend on
        listing order); only those of `channels` when given (a remote file is fetched only by
        the step that reads it)."""
        location = self.location
        day = business_date.isoformat()
        files = []
        for channel in location.subfolders("orders"):
            if channels is not None and channel not in channels:
                continue
            for relative in location.files_under("orders", channel, day):
                path = self._local(location, relative)
                files.append(LandingFile(channel=channel, path=path, relative_path=relative))
        return files

    def dated_files(self, kind: str, business_date: date) -> list[tuple[Path, str]]:
        """Files of `inventory/<date>/` or `confirmations/<date>/`: (local path, path relative to
        the root)."""
        location = self.location
        relatives = location.files_under(kind, business_date.isoformat())
        return [(self._local(location, relative), relative) for relative in relatives]

    def channel_folders_present(self, business_date: date) -> set[str]:
        """Channels whose `orders/<channel>/<date>/` folder exists (for the landing sensor)."""
        location = self.location
        day = business_date.isoformat()
        return {c for c in location.subfolders("orders") if location.is_dir("orders", c, day)}

    def reference(self, name: str) -> pl.DataFrame:
        """A reference table with its declared columns and types; an absent optional file is
        empty. Fails the step (no retry) for an id that could not safely name a file."""
        schema = REFERENCE_SCHEMAS[name]
        location = self.location
        relative = f"reference/{name}.csv"
        if not location.exists(relative):
            if name in REQUIRED_REFERENCES:
                raise FileNotFoundError(
                    f"required reference file missing: {location.join(relative)}"
                )
            return pl.DataFrame(schema=schema)
        path = self._local(location, relative)
        frame = _read_reference_csv(path, schema, OPTIONAL_COLUMNS.get(name, set()))
        # ids that name output folders and files are refused here, before any is used; retrying
        # cannot help, and would hide the reason behind "Exceeded max_retries"
        try:
            check_reference_identifiers(name, relative, frame)
        except ReferenceIdentifierError as error:
            raise dg.Failure(description=str(error), allow_retries=False) from error
        return frame


class LandingExpectations(dg.ConfigurableResource):
    """Which channel folders must have landed before the landing sensor starts a night early."""

    expected_channels: list[str] = Field(default_factory=lambda: list(CHANNELS))
    lookback_days: int = 3
