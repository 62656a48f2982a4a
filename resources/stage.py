"""Frames handed from one step to the next as Parquet files, so steps can run in other processes.

The stages that fan out (per-channel ingestion, per-warehouse documents) pass Polars frames between
steps. On Celery or Kubernetes workers each step runs in its own process, possibly on another host,
so every handed-over frame is written as Parquet under a root that is a local folder or an fsspec
URL (`s3://…` for workers on several hosts):

    <root>/<run_id>/<step_key>/<output_name>[/<mapping_key>].parquet          one frame
    <root>/<run_id>/<step_key>/<output_name>[/<mapping_key>]/<name>.parquet   a dict of frames

Files are keyed by the run that produced them (Dagster's output identifier), so a re-execution
from failure reads the outputs of the steps it did not re-run from the parent run's folder. A run's
folder is removed once the run (or a later re-execution of it) succeeded: see `discard_runs`.

In one process (the in-process executor) the next step takes the frames from memory, and with
`background_writes` the Parquet files, then only a safety net for re-execution, are written by a
background thread while the next steps already run: handing 1M orders' frames over costs seconds.

Why not dagster-polars' `PolarsParquetIOManager` (checked with dagster-polars 0.27.12 on Dagster
1.13): it writes one frame per output, and a `dict[str, pl.DataFrame]` *output* fails
(`'dict' object has no attribute 'write_parquet'`) while a `dict[str, pl.DataFrame]` *input* means
"load several partitions" to it; both hand-overs here are dicts of frames (a channel's batch, a
warehouse's document frames). It names an asset's file by asset key and partition, so a night's
files cannot be found and removed by run (`discard_runs`), and every hand-over is a round trip
through Parquet: it has no in-memory path nor background writes for the in-process executor.
Splitting the dicts into one output per frame would change the asset graph; what is left here is
the run-keyed layout and the two in-process shortcuts, which the library does not offer.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import Any

import dagster as dg
import polars as pl
from pydantic import Field, PrivateAttr

from resources.stop_request import raise_if_stop_requested
from resources.storage import FILE_MODE_HELP, Location, file_mode, set_mode

FRAMES_INDEX = "_frames.json"  # names of a dict's frames, in order
# Steps that run side by side and open no database (per-channel ingestion, per-warehouse
# documents) go to their own Celery queue, so workers on any host can take them, while every other
# step stays on the default `dagster` queue, served only on the host of the working database.
# Executors without queues (in-process, multi-process) ignore the tag.
FAN_OUT_QUEUE = "oms-fanout"
FAN_OUT_TAGS = {"dagster-celery/queue": FAN_OUT_QUEUE}
_UNSAFE = re.compile(r"[^A-Za-z0-9_.=-]")


class StageIOManager(dg.ConfigurableIOManager):
    """Parquet hand-over between steps: Polars frames, dicts of frames, or nothing (None)."""

    root: str = Field(
        default="",
        description=(
            "Folder or fsspec URL for stage files; empty = `<dir of warehouse_path>/.work/stage`. "
            "Must be shared by every worker (e.g. s3://bucket/stage) when steps run on several "
            "hosts."
        ),
    )
    warehouse_path: str = Field(
        default="",
        description="The published DuckDB file ($OMS_WAREHOUSE); only locates the default root.",
    )
    compression: str = Field(
        default="lz4", description="Parquet compression: stage files live for one run."
    )
    file_mode: str = Field(default="", description=FILE_MODE_HELP)
    background_writes: bool = Field(
        default=False,
        description=(
            "Write stage files in a background thread (finished before the run ends). Only for "
            "the in-process executor: another process may read a file as soon as its step ended."
        ),
    )

    # Per resource instance, i.e. per run in one process (per step in a multi-process run).
    _handed: dict[str, Any] = PrivateAttr(default_factory=dict)  # not yet loaded, by path
    _writes: dict[str, Future] = PrivateAttr(default_factory=dict)
    _writer: ThreadPoolExecutor | None = PrivateAttr(default=None)

    @property
    def location(self) -> Location:
        if self.root:
            return Location.of(self.root)
        if not self.warehouse_path:
            raise ValueError("StageIOManager needs `root` or `warehouse_path`.")
        return Location.of(str(Path(self.warehouse_path).resolve().parent / ".work" / "stage"))

    def handle_output(self, context: dg.OutputContext, obj: Any) -> None:
        raise_if_stop_requested()
        if obj is None:
            return  # a step that hands nothing over (its result is files or tables)
        is_frames = isinstance(obj, Mapping) and all(
            isinstance(v, pl.DataFrame) for v in obj.values()
        )
        if not isinstance(obj, pl.DataFrame) and not is_frames:
            raise TypeError(
                f"{context.step_key}: the stage IO manager hands over Polars frames, dicts of "
                f"frames or None, not {type(obj).__name__}."
            )
        location = self.location
        path = _path(location, context.get_identifier())
        if isinstance(obj, pl.DataFrame):
            context.add_output_metadata({"dagster/row_count": obj.height})
        self._handed[path] = obj
        if not self.background_writes:
            self._store(location, path, obj)
            return
        if self._writer is None:
            self._writer = ThreadPoolExecutor(max_workers=1, thread_name_prefix="stage-writer")
        self._writes[path] = self._writer.submit(self._store, location, path, obj)

    def load_input(self, context: dg.InputContext) -> Any:
        raise_if_stop_requested()
        location = self.location
        path = _path(location, context.upstream_output.get_identifier())
        if path in self._handed:  # written by an earlier step of this process
            return self._handed.pop(path)
        if path in self._writes:
            self._writes[path].result()
        if location.fs.exists(f"{path}.parquet"):
            return self._read(location, f"{path}.parquet")
        index = f"{path}/{FRAMES_INDEX}"
        if location.fs.exists(index):
            names = json.loads(location.fs.cat_file(index))
            return {name: self._read(location, f"{path}/{_safe(name)}.parquet") for name in names}
        raise FileNotFoundError(
            f"{context.upstream_output.step_key} handed nothing over at {path} (stage files are "
            "removed when a run succeeds; re-run the stage that produces them)."
        )

    def teardown_after_execution(self, context: dg.InitResourceContext) -> None:
        """Every stage file is complete before the run (or the step's process) ends."""
        self._handed.clear()
        writes, self._writes = self._writes, {}
        if self._writer is not None:
            self._writer.shutdown(wait=True)
            self._writer = None
        failed = [path for path, write in writes.items() if write.exception() is not None]
        if failed:
            raise RuntimeError(
                f"stage files could not be written (re-execution from failure would not find "
                f"them): {', '.join(failed)}"
            ) from writes[failed[0]].exception()

    def discard_runs(self, run_ids: Iterable[str]) -> list[str]:
        """Remove the stage files of these runs; returns the folders removed."""
        location = self.location
        removed = []
        for run_id in run_ids:
            folder = location.join(_safe(run_id))
            if location.fs.exists(folder):
                location.fs.rm(folder, recursive=True)
                removed.append(folder)
        return removed

    def _store(self, location: Location, path: str, obj: pl.DataFrame | Mapping) -> None:
        if isinstance(obj, pl.DataFrame):
            self._write(location, f"{path}.parquet", obj)
            return
        for name, frame in obj.items():
            self._write(location, f"{path}/{_safe(name)}.parquet", frame)
        # the index last: a dict is loadable only once all its frames are written
        self._write_bytes(location, f"{path}/{FRAMES_INDEX}", json.dumps(list(obj)).encode())

    def _write(self, location: Location, path: str, frame: pl.DataFrame) -> None:
        # In the background, pyarrow's writer: it encodes on the one writer thread, where Polars'
        # would take its whole worker pool from the steps running meanwhile.
        options = {"compression": self.compression, "use_pyarrow": self.background_writes}
        if location.is_local:
            partial = Path(f"{path}.partial")
            partial.parent.mkdir(parents=True, exist_ok=True)
            mode = file_mode(self.file_mode)
            set_mode(partial.parent, mode)
            frame.write_parquet(partial, statistics=False, **options)
            set_mode(partial, mode)  # names and addresses: not for every user of the host
            partial.replace(path)  # a killed write never leaves a truncated file behind
            return
        with location.fs.open(path, "wb") as handle:  # an object appears whole on close
            frame.write_parquet(handle, statistics=False, **options)

    def _write_bytes(self, location: Location, path: str, data: bytes) -> None:
        if location.is_local:
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        location.fs.pipe_file(path, data)
        if location.is_local:
            set_mode(Path(path), file_mode(self.file_mode))

    def _read(self, location: Location, path: str) -> pl.DataFrame:
        if location.is_local:
            return pl.read_parquet(path)
        with location.fs.open(path, "rb") as handle:
            return pl.read_parquet(handle)


def _safe(part: str) -> str:
    """A path segment from a run id, step key (`render[WH1]`) or mapping key."""
    return _UNSAFE.sub("_", part)


def _path(location: Location, identifier: Iterable[str]) -> str:
    return location.join(*(_safe(part) for part in identifier))
