"""A file found in the landing area, with the channel its folder names."""

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class LandingFile:
    """One channel export as landed: `$OMS_LANDING/orders/<channel>/<YYYY-MM-DD>/<file>`."""

    channel: str
    path: Path  # absolute
    relative_path: str  # relative to the landing root, used as source_file
