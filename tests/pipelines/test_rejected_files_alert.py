"""The alert for a night that rejected files whole: names files and rules, never what they hold."""

from pathlib import Path

import dagster as dg

from pipelines.nightly import rejected_files_message
from resources.alerts import Alerts


def _evaluation(name: str, passed: bool, files: list[dict]) -> dg.AssetCheckEvaluation:
    return dg.AssetCheckEvaluation(
        asset_key=dg.AssetKey(["oms", "ingested_files"]),
        check_name=name,
        passed=passed,
        metadata={
            "violations": dg.MetadataValue.int(len(files)),
            "violating_rows": dg.MetadataValue.json(files),
        },
        severity=dg.AssetCheckSeverity.WARN,
    )


def test_the_alert_names_each_rejected_file_and_its_rule(tmp_path: Path):
    files = [
        {"channel": "ebay", "source_file": "orders/ebay/2026-11-20/a.csv", "rule": "wrong_format"},
        {
            "channel": "amazon",
            "source_file": "orders/amazon/2026-11-20/b.txt",
            "rule": "empty_file",
        },
    ]
    title, body = rejected_files_message(
        [_evaluation("no_rejected_files", False, files)], "2026-11-20", "run-1"
    )

    assert title == "batch-oms: 2 files rejected whole on 2026-11-20"
    assert "orders/ebay/2026-11-20/a.csv (ebay): wrong_format" in body
    assert "orders/amazon/2026-11-20/b.txt (amazon): empty_file" in body
    path = Alerts(folder=str(tmp_path)).send(title, body, key="rejected-files-2026-11-20")
    assert path.read_text().startswith(title)


def test_no_alert_when_no_file_was_rejected():
    other = _evaluation("units_conserved", False, [])
    assert rejected_files_message([other], "2026-11-20", "run-1") is None
    assert rejected_files_message([], "2026-11-20", "run-1") is None
