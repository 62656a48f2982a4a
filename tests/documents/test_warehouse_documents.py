"""The files of one warehouse and day: complete, readable, scannable, byte-identical on re-run."""

import csv
import io

import polars as pl
import pypdf
import pypdfium2
import pytest
import zxingcpp

from assets.documents import packing_slip_pdf, pick_list_pdf
from assets.documents.page_layout import MARGIN, PAGE_SIZE
from tests.documents.night_documents import WAREHOUSE, fulfilled_night, write_night


@pytest.fixture(scope="module")
def night():
    return fulfilled_night()


@pytest.fixture(scope="module")
def written(night, tmp_path_factory):
    folder = tmp_path_factory.mktemp("WH1")
    return folder, write_night(folder, night)


def page_text(path, page: int = 0) -> str:
    return pypdf.PdfReader(path).pages[page].extract_text()


def barcodes_on(path, page: int = 0) -> list[str]:
    """Decode the Code 128 barcodes of a page rendered at 200 dpi."""
    image = pypdfium2.PdfDocument(path)[page].render(scale=200 / 72).to_pil()
    return [
        code.text
        for code in zxingcpp.read_barcodes(image)
        if code.format == zxingcpp.BarcodeFormat.Code128
    ]


def test_every_file_of_the_warehouse_is_written_and_listed_sorted(night, written):
    folder, paths = written
    carriers = sorted(
        night.manifest_lines.filter(pl.col("warehouse_id") == "WH1")["carrier"]
        .str.to_uppercase()
        .unique()
    )

    assert paths == sorted(paths)
    assert {p.name for p in paths} == {
        "pick-lists.csv",
        "pick-lists.pdf",
        "packing-slips.pdf",
        *(f"manifest-{c}.csv" for c in carriers),
        *(f"manifest-{c}.pdf" for c in carriers),
    }
    assert sorted(p.name for p in folder.iterdir()) == sorted(p.name for p in paths)


def test_rerunning_rewrites_the_same_bytes(night, written, tmp_path):
    _, paths = written
    again = write_night(tmp_path, night)

    assert [p.name for p in again] == [p.name for p in paths]
    for first, second in zip(paths, again, strict=True):
        assert first.read_bytes() == second.read_bytes(), first.name


def test_documents_laid_out_in_batches_in_worker_processes_are_the_same_bytes(
    night, written, tmp_path, monkeypatch
):
    monkeypatch.setattr(packing_slip_pdf, "SLIPS_PER_BATCH", 4)
    monkeypatch.setattr(pick_list_pdf, "LISTS_PER_BATCH", 1)
    _, paths = written
    again = write_night(tmp_path, night, processes=2)

    assert [p.name for p in again] == [p.name for p in paths]
    for first, second in zip(paths, again, strict=True):
        assert first.read_bytes() == second.read_bytes(), first.name


def test_pick_list_pages_carry_a_scannable_id_and_readable_lines(night, written):
    folder, _ = written
    path = folder / "pick-lists.pdf"
    first_list = night.pick_list_lines.filter(pl.col("warehouse_id") == "WH1").sort(
        "wave", "pick_list_id", "sequence"
    )
    first_id = first_list["pick_list_id"][0]
    text = page_text(path)

    assert barcodes_on(path) == [first_id]
    assert first_id in text
    assert f"Wave {first_list['wave'][0]}" in text
    assert first_list["sku"][0] in text and "Bin" in text and "Tote" in text
    assert len(pypdf.PdfReader(path).pages) == first_list["pick_list_id"].n_unique()


def test_unslotted_lines_are_printed_as_such(written):
    folder, _ = written
    reader = pypdf.PdfReader(folder / "pick-lists.pdf")
    lines = pl.read_csv(folder / "pick-lists.csv")

    assert lines["is_unslotted"].any()
    assert any("UNSLOTTED" in page.extract_text() for page in reader.pages)


def test_packing_slip_shows_the_address_and_a_scannable_shipment_id(night, written):
    folder, _ = written
    path = folder / "packing-slips.pdf"
    reader = pypdf.PdfReader(path)
    ready = night.plan.shipments.filter(
        (pl.col("warehouse_id") == "WH1") & (pl.col("status") == "ready")
    )
    shipment_id = barcodes_on(path)[0]
    shipment = ready.filter(pl.col("shipment_id") == shipment_id).row(0, named=True)
    text = page_text(path)

    assert len(reader.pages) == ready.height
    assert shipment["ship_name"] in text and shipment["ship_postal_code"] in text
    assert WAREHOUSE["name"] in text
    assert f"Shipment {shipment_id}" in text


def test_text_the_base_fonts_cannot_draw_prints_as_it_is_not_folded(written):
    folder, _ = written
    text = " ".join(p.extract_text() for p in pypdf.PdfReader(folder / "packing-slips.pdf").pages)

    assert "Łucja Wąsowska (ул. Ленина)" in text


LONG_ADDRESS = "Flat 12, The Old Mill Building, 145 Waterside Road, Stratford-upon-Avon"
LONG_DESCRIPTION = (
    "Hand-thrown stoneware breakfast mug in speckled midnight blue glaze, 350 ml, dishwasher safe"
)


def _text_within_margins(path, page: int = 0) -> str:
    """The text of a page left of its right margin: what a reader sees, nothing run off."""
    width, height = PAGE_SIZE
    text_page = pypdfium2.PdfDocument(path)[page].get_textpage()
    return text_page.get_text_bounded(left=0, bottom=0, right=width - MARGIN + 1, top=height)


def _one_line(text: str) -> str:
    return " ".join(text.split())


