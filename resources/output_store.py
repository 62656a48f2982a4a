"""Where the night's files go: `$OMS_OUTPUT/<date>/<warehouse_id>/` (pick lists, slips,
manifests) and `$OMS_OUTPUT/<date>/channels/<channel>/` (files for the sales channels).

The documents are staged and swapped in whole; the channel files are written one by one by the
stages that make them, and every swap carries the date's `channels/` folder over, so neither
wipes the other."""

from __future__ import annotations

import os
import shutil
from collections.abc import Sequence
from datetime import date
from pathlib import Path

import dagster as dg
from pydantic import Field

from resources.storage import FILE_MODE_HELP, Location, file_mode, set_mode

CHANNELS_FOLDER = "channels"
"""The folder of a date's channel files: written by their own stages, kept across swaps."""
CRM_FOLDER = "crm"
"""The folder of a date's CRM export (stage customers): kept across swaps like the channels'."""
KEPT_FOLDERS = (CHANNELS_FOLDER, CRM_FOLDER)


class OutsideOutputError(ValueError):
    """A file or folder would land outside the output root: refused before anything is written."""


def _one_segment(name: str) -> str:
    """A name used as one folder name: never empty, `.`, `..` or holding a separator or NUL."""
    if not name or name in {".", ".."} or any(c in name for c in "/\\\0"):
        raise OutsideOutputError(
            "a folder name for the output is empty, '.', '..' or holds a path separator: "
            "refused (ids are checked when reference files are read; docs/operations.md, "
            '"Identifiers and paths")'
        )
    return name


