"""The manifest a driver signs: every package, its tracking number once confirmed, by barcode."""

import csv
import datetime as dt
import io

import duckdb
import polars as pl
import pypdf
import pypdfium2
import pytest
import zxingcpp

from assets.documents import manifest_pdf
from resources.warehouse import ensure_schema, replace_partitions, run_sql_file
from tests.documents.night_documents import fulfilled_night, write_night
from tests.fulfillment.synthetic_night import BUSINESS_DATE


@pytest.fixture(scope="module")
def night():
    return fulfilled_night(orders=60)


@pytest.fixture(scope="module")
def tracked(night) -> pl.DataFrame:
    """The night's manifest lines, every other shipment's carrier having confirmed it."""
    shipments = night.manifest_lines["shipment_id"].unique().sort()
    numbers = pl.DataFrame(
        {
            "shipment_id": shipments,
            "tracking_number": [f"1Z{n:016d}" for n in range(len(shipments))],
        }
    ).filter(pl.int_range(pl.len()) % 2 == 0)
    return night.manifest_lines.join(numbers, on="shipment_id", how="left", maintain_order="left")


@pytest.fixture(scope="module")
def written(night, tracked, tmp_path_factory):
    folder = tmp_path_factory.mktemp("WH1")
    write_night(folder, night, manifest_lines=tracked)
    return folder


def _manifests(folder, tracked):
    for path in sorted(folder.glob("manifest-*.pdf")):
        code = path.stem.removeprefix("manifest-")
        carrier = pl.col("carrier").str.to_uppercase() == code
        yield path, tracked.filter(carrier & (pl.col("warehouse_id") == "WH1"))


def _list_text(path) -> list[str]:
    return [
        line
        for page in pypdf.PdfReader(path).pages[1:]
        for line in page.extract_text().splitlines()
    ]


def test_every_package_is_listed_with_its_tracking_number_once_confirmed(written, tracked):
    for path, lines in _manifests(written, tracked):
        listed = _list_text(path)
        for package in lines.iter_rows(named=True):
            tracking = package["tracking_number"] or manifest_pdf.NO_TRACKING
            row = f"{package['package_id']} {tracking} "
            weight = f"{package['weight_g'] / 1000:.3f}"
            assert any(line.startswith(row) and line.endswith(weight) for line in listed), row


def test_the_sheet_counts_the_packages_still_without_a_tracking_number(written, tracked):
    for path, lines in _manifests(written, tracked):
        untracked = lines["tracking_number"].is_null().sum()
        summary = pypdf.PdfReader(path).pages[0].extract_text()

        assert 0 < untracked < lines.height
        assert (
            f"Tracking numbers: {lines.height - untracked} of {lines.height} packages, "
            f"{untracked} without one"
        ) in summary


def test_each_listed_package_scans_to_its_id_at_200_dpi(written, tracked):
    for path, lines in _manifests(written, tracked):
        document = pypdfium2.PdfDocument(path)
        scanned = [
            code.text
            for page in range(1, len(document))
            for code in zxingcpp.read_barcodes(document[page].render(scale=200 / 72).to_pil())
        ]
        assert sorted(scanned) == sorted(lines["package_id"])


def test_a_long_list_goes_on_over_numbered_pages_drawn_in_batches_the_same_bytes(
    night, tmp_path, monkeypatch
):
    many = fulfilled_night(orders=400)
    first = write_night(tmp_path / "one", many)
    monkeypatch.setattr(manifest_pdf, "PAGES_PER_BATCH", 1)
    again = write_night(tmp_path / "two", many, processes=2)
    longest = max(
        (p for p in first if p.suffix == ".pdf" and "manifest" in p.name),
        key=lambda p: p.stat().st_size,
    )
    pages = pypdf.PdfReader(longest).pages

    assert len(pages) > 2
    assert f"Page {len(pages)} of {len(pages)}" in pages[-1].extract_text()
    for one, two in zip(first, again, strict=True):
        assert one.read_bytes() == two.read_bytes(), one.name


def test_manifest_csv_carries_each_package_s_tracking_number(written, tracked):
    for path in sorted(written.glob("manifest-*.csv")):
        rows = list(csv.DictReader(io.StringIO(path.read_text())))
        given = {row["package_id"]: row["tracking_number"] for row in rows}
        expected = tracked.filter(pl.col("package_id").is_in(list(given)))
        assert len(given) == expected.height
        assert given == dict(
            expected.select("package_id", pl.col("tracking_number").fill_null("")).iter_rows()
        )


def test_the_tracking_number_is_the_applied_confirmation_s_whichever_night_it_came(night):
    con = duckdb.connect()
    ensure_schema(con)
    lines = night.manifest_lines
    first, second, third = lines["shipment_id"].unique().sort()[:3]
    replace_partitions(con, BUSINESS_DATE, {"manifest_lines": lines}, run_id="test-run")
    confirmations = {
        BUSINESS_DATE + dt.timedelta(days=1): [
            (first, "1ZAPPLIED", "applied"),
            (second, "1ZUNKNOWN", "unknown_shipment"),
        ],
        BUSINESS_DATE + dt.timedelta(days=2): [
            (first, "1ZTWICE", "duplicate"),
            (third, "", "applied"),
        ],
    }
    for day, rows in confirmations.items():
        frame = pl.DataFrame(
            [
                (shipment, None, number, "c.csv", n, status, None)
                for n, (shipment, number, status) in enumerate(rows)
            ],
            schema={
                "shipment_id": pl.String,
                "shipped_at": pl.Datetime("us"),
                "tracking_number": pl.String,
                "source_file": pl.String,
                "source_row": pl.Int64,
                "status": pl.String,
                "reason": pl.String,
            },
            orient="row",
        )
        replace_partitions(con, day, {"shipment_confirmations": frame}, run_id="test-run")

    packages = run_sql_file(
        con, "documents/manifest_packages", params={"business_date": BUSINESS_DATE}
    )
    tracking = dict(packages.select("shipment_id", "tracking_number").unique().iter_rows())

    assert packages.height == lines.height
    assert tracking[first] == "1ZAPPLIED"
    assert tracking[second] is None and tracking[third] is None
    assert (
        packages["tracking_number"].drop_nulls().to_list()
        == ["1ZAPPLIED"] * (lines["shipment_id"] == first).sum()
    )


def test_a_tracking_number_that_pdf_syntax_uses_prints_as_the_carrier_wrote_it(night, tmp_path):
    hostile = "1Z) Tj ET (\\x"
    lines = night.manifest_lines.with_columns(tracking_number=pl.lit(hostile))
    write_night(tmp_path, night, manifest_lines=lines)

    for path in sorted(tmp_path.glob("manifest-*.pdf")):
        assert any(hostile in line for line in _list_text(path)), path.name


def test_a_tracking_number_too_long_for_its_column_goes_on_over_lines_whole(night, tmp_path):
    long = "TRACK-" + "0123456789" * 4
    lines = night.manifest_lines.with_columns(tracking_number=pl.lit(long))
    write_night(tmp_path, night, manifest_lines=lines)

    for path in sorted(tmp_path.glob("manifest-*.pdf")):
        listed = _list_text(path)
        assert not any(long in line for line in listed)
        assert long in "".join(listed)
