"""What `oms run` tells an operator about a night that rejected a file: the warning, the file,
the rejected rows per rule, and an alert — never the content of the file it did not accept."""

from __future__ import annotations

import shutil

import duckdb
import pytest

from tests.conftest import FIRST_DAY, make_site
from tests.e2e.test_operations import oms

pytestmark = pytest.mark.e2e

# a real eBay report whose columns were renamed by hand: read as another layout, rejected whole
PRIVATE_HEADER = "Buyer Secret Name,Private Street"
PRIVATE_ROWS = "".join(f"Jane Confidential {n},{n} Hidden Lane\n" for n in range(221))


def test_a_night_with_a_rejected_file_warns_lists_it_with_the_rejected_rows_and_alerts(tmp_path):
    site = make_site(tmp_path, days=1, end_date=FIRST_DAY)
    folder = site.landing / "orders" / "ebay" / FIRST_DAY.isoformat()
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "renamed-report.csv").write_text(PRIVATE_HEADER + "\n" + PRIVATE_ROWS)

    process = oms(site, "run", "--date", FIRST_DAY.isoformat(), dagster_home=tmp_path / "home")
    output = process.communicate(timeout=600)[0]
    assert process.returncode == 0, output

    with duckdb.connect(str(site.warehouse_path), read_only=True) as con:
        ((source_file,),) = con.execute(
            "select source_file from oms.order_rejects where source_row is null"
        ).fetchall()
        by_rule = con.execute(
            "select rule, count(*) from oms.order_rejects where source_row is not null "
            "group by rule"
        ).fetchall()
    assert source_file.endswith("renamed-report.csv")
    assert by_rule, "the demo night has rejected rows to report"

    marks = [line.split()[0] for line in output.splitlines() if "no_rejected_files" in line]
    assert "✓" not in marks and "⚠" in marks, output
    assert f"{FIRST_DAY} done" in output and "with warnings: no_rejected_files" in output
    (table_row,) = [line for line in output.splitlines() if line.startswith(str(FIRST_DAY))]
    rows_rejected, files_rejected = table_row.split()[3:5]
    assert (int(rows_rejected.replace(",", "")), files_rejected) == (
        sum(n for _, n in by_rule),
        "1",
    )
    assert f"{source_file} (ebay): wrong_format" in output
    for rule, count in by_rule:
        assert f"{rule} {count:,}" in output
    for private in ("Buyer Secret", "Private Street", "Confidential", "Hidden Lane"):
        assert private not in output

    (alert,) = (site.output / "alerts").glob("*.txt")
    text = alert.read_text()
    assert "1 file rejected whole on 2026-11-19" in text
    assert f"{source_file} (ebay): wrong_format" in text
    assert "Buyer Secret" not in text and "Confidential" not in text


def test_a_failed_night_writes_an_alert_saying_which_step_failed_and_why(tmp_path):
    site = make_site(tmp_path, days=1, end_date=FIRST_DAY)
    (site.landing / "reference" / "warehouses.csv").unlink()  # a required reference file

    process = oms(site, "run", "--date", FIRST_DAY.isoformat(), dagster_home=tmp_path / "home")
    output = process.communicate(timeout=600)[0]
    assert process.returncode != 0, output

    (alert,) = (site.output / "alerts").glob("*.txt")
    text = alert.read_text()
    assert text.startswith(f"batch-oms: nightly run for {FIRST_DAY} failed"), text
    assert "required reference file missing" in text and "warehouses.csv" in text, text
    assert f"alert written to {alert}" in output, output


def test_a_night_without_any_order_file_is_a_warning_not_a_quiet_green_night(tmp_path):
    site = make_site(tmp_path, days=1, end_date=FIRST_DAY)
    for folder in (site.landing / "orders").glob(f"*/{FIRST_DAY.isoformat()}"):
        shutil.rmtree(folder)

    process = oms(site, "run", "--date", FIRST_DAY.isoformat(), dagster_home=tmp_path / "home")
    output = process.communicate(timeout=600)[0]

    assert process.returncode == 0, output
    assert f"{FIRST_DAY} done" in output and "with warnings: orders_landed" in output