class OutputStore(dg.ConfigurableResource):
    """The output folder, local or s3://. A date's folder is replaced whole, so a re-run never
    leaves stale files behind."""

    root: str = Field(description="Output root: a folder or an fsspec URL ($OMS_OUTPUT).")
    file_mode: str = Field(default="", description=FILE_MODE_HELP)

    @property
    def location(self) -> Location:
        return Location.of(self.root)

    @property
    def root_path(self) -> Path:
        """Local root, or the local staging area of a remote root."""
        location = self.location
        return Path(location.base) if location.is_local else location.default_cache() / "output"

    def inside(self, path: Path) -> Path:
        """`path` when it stays under the root once links and `..` are resolved; else raise.

        Every folder written or deleted is found through here, so neither an id from a reference
        file nor a link planted in the output folder can point a write or a clean-up elsewhere.
        """
        root = self.root_path.resolve()
        if not path.resolve().is_relative_to(root):
            raise OutsideOutputError(
                f"{path} leads outside the output root {root} (a link or '..'): refused, "
                "nothing was written or removed there"
            )
        return path

    def date_folder(self, business_date: date) -> Path:
        return self.inside(self.root_path / business_date.isoformat())

    def date_location(self, business_date: date) -> str:
        """Where a date's files end up, as the user would name it (path or URL)."""
        location = self.location
        if location.is_local:
            return str(self.date_folder(business_date))
        return f"{location.fs.unstrip_protocol(location.join(business_date.isoformat()))}"

    def staging_folder(self, business_date: date) -> Path:
        """The local folder a date's files are written into before they are swapped in."""
        return self.inside(self.root_path / ".staging" / business_date.isoformat())

    def _staging_relative(self, business_date: date) -> str:
        return f".staging/{business_date.isoformat()}"

    def begin_staging(self, business_date: date) -> None:
        """Start the date's staging area empty (and, for a remote root, its staging prefix).

        The date's documents are then written by several steps, one per warehouse, possibly in
        other processes or on other hosts; `swap_in` publishes them together.
        """
        staging = self.staging_folder(business_date)
        shutil.rmtree(staging, ignore_errors=True)
        staging.mkdir(parents=True)
        mode = file_mode(self.file_mode)
        set_mode(staging.parent, mode)  # slips are readable by nobody else while being written
        set_mode(staging, mode)
        location = self.location
        if not location.is_local and location.is_dir(self._staging_relative(business_date)):
            location.fs.rm(location.join(self._staging_relative(business_date)), recursive=True)

    def warehouse_folder(self, business_date: date, warehouse_id: str) -> Path:
        """Where one warehouse's files of the date are written (inside the staging folder)."""
        if warehouse_id == CHANNELS_FOLDER:
            raise OutsideOutputError(
                f"a warehouse may not be called '{CHANNELS_FOLDER}': that folder of a date holds "
                "the files for the channels (docs/channels.md)"
            )
        return self.inside(self.staging_folder(business_date) / _one_segment(warehouse_id))

    def stage_warehouse(self, business_date: date, warehouse_id: str) -> None:
        """Make one warehouse's written files visible to the step that swaps the date in.

        A local root is shared by every step (one host, or a shared volume), so nothing moves. A
        remote root's files are uploaded under `<root>/.staging/<date>/<warehouse_id>/`: the swap
        may run on another host.
        """
        location = self.location
        if location.is_local:
            return
        folder = self.warehouse_folder(business_date, warehouse_id)
        location.upload_folder(f"{self._staging_relative(business_date)}/{warehouse_id}", folder)
        shutil.rmtree(folder, ignore_errors=True)

    def swap_in(self, business_date: date, warehouse_ids: Sequence[str]) -> None:
        """Replace the date's published folder with the staged one, whole.

        Readers never see half-written output: a local root swaps folders by rename; a remote
        root replaces the `<date>/` prefix and writes `_SUCCESS` last (consumers wait for it).
        Every warehouse in `warehouse_ids` must have been staged (a render step that wrote to
        another host's disk would otherwise lose its files silently).
        """
        location = self.location
        staged = self._staging_relative(business_date)
        missing = sorted(set(warehouse_ids) - set(location.subfolders(staged)))
        if missing and (location.is_local or not location.was_published(staged)):
            raise FileNotFoundError(
                f"documents of {', '.join(missing)} were not found in {location.join(staged)}: "
                "every render step must write to the same output root (a shared volume or s3://)"
            )
        if not location.is_local:
            location.replace_folder_from(staged, business_date.isoformat(), keep=KEPT_FOLDERS)
            return
        final = self.date_folder(business_date)
        staging = self.staging_folder(business_date)
        _set_modes(staging, file_mode(self.file_mode))
        retired = self.inside(self.root_path / ".staging" / f"{business_date.isoformat()}.old")
        shutil.rmtree(retired, ignore_errors=True)
        for kept in KEPT_FOLDERS:  # written by other stages: kept
            folder = self.inside(final / kept)
            if folder.is_dir() and not (staging / kept).exists():
                folder.rename(staging / kept)
        if final.exists():
            final.rename(retired)
        staging.rename(final)
        shutil.rmtree(retired, ignore_errors=True)

    def _channel_file(self, business_date: date, channel: str, name: str) -> tuple[Path, Path]:
        """The date's `channels/` folder and the path of one channel's file in it, both checked
        to stay under the output root."""
        folder = self.inside(self.date_folder(business_date) / CHANNELS_FOLDER)
        return folder, self.inside(folder / _one_segment(channel) / _one_segment(name))

    def write_channel_file(
        self, business_date: date, channel: str, name: str, content: bytes
    ) -> str:
        """Write `<date>/channels/<channel>/<name>` whole, replacing an earlier copy, and say
        where it is (path or URL).

        A reader sees the old file or the new one, never half of one: the bytes go to a
        temporary file beside it that is renamed over it (a remote root gets one upload).
        """
        folder, path = self._channel_file(business_date, channel, name)
        return self._write_whole(folder, path, content)

    def _write_whole(self, folder: Path, path: Path, content: bytes) -> str:
        """Write `path` (inside `folder`, a folder of a date) whole: the old file or the new one,
        never half of one."""
        location = self.location
        if not location.is_local:
            relative = path.relative_to(self.root_path).as_posix()
            location.fs.pipe_file(location.join(relative), content)
            return location.fs.unstrip_protocol(location.join(relative))
        mode = file_mode(self.file_mode)
        path.parent.mkdir(parents=True, exist_ok=True)
        for made in (folder.parent, folder, path.parent):
            set_mode(made, mode)
        temporary = path.with_name(f".{path.name}.partial")
        temporary.write_bytes(content)
        set_mode(temporary, mode)
        os.replace(temporary, path)
        return str(path)

    def write_date_file(self, business_date: date, folder: str, name: str, content: bytes) -> str:
        """Write `<date>/<folder>/<name>` whole (a folder of KEPT_FOLDERS other than the
        channels'), as `write_channel_file` writes a channel's file, and say where it is."""
        if folder not in KEPT_FOLDERS or folder == CHANNELS_FOLDER:
            raise OutsideOutputError(f"{folder} is not a folder a stage writes into")
        date_folder = self.inside(self.date_folder(business_date) / _one_segment(folder))
        return self._write_whole(
            date_folder, self.inside(date_folder / _one_segment(name)), content
        )

    def remove_channel_file(self, business_date: date, channel: str, name: str) -> None:
        """Remove `<date>/channels/<channel>/<name>` if an earlier run wrote it (a re-run that
        has nothing of that kind to tell the channel any more); nothing else."""
        _, path = self._channel_file(business_date, channel, name)
        location = self.location
        if not location.is_local:
            relative = location.join(path.relative_to(self.root_path).as_posix())
            if location.fs.exists(relative):
                location.fs.rm_file(relative)
            return
        path.unlink(missing_ok=True)


def _set_modes(folder: Path, mode: int) -> None:
    """The folder and everything in it get the configured mode (the writers used the umask)."""
    for path in [folder, *folder.rglob("*")]:
        if not path.is_symlink():
            set_mode(path, mode)
