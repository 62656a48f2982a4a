"""The DuckDB warehouse: the pipeline's private working database and the copy analysts read.

DuckDB allows one writer process or many readers. Analysts keep `$OMS_WAREHOUSE` open at any time,
so the pipeline never writes it: every stage writes a private working database next to it, and the
last step of a night publishes a consistent copy by writing a new file and `os.replace`-ing it over
the published one. Open readers keep their snapshot; new connections see the new night.
"""

from __future__ import annotations

import fcntl
import hashlib
import os
import re
import shutil
import tempfile
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import replace
from datetime import UTC, date, datetime
from pathlib import Path
from typing import IO, NamedTuple

import dagster as dg
import duckdb
import polars as pl
from pydantic import Field

from contracts.tables import (
    SCHEMA,
    Column,
    columns_of,
    table_columns,
    table_ddl_files,
    table_schema,
    view_files,
)
from resources.sql_files import QueryFile, query_file
from resources.stop_request import raise_if_stop_requested
from resources.storage import FILE_MODE_HELP, file_mode, set_mode

PUBLISHED_STORAGE_VERSION = "v1.4.0"
"""DuckDB 1.4 is the long-term-support line: its CLI, JDBC driver (DBeaver) and Python package,
and every later one, read a file of this version."""


def _storage_version(con: duckdb.DuckDBPyConnection) -> str:
    """The storage version the connection's database file is written in, as `v1.4.0`."""
    (tags,) = con.sql(
        "select tags from duckdb_databases() where database_name = current_database()"
    ).fetchall()[0]
    return tags.get("storage_version", "").rstrip("+")


class LayoutError(RuntimeError):
    """The working database cannot take this release's table layout without losing rows."""


class DayClosed(RuntimeError):
    """A business date whose shipments the carrier confirmed: its rows are never replaced."""


class WorkingDatabaseInUse(RuntimeError):
    """Another process holds the working database open, so the night cannot write it."""


_LOCK_HOLDER = re.compile(r"Conflicting lock is held in (.+?) \(PID (\d+)\)")


def _layout_fingerprint() -> str:
    digest = hashlib.sha256()
    for path in [*table_ddl_files(), *view_files()]:
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def ensure_schema(con: duckdb.DuckDBPyConnection) -> None:
    """Bring schema `oms` to this release's layout without ever dropping a row.

    A missing table is created; new nullable columns are added in place; a table whose layout
    changed otherwise is re-created only while it is empty. Any other change (a column dropped,
    renamed or retyped, a new NOT NULL column on a table with rows) raises LayoutError, which
    says what to do: the nights in it may be all an analyst has once the landing area is
    cleaned. Views hold no data and are replaced; comments are applied again. The fingerprint in
    `oms_meta.layout` only says whether this is needed: when the files did not change, it is
    not.
    """
    fingerprint = _layout_fingerprint()
    con.execute("create schema if not exists oms_meta")
    con.execute("create table if not exists oms_meta.layout (fingerprint varchar)")
    if con.sql("select fingerprint from oms_meta.layout").fetchall() == [(fingerprint,)]:
        return
    con.execute("begin")
    try:
        con.execute(f"create schema if not exists {SCHEMA}")
        _drop_views(con)
        _migrate_tables(con)
        for path in view_files():
            con.execute(path.read_text(encoding="utf-8"))
        con.execute("delete from oms_meta.layout")
        con.execute("insert into oms_meta.layout values (?)", [fingerprint])
        con.execute("commit")
    except Exception:
        con.execute("rollback")
        raise


def _drop_views(con: duckdb.DuckDBPyConnection) -> None:
    views = con.sql(
        "select view_name from duckdb_views() where schema_name = $schema and not internal",
        params={"schema": SCHEMA},
    ).fetchall()
    for (view,) in views:
        con.execute(f"drop view {SCHEMA}.{view}")


