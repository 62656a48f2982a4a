"""Every script prints: names in any script come out of the packing slip as they went in, and
a character no embedded font has is printed as a visible marker and counted, never dropped."""

import polars as pl
import pypdf
import pytest

from assets.documents import packing_slip_pdf
from assets.documents.fonts import MARKER, take_unprintable
from tests.documents.night_documents import fulfilled_night, write_night

NAMES = (
    "Zoë Brontë-Ågren",
    "Γιώργος Παπαδόπουλος",
    "Дмитрий Иванов",
    "محمد عبد الله",
    "שרה כהן",
    "张伟",
)
"""Latin with accents, Greek, Cyrillic, Arabic, Hebrew, Chinese."""
UNPRINTABLE = "Ana 🦄 Lima"
"""A unicorn: an emoji that neither DejaVu Sans nor Noto Sans SC has."""


@pytest.fixture(scope="module")
def night():
    return fulfilled_night()


def with_ship_names(night, names) -> pl.DataFrame:
    """The night's shipments, the first ready ones of WH1 shipping to names."""
    shipments = night.plan.shipments
    ready = shipments.filter((pl.col("warehouse_id") == "WH1") & (pl.col("status") == "ready"))
    renamed = dict(zip(ready["shipment_id"].head(len(names)), names, strict=True))
    return shipments.with_columns(
        ship_name=pl.col("shipment_id").replace_strict(renamed, default=pl.col("ship_name"))
    )


def slip_text(folder) -> str:
    return "\n".join(p.extract_text() for p in pypdf.PdfReader(folder / "packing-slips.pdf").pages)


def test_names_in_six_scripts_are_extracted_from_the_slips_exactly_as_given(night, tmp_path):
    write_night(tmp_path, night, shipments=with_ship_names(night, NAMES))

    lines = slip_text(tmp_path).splitlines()

    for name in NAMES:  # right-to-left names in logical order, as typed
        assert name in lines, name


def test_a_character_no_font_has_is_printed_as_a_marker_and_counted(night, tmp_path):
    take_unprintable()
    write_night(tmp_path, night, shipments=with_ship_names(night, [UNPRINTABLE] * 2))

    counted = take_unprintable()

    assert UNPRINTABLE.replace("🦄", MARKER) in slip_text(tmp_path).splitlines()
    assert counted == {"🦄": 2}


def test_slips_in_every_script_are_the_same_bytes_in_one_process_or_two(
    night, tmp_path, monkeypatch
):
    monkeypatch.setattr(packing_slip_pdf, "SLIPS_PER_BATCH", 2)  # names in batches of 2 slips
    shipments = with_ship_names(night, [*NAMES, UNPRINTABLE])
    write_night(tmp_path / "one", night, shipments=shipments, processes=1)
    write_night(tmp_path / "two", night, shipments=shipments, processes=2)
    write_night(tmp_path / "again", night, shipments=shipments, processes=1)

    first = (tmp_path / "one" / "packing-slips.pdf").read_bytes()
    assert (tmp_path / "two" / "packing-slips.pdf").read_bytes() == first
    assert (tmp_path / "again" / "packing-slips.pdf").read_bytes() == first


def test_latin_only_slips_embed_no_font(night, tmp_path):
    write_night(tmp_path, night, shipments=with_ship_names(night, ["Zoë Brontë"]))

    fonts = pypdf.PdfReader(tmp_path / "packing-slips.pdf").pages[0]["/Resources"]["/Font"]

    assert sorted(fonts) == ["/F1", "/F2", "/F3"]
