"""The landing area: where channel exports, stock snapshots, confirmations and reference files
arrive.

Layout (the input contract, docs/inputs.md):
    orders/<channel>/<YYYY-MM-DD>/*, inventory/<YYYY-MM-DD>/*.csv, confirmations/<YYYY-MM-DD>/*.csv,
    tracking/<YYYY-MM-DD>/*,
    reference/*.csv
"""

from __future__ import annotations

import errno
import os
import re
import stat
from collections.abc import Collection, Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path

import dagster as dg
import polars as pl
from pydantic import Field

from contracts.identifiers import ReferenceIdentifierError, check_reference_identifiers
from contracts.landing_file import (
    MISPLACED_FILE,
    NOT_A_REGULAR_FILE,
    OUTSIDE_LANDING_AREA,
    LandingFile,
    Refusal,
)
from contracts.references import OPTIONAL_COLUMNS, REFERENCE_SCHEMAS, REQUIRED_REFERENCES
from contracts.vocabulary import CHANNELS, parse_boolean
from resources.storage import Location

_DATE_FOLDER = re.compile(r"\d{4}-\d{2}-\d{2}")
_SPECIAL_KINDS = {
    stat.S_ISDIR: "a folder (linked folders are not followed)",
    stat.S_ISFIFO: "a named pipe (FIFO)",
    stat.S_ISSOCK: "a socket",
    stat.S_ISCHR: "a character device",
    stat.S_ISBLK: "a block device",
}


def is_date_folder(name: str) -> bool:
    """`YYYY-MM-DD` and a real day: the only folder names that say which night a file is for
    (`date.fromisoformat` alone also takes `20261121`)."""
    if not _DATE_FOLDER.fullmatch(name):
        return False
    try:
        date.fromisoformat(name)
    except ValueError:
        return False
    return True


def refusal(root: Path, relative: str) -> Refusal | None:
    """Why the local landed path `root/relative` may not be read, or None when it may.

    Read only: a regular file that, once every link of it and of its folders is resolved, lies
    inside the landing root. A link inside the root to a regular file inside it is read (sync
    tools make such links). Decided from `stat` alone, never `open`: opening a FIFO blocks, and
    a refused file's content must reach no table and no log line."""
    try:
        resolved = (root / relative).resolve()
    except (OSError, RuntimeError):  # links that lead round in a loop
        return Refusal(
            NOT_A_REGULAR_FILE, f"{relative} is a link that leads round in a loop: it was not read"
        )
    if not resolved.is_relative_to(root.resolve()):
        return Refusal(
            OUTSIDE_LANDING_AREA,
            f"{relative} is a link that leads outside the landing area: it was not read; only "
            "files inside the landing area are, so put the file itself there",
        )
    try:
        mode = resolved.stat().st_mode
    except FileNotFoundError:
        return Refusal(
            NOT_A_REGULAR_FILE,
            f"{relative} is a link to nothing (what it points at does not exist): land the file "
            "itself",
        )
    except OSError:  # no permission, …: reading it reports that, naming the file
        return None
    if stat.S_ISREG(mode):
        return None
    kind = next((name for is_kind, name in _SPECIAL_KINDS.items() if is_kind(mode)), None)
    return Refusal(
        NOT_A_REGULAR_FILE,
        f"{relative} is {kind or 'a special file'}, not a regular file: it was not opened; only "
        "regular files are read",
    )


class ReplacedAfterListing(OSError):
    """A landed file that is no longer what the listing checked: now a link, a special file, or
    reached through a folder that now leads outside the landing area."""

    def __init__(self, relative: str):
        super().__init__(
            f"{relative} was replaced after the landing area was listed (by a link, a special file "
            "or a folder leading outside it): it was not read; land it again as a regular file"
        )


def read_landed(path: Path, relative: str) -> bytes:
    """The bytes of a landed file, opened so that what `refusal` checked is what is read.

    Between the listing and the read, a file can be swapped for a link to a secret, a FIFO, or
    its folder for a link leading out. So the file is opened by its resolved path without
    following a link (O_NOFOLLOW) or blocking (O_NONBLOCK), must be a regular file once open, and
    the path the kernel actually opened must still lie inside the landing root. (A copy of a
    remote file in the local cache is the pipeline's own; only its kind is checked.)"""
    flags = os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC
    try:
        fd = os.open(os.path.realpath(path), flags)
    except OSError as error:
        if error.errno in (errno.ELOOP, errno.ENXIO):  # a link; a FIFO or socket (ENXIO)
            raise ReplacedAfterListing(relative) from None
        raise
    with os.fdopen(fd, "rb") as handle:
        if not stat.S_ISREG(os.fstat(fd).st_mode) or not _opened_inside(fd, path, relative):
            raise ReplacedAfterListing(relative)
        return handle.read()