def _migrate_tables(con: duckdb.DuckDBPyConnection) -> None:
    existing = columns_of(con)
    for path in table_ddl_files():
        table = path.name.removesuffix(".ddl.sql")
        if table in existing:
            _migrate(con, table, existing[table], table_columns()[table])
        con.execute(path.read_text(encoding="utf-8"))  # create if not exists; comments


def _migrate(
    con: duckdb.DuckDBPyConnection, table: str, have: list[Column], wanted: list[Column]
) -> None:
    """Add what is new to one table, or refuse; columns are compared by name."""
    have_by_name = {column.name: column for column in have}
    wanted_by_name = {column.name: column for column in wanted}
    changed = [name for name, column in have_by_name.items() if wanted_by_name.get(name) != column]
    # a NOT NULL column that may now be empty keeps every row as it is
    relaxed = [
        name
        for name in changed
        if replace(have_by_name[name], is_nullable=True) == wanted_by_name.get(name)
    ]
    changed = [name for name in changed if name not in relaxed]
    added = [column for column in wanted if column.name not in have_by_name]
    if not changed and all(column.is_nullable for column in added):
        for name in relaxed:
            con.execute(f"alter table {SCHEMA}.{table} alter column {name} drop not null")
        for column in added:
            con.execute(f"alter table {SCHEMA}.{table} add column {column.name} {column.data_type}")
        return
    counting = f"select count(*) from {SCHEMA}.{table}"  # noqa: S608  table of our DDL files
    if con.sql(counting).fetchall() == [(0,)]:
        con.execute(f"drop table {SCHEMA}.{table}")
        return
    differences = [*changed, *(column.name for column in added if not column.is_nullable)]
    raise LayoutError(
        f"{SCHEMA}.{table} in {_database_path(con)} has rows and a layout this release cannot "
        f"migrate in place (columns {', '.join(sorted(differences))}). Nothing was changed. "
        "Either keep running the previous release, or export what you need, move the working "
        "database aside and re-run the dates from the landing area (docs/operations.md, "
        "'Changing the table layout')."
    )


def _database_path(con: duckdb.DuckDBPyConnection) -> str:
    return (
        con.sql(
            "select path from duckdb_databases() where database_name = current_database()"
        ).fetchall()[0][0]
        or "memory"
    )


def fetch(con: duckdb.DuckDBPyConnection, sql: str, **params: object) -> pl.DataFrame:
    """Run a query with named `$parameters` and return a Polars frame."""
    return con.sql(sql, params=params or None).pl()


class SqlInputError(ValueError):
    """A query file was run with other frames or parameters than its header declares."""


def run_sql_file(
    con: duckdb.DuckDBPyConnection,
    name: str,
    *,
    frames: Mapping[str, pl.DataFrame] | None = None,
    params: Mapping[str, object] | None = None,
) -> pl.DataFrame:
    """Run `sql/<name>.sql` with exactly the frames and parameters its header declares.

    Each frame is registered under its name for the query alone and unregistered after it, so a
    query can only read what it was handed and what its import CTEs name in `oms`. A missing or
    unexpected frame or parameter raises SqlInputError before anything runs.
    """
    frames, params = dict(frames or {}), dict(params or {})
    query = _checked_query(name, frames, params)
    with _handed(con, frames):
        return fetch(con, query.text, **params)


def _checked_query(
    name: str, frames: Mapping[str, pl.DataFrame], params: Mapping[str, object]
) -> QueryFile:
    """`sql/<name>.sql`, refused before anything runs when it is handed other frames or
    parameters than its header declares."""
    query = query_file(name)
    problems = [
        f"{kind} {sorted(declared - given)} missing, {sorted(given - declared)} unexpected"
        for kind, declared, given in [
            ("frames", query.frames, set(frames)),
            ("params", query.params, set(params)),
        ]
        if given != declared
    ]
    if problems:
        raise SqlInputError(f"sql/{name}.sql declares other inputs: {'; '.join(problems)}")
    return query


