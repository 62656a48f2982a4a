"""The customs declarations PDF: a CN22 or CN23 page per international shipment, with the
declared values as stored, blanks printed as flagged MISSING, and a scannable shipment id."""

import pypdf
import pytest

from assets.documents.customs_pdf import render_customs_declarations
from tests.documents.test_warehouse_documents import barcodes_on
from tests.fulfillment.frames import BUSINESS_DATE
from tests.fulfillment.test_customs import customs_night

WAREHOUSE = {"warehouse_id": "WH1", "name": "East DC", "country": "US", "region": "NJ"}


@pytest.fixture(scope="module")
def declared(tmp_path_factory):
    declarations, shipments = customs_night()
    path = tmp_path_factory.mktemp("WH1") / "customs-declarations.pdf"
    render_customs_declarations(
        path, declarations, shipments, warehouse=WAREHOUSE, business_date=str(BUSINESS_DATE)
    )
    return declarations, pypdf.PdfReader(path), path


def test_one_page_per_international_shipment_in_shipment_order(declared) -> None:
    declarations, pdf, path = declared
    shipments = sorted(declarations["shipment_id"].unique())
    assert len(pdf.pages) == len(shipments) == 3
    assert [barcodes_on(path, page) for page in range(3)] == [[s] for s in shipments]


def test_each_page_names_its_form_and_prints_the_stored_values(declared) -> None:
    declarations, pdf, _ = declared
    per_shipment = declarations.sort("shipment_id").group_by("shipment_id", maintain_order=True)
    for page, (shipment_id, items) in zip(pdf.pages, per_shipment, strict=True):
        text = page.extract_text()
        assert f"CUSTOMS DECLARATION {items['form'][0]}" in text, shipment_id
        for row in items.iter_rows(named=True):
            assert row["description"] in text
            if row["unit_value"] is not None:
                assert f"{row['unit_value']:.2f} {row['currency']}" in text
            if row["hs_code"] is not None:
                assert row["hs_code"] in text


def test_a_blank_customs_needs_is_printed_as_missing_and_counted_on_the_page(declared) -> None:
    declarations, pdf, _ = declared
    order = declarations.sort("shipment_id")["channel_order_id"].unique(maintain_order=True)
    lamp_page = pdf.pages[order.to_list().index("CA1")].extract_text()
    assert lamp_page.count("[ MISSING ]") >= 3  # HS code, value, total value
    assert "1 article(s) have values marked MISSING" in lamp_page
    complete_page = pdf.pages[order.to_list().index("UK1")].extract_text()
    assert "MISSING" not in complete_page
