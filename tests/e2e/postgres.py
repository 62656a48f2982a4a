"""A throwaway PostgreSQL server on 127.0.0.1 for the test that keeps Dagster's instance there."""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


def postgres_bin() -> Path | None:
    """The server binaries of Debian's postgresql package, if installed."""
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"))
    return Path(found[-1]).parent if found else None


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def postgres_server() -> Iterator[dict[str, str]]:
    """initdb + pg_ctl start on a free port (as user postgres when we are root); yield
    DAGSTER_PG_URL.

    The cluster lives in its own world-traversable temp folder: pytest's are private to root.
    """
    binaries = postgres_bin()
    assert binaries is not None
    folder = Path(tempfile.mkdtemp(prefix="oms-pg-"))
    folder.chmod(0o755)
    data, sockets = folder / "pgdata", folder / "sockets"
    sockets.mkdir(parents=True)
    as_user: list[str] = []
    if os.geteuid() == 0:  # initdb refuses to run as root
        as_user = ["runuser", "-u", "postgres", "--"]
        shutil.chown(folder, "postgres")
        shutil.chown(sockets, "postgres")
    port = _free_port()

    def run(*command: str) -> None:
        subprocess.run([*as_user, *command], check=True, capture_output=True, cwd="/")

    run(str(binaries / "initdb"), "-D", str(data), "--auth=trust", "-U", "postgres")
    options = f"-p {port} -k {sockets} -c listen_addresses=127.0.0.1"
    run(
        str(binaries / "pg_ctl"),
        "-D",
        str(data),
        "-o",
        options,
        "-w",
        "-l",
        str(folder / "pg.log"),
        "start",
    )
    try:
        run(
            str(binaries / "createdb"),
            "-h",
            "127.0.0.1",
            "-p",
            str(port),
            "-U",
            "postgres",
            "dagster",
        )
        yield {"DAGSTER_PG_URL": f"postgresql+psycopg2://postgres@127.0.0.1:{port}/dagster"}
    finally:
        run(str(binaries / "pg_ctl"), "-D", str(data), "-m", "immediate", "-w", "stop")
        shutil.rmtree(folder, ignore_errors=True)
