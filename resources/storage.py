"""One way to reach a folder, local or on object storage (s3://…), for the landing area and outputs.

Both resources take a root that is a local path or an fsspec URL. Remote files are copied to a local
cache before reading, by fsspec's `filecache` (the readers and DuckDB then work on local files, as
they do for a local landing area); remote outputs are written locally and uploaded. Credentials
and endpoint come from the usual variables (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY,
AWS_ENDPOINT_URL for S3-compatible stores).
"""

from __future__ import annotations

import hashlib
import os
import stat
import tempfile
from dataclasses import dataclass
from pathlib import Path

import dagster as dg
import fsspec
from fsspec.implementations.local import LocalFileSystem

# For the steps that read or write the landing area, the outputs or the stage files: on object
# storage a connection dropped mid-transfer or an endpoint restarting fails a step that would pass
# a few seconds later (s3fs already retries single requests; this retries the step). Every such
# step is safe to repeat: it reads files, writes a date's tables in one transaction or replaces
# staged files whole. A refusal that cannot pass on retry raises `dg.Failure(allow_retries=False)`.
OBJECT_STORAGE_RETRY = dg.RetryPolicy(
    max_retries=2, delay=2, backoff=dg.Backoff.EXPONENTIAL, jitter=dg.Jitter.PLUS_MINUS
)


FILE_MODE_VARIABLE = "OMS_FILE_MODE"
DEFAULT_FILE_MODE = "0640"
FILE_MODE_HELP = (
    "Octal mode of the files created (databases, stage Parquet files, documents, CSVs); folders "
    "get the same bits plus x where r is set. Empty: $OMS_FILE_MODE, else 0640 (owner and group "
    "read them, nobody else: they hold names and addresses)."
)


def file_mode(setting: str | None) -> int:
    """The mode files are created with: the setting, else $OMS_FILE_MODE, else 0640.

    Read when a file is written, never at import. The owner must keep read and write (the
    pipeline reopens its own files); other bits are the deployment's choice."""
    text = (setting or os.environ.get(FILE_MODE_VARIABLE) or DEFAULT_FILE_MODE).strip()
    try:
        mode = int(text, 8)
    except ValueError:
        mode = -1
    if not 0 <= mode <= 0o777 or mode & 0o600 != 0o600:
        raise ValueError(
            f"file mode {text!r} (setting or ${FILE_MODE_VARIABLE}) is not an octal mode from "
            "0600 to 0777 that lets the owner read and write, such as 0640 or 0600"
        )
    return mode


def folder_mode(mode: int) -> int:
    """The folder mode of a file mode: x wherever r is set (0640 -> 0750, 0600 -> 0700)."""
    return mode | (mode & 0o444) >> 2


def set_mode(path: Path, mode: int) -> Path:
    """Give a file (or, for a folder, `folder_mode`) its mode, whatever the umask made it."""
    wanted = folder_mode(mode) if path.is_dir() else mode
    if stat.S_IMODE(path.stat().st_mode) != wanted:  # a folder of another owner is left alone
        os.chmod(path, wanted)
    return path


def _name(entry: dict) -> str:
    return entry["name"].rstrip("/").rsplit("/", 1)[-1]


PUBLISHED = "_PUBLISHED"  # in a staged folder: its files were all copied to their destination


