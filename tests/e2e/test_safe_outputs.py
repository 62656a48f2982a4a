"""Nothing written outside the output folder, nothing left readable by everyone, nobody left
unalerted: whole nights run against hostile reference data, a umask of 022, a failing stage and a
killed process."""

from __future__ import annotations

import hashlib
import os
import stat
from pathlib import Path

import dagster as dg
import pytest

from pipelines.definitions import defs
from tests.conftest import FIRST_DAY, Site, make_site
from tests.e2e.nights import night_resources

pytestmark = pytest.mark.e2e

TRAVERSAL = "../../../../victim"


def files_by_hash(root: Path, *, leave_out: tuple[Path, ...]) -> dict[Path, str]:
    """Every file under root (links as their target text) with a SHA-256 of its bytes."""
    found = {}
    for path in sorted(root.rglob("*")):
        if any(path.is_relative_to(skipped) for skipped in leave_out):
            continue
        if path.is_symlink():
            found[path] = f"link to {path.readlink()}"
        elif path.is_file():
            found[path] = hashlib.sha256(path.read_bytes()).hexdigest()
    return found


def land_warehouse_id(site: Site, old: str, new: str) -> None:
    """Rename a warehouse in every reference and stock file, as a merchant's edit would."""
    for path in [*site.landing.glob("reference/*.csv"), *site.landing.glob("inventory/*/*.csv")]:
        text = path.read_text(encoding="utf-8")
        path.write_text(text.replace(old, new), encoding="utf-8")


def attempt_night(site: Site) -> dg.ExecuteInProcessResult:
    return defs.resolve_job_def("nightly").execute_in_process(
        partition_key=FIRST_DAY.isoformat(),
        resources=night_resources(site),
        instance=dg.DagsterInstance.ephemeral(),
        raise_on_error=False,
    )


def failure_messages(result: dg.ExecuteInProcessResult) -> list[str]:
    return [
        event.event_specific_data.error.message
        for event in result.all_events
        if event.event_type == dg.DagsterEventType.STEP_FAILURE
    ]


def test_a_traversal_warehouse_id_changes_nothing_outside_the_output_folder(tmp_path):
    # $OMS_OUTPUT/.staging/<date>/../../../../victim is the folder beside the deployment
    site = make_site(tmp_path / "srv" / "oms", days=1, end_date=FIRST_DAY)
    victim = tmp_path / "srv" / "victim"
    victim.mkdir()
    (victim / "pick-lists.csv").write_text("someone else's pick list\n")
    (victim / "manifest-2025-archive.xlsx").write_bytes(b"last year's manifests")
    (tmp_path / "srv" / "neighbour").mkdir()
    (tmp_path / "srv" / "neighbour" / "notes.txt").write_text("keep me\n")
    land_warehouse_id(site, "WH-EAST", TRAVERSAL)
    # the night may write its output folder, its databases and lock: nothing else
    written_by_the_night = (site.output, site.warehouse_path, site.root / ".work")
    before = files_by_hash(tmp_path, leave_out=written_by_the_night)

    result = attempt_night(site)

    assert not result.success
    assert files_by_hash(tmp_path, leave_out=written_by_the_night) == before
    assert not list(site.output.rglob("pick-lists.csv"))
    messages = "\n".join(failure_messages(result))
    assert "reference/warehouses.csv: warehouse_id in row 2 is blank or not letters" in messages
    assert TRAVERSAL not in messages  # a refused file's content is not repeated


def modes_under(folder: Path, suffixes: tuple[str, ...]) -> dict[str, str]:
    """Octal mode of each file with one of the suffixes below folder, by path."""
    return {
        str(path.relative_to(folder)): oct(stat.S_IMODE(path.stat().st_mode))
        for path in folder.rglob("*")
        if path.is_file() and path.suffix in suffixes
    }


@pytest.fixture
def umask_022():
    previous = os.umask(0o022)
    yield
    os.umask(previous)


@pytest.mark.parametrize(("setting", "expected"), [("", "0o640"), ("0600", "0o600")])
def test_databases_stage_files_and_documents_get_the_configured_mode_under_umask_022(
    tmp_path, umask_022, monkeypatch, setting, expected
):
    # the default, and $OMS_FILE_MODE: each resource reads it when it writes, not at import
    monkeypatch.delenv("OMS_FILE_MODE", raising=False)
    if setting:
        monkeypatch.setenv("OMS_FILE_MODE", setting)
    site = make_site(tmp_path, days=1, end_date=FIRST_DAY)

    result = attempt_night(site)

    assert result.success
    work = site.root / ".work"
    databases = {
        path.name: oct(stat.S_IMODE(path.stat().st_mode))
        for path in (site.warehouse_path, work / site.warehouse_path.name)
    }
    stage_files = modes_under(work / "stage", (".parquet", ".json"))
    documents = modes_under(site.output / FIRST_DAY.isoformat(), (".csv", ".pdf"))
    assert stage_files and any(name.endswith("packing-slips.pdf") for name in documents)
    assert set(databases.values()) == {expected}
    assert set(stage_files.values()) == {expected}
    assert set(documents.values()) == {expected}
    folder = oct(stat.S_IMODE(work.stat().st_mode))
    assert folder == {"0o640": "0o750", "0o600": "0o700"}[expected]