def _opened_inside(fd: int, path: Path, relative: str) -> bool:
    """Whether the file open on `fd` lies inside the landing root `path` was listed under."""
    if not path.as_posix().endswith("/" + relative):
        return True  # a cached copy of a remote file, named by the pipeline
    root = Path(path.as_posix().removesuffix("/" + relative)).resolve()
    try:
        opened = Path(os.readlink(f"/proc/self/fd/{fd}"))
    except OSError:  # no /proc (not Linux): the kind and O_NOFOLLOW checks still hold
        return True
    return opened.is_relative_to(root)


class UnreadableLandingFolder(dg.Failure, PermissionError):
    """A landing folder that cannot be listed or entered. The night fails at once, naming it:
    a night that cannot see its inputs must not run on "no stock", and a retry cannot help and
    would hide the reason behind "Exceeded max_retries". Still a PermissionError with its
    errno and filename for callers that look at the OS error."""

    def __init__(self, error: PermissionError):
        super().__init__(
            description=(
                f"the landing folder {error.filename} cannot be read ({error.strerror}): the "
                "night does not run without seeing its inputs; let the pipeline's user list "
                "and enter it (r and x permission)"
            ),
            allow_retries=False,
        )
        self.errno, self.strerror, self.filename = error.errno, error.strerror, error.filename


@contextmanager
def _failing_on_unreadable_folders() -> Iterator[None]:
    try:
        yield
    except PermissionError as error:
        raise UnreadableLandingFolder(error) from error


def _misplaced_reason(relative: str, home: str, folder: str | None) -> Refusal:
    """`home` is `orders/<channel>`, `inventory`, `confirmations`, or `orders` itself (a file
    in no channel's folder)."""
    expected = "orders/<channel>/<YYYY-MM-DD>/" if home == "orders" else f"{home}/<YYYY-MM-DD>/"
    if folder is not None:
        where = f"its folder {folder!r} is not a date written YYYY-MM-DD"
    elif home == "orders":
        where = "it lies directly in orders/, in no channel's folder"
    else:
        where = f"it lies directly in {home}/"
    return Refusal(
        MISPLACED_FILE,
        f"{relative} is not in a {expected} folder ({where}), so it belongs to no night and was "
        "not read; move it into the folder of the day it is for (it is listed every night "
        "until then)",
    )


def _typed(column: str, dtype: pl.DataType) -> pl.Expr:
    if dtype == pl.Boolean():
        return parse_boolean(column)
    return pl.col(column).str.strip_chars().cast(dtype, strict=True)