@dataclass(frozen=True)
class Location:
    """A root folder on some filesystem: `fs` and the root's path as that filesystem names it."""

    fs: fsspec.AbstractFileSystem
    base: str

    @classmethod
    def of(cls, root: str) -> Location:
        fs, base = fsspec.core.url_to_fs(root)
        return cls(fs=fs, base=base.rstrip("/"))

    @property
    def is_local(self) -> bool:
        return isinstance(self.fs, LocalFileSystem)

    def join(self, *parts: str) -> str:
        return "/".join([self.base, *parts])

    def is_dir(self, *parts: str) -> bool:
        """Whether `parts` is a folder. On the local disk only a path that is not there is "no":
        a folder whose parent cannot be entered (no permission) raises, so a night never runs
        as if its files had not landed (`os.path.isdir` would say False)."""
        path = self.join(*parts)
        if not self.is_local:
            self.fs.invalidate_cache()
            return self.fs.isdir(path)
        try:
            return self.fs.info(path)["type"] == "directory"
        except (FileNotFoundError, NotADirectoryError):
            return False

    def _entries(self, *parts: str) -> list[dict]:
        return self.fs.ls(self.join(*parts), detail=True) if self.is_dir(*parts) else []

    def subfolders(self, *parts: str) -> list[str]:
        """Names of the folders directly under `parts`, sorted; on the local disk a link to a
        folder counts (the landing zone then decides whether what it leads to may be read)."""
        return sorted(
            _name(e)
            for e in self._entries(*parts)
            if e["type"] == "directory" or (e.get("islink") and self.fs.isdir(e["name"]))
        )

    def loose_entries(self, *parts: str) -> tuple[list[str], list[str]]:
        """Names directly under `parts`: (real folders, everything else — files, links, special
        files), each sorted. Nothing is opened or followed."""
        entries = self._entries(*parts)
        folders = sorted(_name(e) for e in entries if e["type"] == "directory")
        others = sorted(
            _name(e) for e in entries if e["type"] != "directory" and not e["name"].endswith("/")
        )
        return folders, others

    def files_under(self, *parts: str) -> list[str]:
        """Paths, relative to the root, of every file below `parts`, sorted.

        A folder that cannot be listed (no permission) raises, so a night never runs as if its
        files had not landed. Not `fs.find`: on the local disk it skips such a folder without a
        word, and `walk(on_error="raise")` only raises for the top folder (fsspec 2026.9 does not
        pass `on_error` down), so each folder is listed here, one `ls` per level. On the local
        disk a link (to a folder too) or a special file is an entry here, never followed."""
        if not self.is_dir(*parts):
            return []
        found, folders = [], [self.join(*parts)]
        while folders:
            folder = folders.pop()
            for entry in self.fs.ls(folder, detail=True):
                name = entry["name"]
                if entry["type"] == "directory":
                    if name.rstrip("/") != folder:
                        folders.append(name.rstrip("/"))
                elif not name.endswith("/"):  # an S3 folder marker is not a file
                    found.append(name)
        return sorted(path[len(self.base) + 1 :] for path in found)

    def exists(self, relative: str) -> bool:
        return self.fs.exists(self.join(relative))

    def local_copy(self, relative: str, cache: Path) -> Path:
        """A local path holding the file: itself when local, else a copy in `cache`.

        The copy is fsspec's `filecache` (not `simplecache`, which never looks again): it is
        fetched again when the stored file changed (ETag or modification time), so a re-landed
        export is read anew, and an unchanged one is not downloaded twice. Copies are named by a
        hash of their path; callers keep the relative path for anything that reads the name."""
        if self.is_local:
            return Path(self.join(relative))
        cached = fsspec.filesystem(
            "filecache", fs=self.fs, cache_storage=str(cache), check_files=True, expiry_time=False
        )
        with cached.open(self.join(relative), "rb") as handle:
            return Path(handle.name)

    def default_cache(self) -> Path:
        digest = hashlib.sha1(
            f"{self.fs.protocol}:{self.base}".encode(), usedforsecurity=False
        ).hexdigest()[:12]
        return Path(tempfile.gettempdir()) / "batch-oms-cache" / digest

    def upload_folder(self, relative: str, local_folder: Path) -> None:
        """Copy every file of `local_folder` to `<root>/<relative>/` (remote roots only)."""
        target = self.join(relative)
        files = sorted(p for p in local_folder.rglob("*") if p.is_file())
        for path in files:
            self.fs.put_file(str(path), f"{target}/{path.relative_to(local_folder).as_posix()}")

    def replace_folder(self, relative: str, local_folder: Path) -> None:
        """Make `<root>/<relative>` hold exactly the files of `local_folder` (remote roots only)."""
        target = self.join(relative)
        if self.fs.exists(target):
            self.fs.rm(target, recursive=True)
        self.upload_folder(relative, local_folder)
        self.fs.pipe_file(f"{target}/_SUCCESS", b"")

    def replace_folder_from(self, staged: str, relative: str, keep: tuple[str, ...] = ()) -> None:
        """Make `<root>/<relative>` hold exactly the files under `<root>/<staged>`, then remove
        those (remote roots only; copies stay on the store's side, `_SUCCESS` is written last).
        Files under `<relative>/<k>/` for each folder `k` of `keep`, written there by other steps,
        stay.

        Safe to repeat after a failure at any point, as a step retry does: once every file is
        copied and `_SUCCESS` written, `<staged>/_PUBLISHED` marks the staged files as used and
        goes last, so a repeat that finds it only finishes removing them. Without it, a repeat
        after a half-done removal would publish, with `_SUCCESS`, what was left."""
        target = self.join(relative)
        marker = f"{self.join(staged)}/{PUBLISHED}"
        if not self.fs.exists(marker):
            kept = tuple(f"{relative}/{folder}/" for folder in keep)
            if old := [
                self.join(path)
                for path in self.files_under(relative)
                if not (kept and path.startswith(kept))
            ]:
                self.fs.rm(old)
            for path in self.files_under(staged):
                self.fs.copy(self.join(path), f"{target}/{path[len(staged) + 1 :]}")
            self.fs.pipe_file(f"{target}/_SUCCESS", b"")
            self.fs.pipe_file(marker, b"")
        used = [self.join(path) for path in self.files_under(staged)]
        if rest := [path for path in used if path != marker]:
            self.fs.rm(rest)
        self.fs.rm(marker)
        if self.is_dir(staged):
            self.fs.rm(self.join(staged), recursive=True)

    def was_published(self, staged: str) -> bool:
        """`replace_folder_from(staged, …)` copied everything and only its clean-up is left."""
        return self.exists(f"{staged}/{PUBLISHED}")