@contextmanager
def _handed(con: duckdb.DuckDBPyConnection, frames: Mapping[str, pl.DataFrame]) -> Iterator[None]:
    """The frames registered under their names for one query, and unregistered after it."""
    for frame_name, frame in frames.items():
        con.register(frame_name, frame.to_arrow())
    try:
        yield
    finally:
        for frame_name in frames:
            con.unregister(frame_name)


def run_sql_file_on_frames(
    name: str,
    *,
    frames: Mapping[str, pl.DataFrame],
    params: Mapping[str, object] | None = None,
) -> pl.DataFrame:
    """`run_sql_file` in a scratch in-memory database: for a query over handed frames alone."""
    with duckdb.connect() as con:
        return run_sql_file(con, name, frames=frames, params=params)


def read_partition(con: duckdb.DuckDBPyConnection, table: str, business_date: date) -> pl.DataFrame:
    """All rows of `oms.<table>` for one business date."""
    return fetch(
        con,
        # S608 waived: the table is one of our DDL files', chosen by code; the date is bound
        f"select * from {SCHEMA}.{table} where business_date = $business_date",  # noqa: S608
        business_date=business_date,
    )


def replace_partitions(
    con: duckdb.DuckDBPyConnection,
    business_date: date,
    frames: Mapping[str, pl.DataFrame],
    *,
    run_id: str,
) -> None:
    """Replace one business date's rows in several tables, atomically, and say so in the run
    ledger (`oms.partition_writes`: which run, when, how many rows before and after, and a
    fingerprint of the rows, so `oms.rerun_changes` can tell what a re-run changed).

    Either every table holds the new rows of the date or (after a crash) all keep the old ones, so a
    re-run never duplicates and a killed run never leaves a date half-written. A frame must hold
    exactly its table's columns (business_date may be left out: it is the date's): `insert … by
    name` would otherwise fill a forgotten column with NULL without a word.
    """
    for table, frame in frames.items():
        expected = set(table_schema(table)) - {"business_date"}
        given = set(frame.columns) - {"business_date"}
        if given != expected:
            raise ValueError(
                f"rows for {SCHEMA}.{table} do not match its DDL: "
                f"missing {sorted(expected - given)}, unknown {sorted(given - expected)}"
            )
    refuse_closed_day(con, business_date)
    written_at = _now()
    con.execute("begin")
    try:
        for table, frame in frames.items():
            # table names are checked against our DDL files above; values are bound
            deleting = f"delete from {SCHEMA}.{table} where business_date = ?"  # noqa: S608
            (replaced,) = con.execute(deleting, [business_date]).fetchone()
            if frame.height:
                staged = frame.with_columns(pl.lit(business_date).alias("business_date"))
                con.register("staged_rows", staged.to_arrow())
                into = f"{SCHEMA}.{table}"
                con.execute(f"insert into {into} by name select * from staged_rows")  # noqa: S608
                con.unregister("staged_rows")
            _record_write(con, table, business_date, run_id, replaced, written_at)
        con.execute("commit")
    except Exception:
        con.execute("rollback")
        raise


def refuse_closed_day(con: duckdb.DuckDBPyConnection, business_date: date) -> None:
    """Raise DayClosed when the carrier has confirmed shipments of `business_date` on a later
    night (`oms.closed_days`): re-writing that date would un-ship them, so it is never done.
    What a closed date did not ship is served by the nights after it (docs/operations.md)."""
    if _is_simulation(con):
        return  # a what-if copy (pipelines/simulation.py): the real database keeps its rule
    closed = run_sql_file(con, "runs/day_closed_by", params={"business_date": business_date})
    if closed.height:
        shipments, first = closed.row(0)
        raise DayClosed(
            f"{business_date} is closed: the carrier confirmed {shipments} of its shipments, "
            f"first in the confirmations of {first}. A re-run would un-ship them, so a closed "
            "date is never re-run; what it did not ship is served by the nights after it: "
            "correct the inputs there and re-run the first of those that is still open "
            '(docs/operations.md, "Closed days").'
        )