def test_a_long_address_line_and_description_wrap_on_the_slip_whole(night, tmp_path):
    ready = night.plan.shipments.filter(
        (pl.col("warehouse_id") == "WH1") & (pl.col("status") == "ready")
    )
    write_night(tmp_path / "plain", night)  # which slip prints first, to give it the long texts
    first = barcodes_on(tmp_path / "plain" / "packing-slips.pdf")[0]
    sku = night.plan.packages.filter(pl.col("shipment_id") == first)["sku"][0]
    shipments = night.plan.shipments.with_columns(
        ship_address1=pl.when(pl.col("shipment_id") == first)
        .then(pl.lit(LONG_ADDRESS))
        .otherwise("ship_address1")
    )
    skus = pl.DataFrame({"sku": [sku], "description": [LONG_DESCRIPTION]})
    folder = tmp_path / "long"
    paths = write_night(folder, night, shipments=shipments, skus=skus)
    path = folder / "packing-slips.pdf"

    assert len(LONG_ADDRESS) > 63 and path in paths
    assert len(pypdf.PdfReader(path).pages) == ready.height
    for text in (page_text(path), _text_within_margins(path)):
        assert LONG_ADDRESS in _one_line(text)
        assert LONG_DESCRIPTION in _one_line(text)
        assert "..." not in text
    assert barcodes_on(path)[0] == first


def test_manifest_csv_quotes_every_field_and_keeps_leading_zeros(night, written):
    folder, _ = written
    path = next(folder.glob("manifest-*.csv"))
    raw = path.read_text()
    rows = list(csv.reader(io.StringIO(raw)))
    carrier_lines = night.manifest_lines.filter(
        (pl.col("warehouse_id") == "WH1")
        & (pl.col("carrier").str.to_uppercase() == path.stem.removeprefix("manifest-"))
    )

    assert all(line.startswith('"') and line.endswith('"') for line in raw.splitlines())
    assert rows[0][:3] == ["manifest_id", "ship_date", "warehouse_id"]
    assert len(rows) - 1 == carrier_lines.height
    postal = rows[0].index("ship_postal_code")
    assert {row[postal] for row in rows[1:]} == set(carrier_lines["ship_postal_code"])
    assert any(code.startswith("0") for code in carrier_lines["ship_postal_code"])


def test_manifest_sheet_sums_pieces_and_weight_and_scans_to_its_id(night, written):
    folder, _ = written
    path = next(folder.glob("manifest-*.pdf"))
    carrier = path.stem.removeprefix("manifest-")
    lines = night.manifest_lines.filter(
        (pl.col("warehouse_id") == "WH1") & (pl.col("carrier").str.to_uppercase() == carrier)
    )
    text = page_text(path)

    assert barcodes_on(path) == [f"MF-20261120-WH1-{carrier}"]
    assert f"Total {lines.height} {lines['shipment_id'].n_unique()}" in text
    assert f"{lines['weight_g'].sum() / 1000:.3f}" in text
    assert "Ship date 2026-11-20" in text and WAREHOUSE["name"] in text


def test_pages_fit_both_a4_and_letter(written):
    _, paths = written
    for path in (p for p in paths if p.suffix == ".pdf"):
        box = pypdf.PdfReader(path).pages[0].mediabox
        assert (float(box.width), float(box.height)) == pytest.approx(PAGE_SIZE)
    assert PAGE_SIZE[0] <= 595.28 and PAGE_SIZE[1] <= 792


def test_csv_only_run_removes_stale_pdfs_and_stale_carriers(night, tmp_path):
    write_night(tmp_path, night)
    (tmp_path / "manifest-GONE.csv").write_text("old")
    (tmp_path / "notes.txt").write_text("not ours")
    paths = write_night(tmp_path, night, include_pdf=False)

    assert all(p.suffix == ".csv" for p in paths)
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        [p.name for p in paths] + ["notes.txt"]
    )


def test_long_pick_list_continues_on_numbered_pages(tmp_path):
    night = fulfilled_night(orders=400, per_list=400)
    write_night(tmp_path, night)
    path = tmp_path / "pick-lists.pdf"
    reader = pypdf.PdfReader(path)
    wave_one = night.pick_list_lines.filter(
        (pl.col("warehouse_id") == "WH1") & (pl.col("wave") == 1)
    )

    assert wave_one["pick_list_id"].n_unique() == 1
    assert len(reader.pages) > night.pick_list_lines["pick_list_id"].n_unique()
    assert "Page 1 of" in reader.pages[0].extract_text()
    assert "Page 2 of" in reader.pages[1].extract_text()
    assert barcodes_on(path, 1) == [wave_one["pick_list_id"][0]]


def test_a_warehouse_with_nothing_to_ship_still_gets_readable_files(night, tmp_path):
    paths = write_night(
        tmp_path,
        night,
        pick_list_lines=night.pick_list_lines.clear(),
        shipments=night.plan.shipments.clear(),
        slip_lines=night.slip_lines.clear(),
        manifest_lines=night.manifest_lines.clear(),
    )

    assert [p.name for p in paths] == ["packing-slips.pdf", "pick-lists.csv", "pick-lists.pdf"]
    assert "Nothing to pick" in page_text(tmp_path / "pick-lists.pdf")


def test_pick_list_csv_is_in_print_order_whatever_the_row_order(night, written, tmp_path):
    folder, _ = written
    shuffled = night.pick_list_lines.sample(fraction=1.0, shuffle=True, seed=5)
    write_night(tmp_path, night, pick_list_lines=shuffled, include_pdf=False)

    assert (tmp_path / "pick-lists.csv").read_bytes() == (folder / "pick-lists.csv").read_bytes()