def _read_reference_csv(
    path: Path, relative: str, schema: dict[str, pl.DataType], optional: set[str]
) -> pl.DataFrame:
    raw = pl.read_csv(read_landed(path, relative), infer_schema=False, encoding="utf8-lossy")
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

    @_failing_on_unreadable_folders()
    def _landed(
        self, location: Location, home: tuple[str, ...], day: str
    ) -> list[tuple[str, Refusal | None]]:
        """Paths relative to the root, sorted, of the files of `<home>/<day>/` with why each may
        not be read (None: it may), and of the files below `<home>/` outside any date folder,
        each refused as misplaced, so none vanishes without a record. Nothing is opened."""
        dated = (*home, day)
        folder = "/".join(dated)
        if location.is_local and location.is_dir(*dated):
            root = Path(location.base)
            if not root.joinpath(folder).resolve().is_relative_to(root.resolve()):
                # one record for the folder: even the names of what it leads to stay out
                reason = f"{folder}/ is a link to a folder outside the landing area: not read"
                return [(folder, Refusal(OUTSIDE_LANDING_AREA, reason))]
            landed = [(r, refusal(root, r)) for r in location.files_under(*dated)]
        else:
            landed = [(r, None) for r in location.files_under(*dated)]
        return sorted([*landed, *self._misplaced(location, home)], key=lambda landed: landed[0])

    @staticmethod
    def _misplaced(location: Location, home: tuple[str, ...]) -> list[tuple[str, Refusal]]:
        """Files below `home` but in no date folder: loose in it, or in a folder such as
        `20261121` or `2026-11-21 ` (most likely a mistake, so reported every night)."""
        folders, others = location.loose_entries(*home)
        base = "/".join(home)
        found = [
            (f"{base}/{name}", _misplaced_reason(f"{base}/{name}", base, None))
            for name in others
            if not (is_date_folder(name) and location.is_dir(*home, name))  # a linked day
        ]
        for name in folders:
            if not is_date_folder(name):
                found += [
                    (relative, _misplaced_reason(relative, base, name))
                    for relative in location.files_under(*home, name)
                ]
        return found

    def order_files(
        self, business_date: date, channels: Collection[str] | None = None
    ) -> list[LandingFile]:
        """Every file in `orders/<channel>/<date>/`, and every misplaced one in
        `orders/<channel>/`, sorted by path (results never depend on listing order); only those
        of `channels` when given (a remote file is fetched only by the step that reads it).
        A refused file carries its `Refusal` and is never opened."""
        location = self.location
        day = business_date.isoformat()
        files = []
        with _failing_on_unreadable_folders():
            channels_landed = location.subfolders("orders")
        for channel in channels_landed:
            if channels is not None and channel not in channels:
                continue
            for relative, refused in self._landed(location, ("orders", channel), day):
                path = Path(location.join(relative)) if refused else self._local(location, relative)
                files.append(LandingFile(channel, path, relative, refused))
        return files

    def loose_order_files(self) -> list[LandingFile]:
        """Files lying directly in `orders/`, in no channel's folder: each refused as misplaced,
        with no channel, and never opened."""
        location = self.location
        with _failing_on_unreadable_folders():
            _, loose = location.loose_entries("orders")
        relatives = [f"orders/{name}" for name in loose]
        return [
            LandingFile("", Path(location.join(r)), r, _misplaced_reason(r, "orders", None))
            for r in relatives
        ]

    def dated_files(self, kind: str, business_date: date) -> list[tuple[Path, str]]:
        """The files of `inventory/<date>/` or `confirmations/<date>/` that may be read: (local
        path, path relative to the root). `refused_files` says why the others are not."""
        location = self.location
        landed = self._landed(location, (kind,), business_date.isoformat())
        return [(self._local(location, r), r) for r, refused in landed if refused is None]

    def refused_files(self, kind: str, business_date: date) -> list[tuple[str, Refusal]]:
        """The paths of `inventory/` or `confirmations/` for the date that are not read (a link
        leading outside, a special file, a misplaced file), each with why."""
        landed = self._landed(self.location, (kind,), business_date.isoformat())
        return [(relative, refused) for relative, refused in landed if refused is not None]

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
        if location.is_local and os.path.lexists(location.join(relative)):
            refused = refusal(Path(location.base), relative)
            if refused is not None:  # a link to nothing must not pass for an absent file
                raise dg.Failure(description=refused.reason, allow_retries=False)
        if not location.exists(relative):
            if name in REQUIRED_REFERENCES:
                raise FileNotFoundError(
                    f"required reference file missing: {location.join(relative)}"
                )
            return pl.DataFrame(schema=schema)
        path = self._local(location, relative)
        try:
            frame = _read_reference_csv(path, relative, schema, OPTIONAL_COLUMNS.get(name, set()))
        except ReplacedAfterListing as error:
            raise dg.Failure(description=str(error), allow_retries=False) from error
        # ids that name output folders and files are refused here, before any is used; retrying
        # cannot help, and would hide the reason behind "Exceeded max_retries"
        try:
            check_reference_identifiers(name, relative, frame)
        except ReferenceIdentifierError as error:
            raise dg.Failure(description=str(error), allow_retries=False) from error
        return frame


class LandingExpectations(dg.ConfigurableResource):
    """Which channels send order files every night: the landing sensor starts a night early once
    all their folders exist, and with `fail_when_missing` a night without a file of each fails."""

    expected_channels: list[str] = Field(default_factory=lambda: list(CHANNELS))
    lookback_days: int = 3
    fail_when_missing: bool = Field(
        default=False,
        description="Fail the night, before it writes anything, when an expected channel landed "
        "no order file for the date (otherwise a date with no file at all only warns).",
    )
