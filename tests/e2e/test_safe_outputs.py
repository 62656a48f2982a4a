"""Nothing written outside the output folder, nothing left readable by everyone, nobody left
unalerted: whole nights run against hostile reference data, a umask of 022, a failing stage and a
killed process."""

from __future__ import annotations

import hashlib
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
