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

from assets.ingest.landing_file import LandingFile
from resources.storage import Location

CHANNELS = ("shopify", "amazon", "woocommerce", "ebay", "generic")

# Reference files: column -> dtype. Files marked optional may be absent ("none").
REFERENCE_SCHEMAS: dict[str, dict[str, pl.DataType]] = {
    "warehouses": {
        "warehouse_id": pl.String(),
        "name": pl.String(),
        "country": pl.String(),
        "region": pl.String(),
        "postal_code": pl.String(),
    },
    "skus": {"sku": pl.String(), "description": pl.String(), "weight_g": pl.Int64()},
    "bins": {
        "warehouse_id": pl.String(),
        "sku": pl.String(),
        "bin": pl.String(),
        "pick_sequence": pl.Int64(),
    },
    "zones": {
        "warehouse_id": pl.String(),
        "dest_country": pl.String(),
        "dest_region": pl.String(),
        "zone": pl.String(),
    },
    "carrier_services": {
        "carrier": pl.String(),
        "service": pl.String(),
        "service_level": pl.String(),
        "zone": pl.String(),
        "max_weight_g": pl.Int64(),
        "price": pl.Float64(),
        "transit_days": pl.Int64(),
        "cutoff": pl.String(),
    },
    "channels": {"channel": pl.String(), "priority": pl.Int64(), "allow_split": pl.Boolean()},
    "kits": {"kit_sku": pl.String(), "component_sku": pl.String(), "quantity": pl.Int64()},
    "safety_stock": {"warehouse_id": pl.String(), "sku": pl.String(), "units": pl.Int64()},
    "service_levels": {
        "channel": pl.String(),
        "service_name": pl.String(),
        "service_level": pl.String(),
    },
}
REQUIRED_REFERENCES = ("warehouses", "skus", "zones", "carrier_services")
OPTIONAL_COLUMNS = {"carrier_services": {"cutoff"}}


TRUE_WORDS = ["true", "t", "yes", "y", "1"]
FALSE_WORDS = ["false", "f", "no", "n", "0"]


def _typed(column: str, dtype: pl.DataType) -> pl.Expr:
    text = pl.col(column).str.strip_chars()
    if dtype == pl.Boolean():
        lowered = text.str.to_lowercase()
        return (
            pl.when(lowered.is_in(TRUE_WORDS))
            .then(True)
            .when(lowered.is_in(FALSE_WORDS))
            .then(False)
            .otherwise(None)
        )
    return text.cast(dtype, strict=True)


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
        empty."""
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
        return _read_reference_csv(path, schema, OPTIONAL_COLUMNS.get(name, set()))
