"""A file found in the landing area, with the channel its folder names, and why a landed path is
refused without being opened."""

from dataclasses import dataclass
from pathlib import Path

# Whole-file rules of the landing area itself (docs/inputs.md): decided from the path and its
# `stat`, before anything is opened, so their reasons never quote content.
OUTSIDE_LANDING_AREA = "outside_landing_area"
NOT_A_REGULAR_FILE = "not_a_regular_file"
MISPLACED_FILE = "misplaced_file"


@dataclass(frozen=True)
class Refusal:
    """Why a landed path is not read: a rule and a reason naming the path, never its content."""

    rule: str
    reason: str


@dataclass(frozen=True)
class LandingFile:
    """One channel export as landed: `$OMS_LANDING/orders/<channel>/<YYYY-MM-DD>/<file>`."""

    channel: str
    path: Path  # absolute
    relative_path: str  # relative to the landing root, used as source_file
    refused: Refusal | None = None  # set: recorded as rejected whole, never opened