def _is_simulation(con: duckdb.DuckDBPyConnection) -> bool:
    """Whether this database is a simulation's copy, marked by `oms_meta.simulation`."""
    marks = con.execute(
        "select count(*) from duckdb_tables() "
        "where schema_name = 'oms_meta' and table_name = 'simulation'"
    ).fetchall()
    return marks == [(1,)]


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def _record_write(
    con: duckdb.DuckDBPyConnection,
    table: str,
    business_date: date,
    run_id: str,
    replaced: int,
    written_at: datetime | None = None,
) -> None:
    """The run ledger's row of a date just written to `table` (a name checked against the DDL),
    inside the transaction that wrote it."""
    recording = f"""
        insert into {SCHEMA}.partition_writes by name
        select
            $table as table_name,
            $business_date as business_date,
            $run_id as run_id,
            $written_at as written_at,
            count(*) as rows_written,
            $replaced as rows_replaced,
            coalesce(sum(hash(written)), 0) as content_hash,
            version() as duckdb_version
        from {SCHEMA}.{table} as written
        where business_date = $business_date
    """  # noqa: S608
    values = {"table": table, "business_date": business_date, "run_id": run_id}
    values |= {"written_at": written_at or _now(), "replaced": replaced}
    con.execute(recording, values)


def replace_partition_with_sql_file(
    con: duckdb.DuckDBPyConnection,
    name: str,
    *,
    into: str,
    business_date: date,
    frames: Mapping[str, pl.DataFrame] | None = None,
    params: Mapping[str, object] | None = None,
    run_id: str,
) -> int:
    """Replace one business date's rows of `oms.<into>` with the rows `sql/<name>.sql` selects,
    in one transaction recorded in the run ledger (as `replace_partitions`), and return how many
    were written.

    The rows go from the query into the table inside DuckDB, in the query's order: they never
    become a frame, so a large night costs the query's memory and not three copies of its result
    (docs/scaling.md). The query must select exactly the table's columns but business_date, the
    date's: `insert … by name` would otherwise fill a forgotten column with NULL without a word."""
    frames, params = dict(frames or {}), dict(params or {})
    query = _checked_query(name, frames, params)
    with _handed(con, frames):
        selected = con.sql(query.text, params=params or None).columns
        expected = set(table_schema(into)) - {"business_date"}
        given = set(selected)
        if given != expected:
            raise ValueError(
                f"sql/{name}.sql does not select the columns of {SCHEMA}.{into}: "
                f"missing {sorted(expected - given)}, unknown {sorted(given - expected)}"
            )
        refuse_closed_day(con, business_date)
        con.execute("begin")
        try:
            # the table is one of our DDL files' (checked above); values are bound
            deleting = f"delete from {SCHEMA}.{into} where business_date = $replaced_date"  # noqa: S608
            (replaced,) = con.execute(deleting, {"replaced_date": business_date}).fetchone()
            inserting = (
                f"insert into {SCHEMA}.{into} by name "  # noqa: S608
                f"select $replaced_date as business_date, * from ({query.text}\n)"
            )
            (written,) = con.execute(
                inserting, {**params, "replaced_date": business_date}
            ).fetchone()
            _record_write(con, into, business_date, run_id, replaced)
            con.execute("commit")
        except Exception:
            con.execute("rollback")
            raise
    return written


class KilledRun(NamedTuple):
    """A run whose process died while it held the writer lock, or while it waited for it."""

    run_id: str
    held_the_lock: bool


