"""The ship-from address on packing slips and manifests: complete, or flagged where it is not."""

import pypdf
import pytest

from resources.landing import LandingZone
from tests.documents.night_documents import WAREHOUSE, fulfilled_night, write_night

OLD_WAREHOUSES_CSV = "warehouse_id,name,country,region,postal_code\nWH1,Avenel DC,US,NJ,07001\n"


@pytest.fixture(scope="module")
def night():
    return fulfilled_night(orders=12)


def _text(path) -> str:
    return pypdf.PdfReader(path).pages[0].extract_text()


def _documents(folder) -> list:
    return [folder / "packing-slips.pdf", *sorted(folder.glob("manifest-*.pdf"))]


def test_slips_and_manifests_print_the_whole_ship_from_address(night, tmp_path):
    write_night(tmp_path, night)
    expected = [
        WAREHOUSE["name"],
        WAREHOUSE["address1"],
        WAREHOUSE["address2"],
        "AVENEL, NJ 07001",
        "UNITED STATES",
        f"Tel {WAREHOUSE['phone']}",
    ]

    for path in _documents(tmp_path):
        lines = _text(path).splitlines()
        assert all(line in lines for line in expected), path.name
        assert "ADDRESS INCOMPLETE" not in _text(path)


def test_a_warehouses_file_without_street_city_or_phone_still_loads(tmp_path):
    (tmp_path / "reference").mkdir()
    (tmp_path / "reference" / "warehouses.csv").write_text(OLD_WAREHOUSES_CSV)

    site = LandingZone(root=str(tmp_path)).reference("warehouses").row(0, named=True)

    assert site["postal_code"] == "07001"
    assert (site["address1"], site["address2"], site["city"], site["phone"]) == (None,) * 4


def test_an_incomplete_ship_from_address_is_flagged_on_every_document(night, tmp_path):
    old = {key: WAREHOUSE[key] for key in ("warehouse_id", "name", "country", "region")}
    write_night(tmp_path, night, warehouse=old | {"address1": "", "phone": None})

    for path in _documents(tmp_path):
        flag = "ADDRESS INCOMPLETE: no street, city, postal code, phone"
        assert flag in " ".join(_text(path).split()), path.name


def test_ship_from_text_that_pdf_syntax_uses_prints_as_written(night, tmp_path):
    awkward = WAREHOUSE | {"name": "Depot (East) \\ 50% off", "address2": "Door ) (12"}
    write_night(tmp_path, night, warehouse=awkward)

    for path in _documents(tmp_path):
        text = _text(path)
        assert "Depot (East) \\ 50% off" in text and "Door ) (12" in text, path.name
