"""A packing slip tells the packer what is in the box and what is not, where the box came from,
and carries an id a scanner reads from a 200 dpi print and a person reads aloud."""

import re

import polars as pl
import pypdf
import pytest

from assets.documents.packing_slip_pdf import short_ids
from contracts.ids import shipment_id_for
from tests.documents.night_documents import WAREHOUSE, fulfilled_night, write_night
from tests.documents.test_warehouse_documents import barcodes_on
from tests.fulfillment.synthetic_night import BUSINESS_DATE

ROW = re.compile(r"^(?:[\d ]+ )?(SKU-\d{4})(?: .*?)? (\d+) (\d+) (\d+|-) (-|\d+ [A-Z][\w, -]*)$")
"""A table row as extracted: box, SKU, description, ordered, in box, backorder, other WH."""


@pytest.fixture(scope="module")
def night():
    return fulfilled_night()


@pytest.fixture(scope="module")
def slips(night, tmp_path_factory):
    folder = tmp_path_factory.mktemp("WH1")
    write_night(folder, night)
    return [page.extract_text() for page in pypdf.PdfReader(folder / "packing-slips.pdf").pages]


def slip_of(slips: list[str], shipment_id: str) -> str:
    return next(text for text in slips if f"Shipment {shipment_id}\n" in text)


def printed_statuses(slip: str) -> dict[str, tuple[int, int, int, int]]:
    """SKU -> (ordered, in box, backordered, other warehouses) as the slip prints them."""
    statuses = {}
    for line in slip.splitlines():
        if match := ROW.match(line):
            sku, ordered, packed, owed, other = match.groups()
            statuses[sku] = (
                int(ordered),
                int(packed),
                0 if owed == "-" else int(owed),
                0 if other == "-" else int(other.split()[0]),
            )
    return statuses


def test_a_split_order_slip_prints_every_line_as_the_allocation_tables_hold_it(night, slips):
    order = night.allocations.filter(pl.col("channel_order_id") == night.split_order)
    shipment_id = order.filter(pl.col("warehouse_id") == "WH1")["shipment_id"][0]
    allocated = order.group_by("ordered_sku").agg(
        packed=pl.col("quantity").filter(pl.col("shipment_id") == shipment_id).sum(),
        other=pl.col("quantity").filter(pl.col("shipment_id") != shipment_id).sum(),
    )
    owed = night.backorders.group_by(ordered_sku="sku").agg(owed=pl.col("quantity").sum())
    expected = {
        sku: (packed + other + (owed or 0), packed, owed or 0, other or 0)
        for sku, packed, other, owed in allocated.join(owed, on="ordered_sku", how="full")
        .select(pl.coalesce("ordered_sku", "ordered_sku_right"), "packed", "other", "owed")
        .fill_null(0)
        .iter_rows()
    }

    assert any(other for _, _, _, other in expected.values()), "a line leaves the other warehouse"
    assert any(owed for _, _, owed, _ in expected.values()), "a line is backordered"
    assert printed_statuses(slip_of(slips, shipment_id)) == expected


def test_the_slip_names_which_warehouse_ships_the_rest_of_the_order(night, slips):
    order = night.allocations.filter(pl.col("channel_order_id") == night.split_order)
    here = order.filter(pl.col("warehouse_id") == "WH1")["shipment_id"][0]
    elsewhere = order.filter(pl.col("warehouse_id") == "WH2").group_by("ordered_sku").len()

    slip = slip_of(slips, here)

    for sku in elsewhere["ordered_sku"]:
        assert re.search(rf"{sku} .* \d+ WH2$", slip, re.MULTILINE), sku


def test_the_slip_names_the_pick_list_and_tote_its_shipment_was_picked_into(night, slips):
    picks = night.pick_list_lines.filter(pl.col("warehouse_id") == "WH1").unique("shipment_id")

    for shipment_id, pick_list_id, tote in picks.select(
        "shipment_id", "pick_list_id", "tote"
    ).rows():
        assert f"Pick list {pick_list_id}   Tote {tote}" in slip_of(slips, shipment_id)


def real_ids(night, warehouse_id: str) -> dict[str, pl.DataFrame]:
    """The night's WH1 frames as the pipeline names them: the warehouse called warehouse_id and
    shipment ids `SH-<date>-<warehouse>-<16 hex>`."""
    shipments = night.plan.shipments.filter(pl.col("warehouse_id") == "WH1")
    renamed = shipments.select(
        "shipment_id",
        new_id=shipment_id_for(
            BUSINESS_DATE,
            shipments["channel"],
            shipments["channel_order_id"],
            pl.Series([warehouse_id] * shipments.height),
        ),
    )

    def rename(frame: pl.DataFrame) -> pl.DataFrame:
        return (
            frame.filter(pl.col("warehouse_id") == "WH1")
            .join(renamed, on="shipment_id", maintain_order="left")
            .with_columns(shipment_id="new_id", warehouse_id=pl.lit(warehouse_id))
            .drop("new_id")
        )

    return {
        "warehouse": WAREHOUSE | {"warehouse_id": warehouse_id},
        "shipments": rename(shipments),
        "pick_list_lines": rename(night.pick_list_lines),
        "slip_lines": rename(night.slip_lines),
        "manifest_lines": night.manifest_lines.clear(),
    }


def test_a_36_character_shipment_id_scans_from_a_200_dpi_print(night, tmp_path):
    frames = real_ids(night, "WH-EAST")
    write_night(tmp_path, night, **frames)
    path = tmp_path / "packing-slips.pdf"
    pages = len(pypdf.PdfReader(path).pages)

    scanned = [code for page in range(pages) for code in barcodes_on(path, page)]

    assert {len(shipment_id) for shipment_id in scanned} == {36}
    assert sorted(scanned) == sorted(
        frames["shipments"].filter(pl.col("status") == "ready")["shipment_id"]
    )


def test_the_short_id_beside_the_shipment_id_is_its_last_six_characters(night, tmp_path):
    frames = real_ids(night, "WH-EAST")
    write_night(tmp_path, night, **frames)
    text = pypdf.PdfReader(tmp_path / "packing-slips.pdf").pages[0].extract_text()

    shipment_id = re.search(r"Shipment (\S+)", text).group(1)
    assert f"Ref {shipment_id[-6:]}\n" in text


def test_short_ids_grow_only_where_two_shipments_would_share_one():
    ids = pl.Series(["SH-20261120-WH1-1f00c0ffee", "SH-20261120-WH1-2f00c0ffee", "SH-X-abc123"])

    assert short_ids(ids).to_list() == ["1f00c0ffee", "2f00c0ffee", "abc123"]