@contextmanager
def writer_lock(working_path: Path, holder: str, log=None) -> Iterator[list[KilledRun]]:
    """An exclusive advisory lock beside the working database, held by one run at a time
    (any process). Yields the runs that earlier processes left behind, killed.

    The holder (a run id) is written into the file while the lock is held and erased before it
    is released. The kernel releases the lock of a process that dies, but nothing erases its
    name then: a name found on taking the lock is a run killed while it held it. A run that
    waits holds a lock of its own on `waiting/<run id>` until it ends: one of those that can be
    locked by someone else belongs to a run killed while it waited."""
    working_path.parent.mkdir(parents=True, exist_ok=True)
    waiting = working_path.parent / "waiting"
    with _waiting_as(waiting, holder), open(working_path.with_suffix(".run.lock"), "a+") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            if log:
                log.info("Another run is writing the warehouse; waiting for it to finish.")
            started = time.monotonic()
            fcntl.flock(handle, fcntl.LOCK_EX)
            if log:
                log.info(f"Writer lock acquired after {time.monotonic() - started:.1f} s.")
        handle.seek(0)
        abandoned_by = handle.read().strip()
        killed = [KilledRun(abandoned_by, True)] if abandoned_by else []
        killed += [KilledRun(r, False) for r in _killed_waiters(waiting) if r != abandoned_by]
        _record_holder(handle, holder)
        try:
            yield killed
        finally:
            _record_holder(handle, "")
            fcntl.flock(handle, fcntl.LOCK_UN)


@contextmanager
def _waiting_as(waiting: Path, run_id: str) -> Iterator[None]:
    """Hold `waiting/<run_id>` locked while this process lives. The file is locked before it
    gets its name, so no one ever finds it unlocked while its run is alive."""
    if not run_id:
        yield
        return
    waiting.mkdir(exist_ok=True)
    marker = waiting / run_id
    with tempfile.NamedTemporaryFile(dir=waiting, prefix=".", delete=False) as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        os.replace(handle.name, marker)
        try:
            yield
        finally:
            marker.unlink(missing_ok=True)


def _killed_waiters(waiting: Path) -> list[str]:
    """Run ids of `waiting/` markers whose process is gone (their lock can be taken), removed."""
    if not waiting.is_dir():
        return []
    killed = []
    for marker in sorted(p for p in waiting.iterdir() if not p.name.startswith(".")):
        with open(marker, "rb") as handle:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                continue  # its run is alive, waiting or running
            marker.unlink(missing_ok=True)
            killed.append(marker.name)
    return killed


def fail_killed_run(
    instance: dg.DagsterInstance | None, killed: KilledRun, by_run: str | None, log=None
) -> None:
    """Mark a run that died at the writer lock failed, if the instance still has it running:
    killed with SIGKILL, out of memory or by a power cut, it could not say so itself, and would
    show as started for ever. Its stage files go when its date next succeeds."""
    run = instance.get_run_by_id(killed.run_id) if instance is not None else None
    if run is None or run.is_finished:
        return
    if killed.held_the_lock:
        when, left = "while it held the writer lock", "Each of its tables was left whole"
    else:
        when, left = "while it waited for the writer lock", "It had written nothing"
    message = (
        f"Run {killed.run_id} ended {when} (killed: kill -9, out of memory or a power cut) and "
        f"could not record it; marked failed by run {by_run}, which took the lock. {left}; "
        "re-run its date."
    )
    instance.report_run_failed(run, message)
    if log:
        log.warning(f"marked run {killed.run_id} failed: {message}")


def _record_holder(handle: IO[str], holder: str) -> None:
    handle.seek(0)
    handle.truncate()
    handle.write(holder)
    handle.flush()
    os.fsync(handle.fileno())


class Warehouse(dg.ConfigurableResource):
    """The DuckDB warehouse (`$OMS_WAREHOUSE`): analysts read it, the pipeline publishes it."""

    path: str = Field(description="Published DuckDB file that analysts open read-only.")
    memory_limit: str = Field(default="8GB", description="DuckDB memory_limit for pipeline work.")
    threads: int = Field(default=0, description="DuckDB threads; 0 = one per core.")
    file_mode: str = Field(default="", description=FILE_MODE_HELP)
    published_storage_version: str = Field(
        default=PUBLISHED_STORAGE_VERSION,
        description="DuckDB storage version of the published file: the oldest DuckDB analysts' "
        "tools must open it with (docs/analysts.md).",
    )

    @property
    def published_path(self) -> Path:
        return Path(self.path).resolve()

    @property
    def working_path(self) -> Path:
        """The pipeline's private database: `<dir>/.work/<name>`. Only the pipeline opens it."""
        published = self.published_path
        return published.parent / ".work" / published.name

    @contextmanager
    def yield_for_execution(self, context: dg.InitResourceContext) -> Iterator[Warehouse]:
        """Hold the writer lock for the whole run: a second run waits here instead of failing on a
        DuckDB lock or interleaving its dates with ours."""
        with writer_lock(self.working_path, context.run_id or "", log=context.log) as killed:
            for run in killed:
                fail_killed_run(context.instance, run, context.run_id, log=context.log)
            yield self

    @contextmanager
    def connect(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """A read-write connection to the working database, schema ensured.

        `.work/` gets the folder mode, so its write-ahead log and spill files, which DuckDB
        creates with the umask, are no more readable than the database itself."""
        raise_if_stop_requested()
        mode = file_mode(self.file_mode)
        self.working_path.parent.mkdir(parents=True, exist_ok=True)
        set_mode(self.working_path.parent, mode)
        # a new file is written in the version analysts' tools read; the byte copy published
        # keeps it (DuckDB 2.0's own format is refused by the 1.5 CLI)
        config = {
            "memory_limit": self.memory_limit,
            "storage_compatibility_version": self.published_storage_version,
        }
        if self.threads:
            config["threads"] = str(self.threads)
        con = self._open_working(config)
        if _storage_version(con) != self.published_storage_version:
            con.close()  # a file of an earlier release, in another version: rewritten once
            self._rewrite_working_file(config)
            con = self._open_working(config)
        set_mode(self.working_path, mode)
        try:
            ensure_schema(con)
            yield con
        finally:
            con.close()

    def _rewrite_working_file(self, config: dict[str, str]) -> None:
        """Write the working database again in `published_storage_version`, every table, view
        and comment, and put it in place of the old file."""
        rewritten = self.working_path.with_name(f"{self.working_path.name}.rewriting")
        rewritten.unlink(missing_ok=True)
        con = self._open_working(config)
        try:
            working = con.sql("select current_database()").fetchall()[0][0]
            con.execute(
                f"attach '{rewritten}' as rewritten "
                f"(storage_version '{self.published_storage_version}')"
            )
            con.execute(f"copy from database {working} to rewritten")
            con.execute("detach rewritten")
        finally:
            con.close()
        os.replace(rewritten, self.working_path)

    def _open_working(self, config: dict[str, str]) -> duckdb.DuckDBPyConnection:
        """DuckDB allows one writer or many readers: any other process on `.work/` (read-only
        too) stops the night, and the error names it and where analysts read instead."""
        try:
            return duckdb.connect(str(self.working_path), config=config)
        except duckdb.IOException as error:
            holder = _LOCK_HOLDER.search(str(error))
            if holder is None:
                raise
            program, pid = holder.groups()
            raise WorkingDatabaseInUse(
                f"The working database {self.working_path} is open in another process "
                f"({program}, PID {pid}), so the night cannot write it. It is the pipeline's "
                "private copy: close that connection (a notebook, a BI tool, the DuckDB CLI) and "
                f"re-run the date. Analysts read the published database {self.published_path}, "
                "which the pipeline never holds open (docs/operations.md, 'Which database to "
                "open')."
            ) from None

    def read_partition(self, table: str, business_date: date) -> pl.DataFrame:
        """All rows of `oms.<table>` for one business date, on a connection of its own."""
        with self.connect() as con:
            return read_partition(con, table, business_date)

    def publish(self) -> Path:
        """Copy the working database over the published one atomically (see module docstring).
        A byte copy suffices: the working file is kept in `published_storage_version`."""
        with self.connect() as con:
            con.execute("checkpoint")
        target = self.published_path
        target.parent.mkdir(parents=True, exist_ok=True)
        staging = target.with_name(f".{target.name}.publishing")
        shutil.copyfile(self.working_path, staging)
        set_mode(staging, file_mode(self.file_mode))  # before it is visible under its name
        with open(staging, "rb+") as handle:
            os.fsync(handle.fileno())
        os.replace(staging, target)
        return target
