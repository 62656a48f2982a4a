"""A pick list saves steps: one reach into a bin per SKU, an instruction where there is no bin,
and the wave's service level in the header."""

import re

import polars as pl
import pypdf
import pytest

from assets.documents.pick_list_pdf import UNSLOTTED_INSTRUCTION
from tests.documents.night_documents import fulfilled_night, write_night


@pytest.fixture(scope="module")
def night():
    return fulfilled_night(orders=400)


@pytest.fixture(scope="module")
def pages(night, tmp_path_factory):
    folder = tmp_path_factory.mktemp("WH1")
    write_night(folder, night, include_pdf=True)
    return texts(folder / "pick-lists.pdf")


def texts(path) -> dict[str, str]:
    """Pick list id -> the text of its pages."""
    found: dict[str, str] = {}
    for page in pypdf.PdfReader(path).pages:
        text = page.extract_text()
        found[text.splitlines()[1]] = found.get(text.splitlines()[1], "") + text
    return found


def wh1_lines(night) -> pl.DataFrame:
    return night.pick_list_lines.filter(pl.col("warehouse_id") == "WH1")


def test_a_sku_several_totes_want_is_one_pick_of_their_units_split_per_tote(night, pages):
    shared = (
        wh1_lines(night)
        .sort("pick_list_id", "sequence")
        .group_by("pick_list_id", "sku", maintain_order=True)
        .agg("tote", "quantity")
        .filter(pl.col("tote").list.len() > 1)
    )

    assert shared.height > 0
    for pick_list_id, sku, totes, units in shared.head(20).rows():
        split = " ".join(f"{t}×{q}" for t, q in zip(totes, units, strict=True))
        picks = re.findall(rf"^\d+ \S+ {sku} .* (\d+) (\S+(?: \S+)*)$", pages[pick_list_id], re.M)
        assert picks == [(str(sum(units)), split)], (pick_list_id, sku)


def test_a_pick_for_every_tote_of_the_cart_lists_each_tote_over_more_lines(night, tmp_path):
    first = wh1_lines(night)["pick_list_id"].min()
    same = pl.col("pick_list_id") == first
    lines = pl.concat(  # one line per tote of the first list, all for one SKU
        [
            wh1_lines(night).filter(same).unique("tote", keep="first", maintain_order=True),
            wh1_lines(night).filter(~same),
        ]
    )
    one_sku = lines.row(0, named=True)
    lines = lines.with_columns(
        *(pl.when(same).then(pl.lit(one_sku[c])).otherwise(c).alias(c) for c in ("sku", "bin")),
        pl.when(same).then(False).otherwise("is_unslotted").alias("is_unslotted"),
    )
    write_night(tmp_path, night, pick_list_lines=lines)
    text = texts(tmp_path / "pick-lists.pdf")[first]
    per_tote = lines.filter(same).group_by("tote").agg(pl.col("quantity").sum()).sort("tote")

    assert per_tote.height > 6
    assert "..." not in text
    assert " ".join(text.split()).count(" ".join(f"{t}×{q}" for t, q in per_tote.rows())) == 1


def test_unslotted_skus_come_last_under_an_instruction_instead_of_a_blank_bin(night, pages):
    unslotted = wh1_lines(night).filter("is_unslotted")["pick_list_id"].unique()

    assert unslotted.len() > 0
    for pick_list_id in unslotted:
        text = pages[pick_list_id]
        before, after = text.split(UNSLOTTED_INSTRUCTION)
        assert "UNSLOTTED" not in before and "UNSLOTTED" in after
    assert not any(
        UNSLOTTED_INSTRUCTION in pages[pick_list_id] for pick_list_id in set(pages) - set(unslotted)
    )


def test_the_wave_header_names_its_service_level(night, pages):
    waves = wh1_lines(night).select("pick_list_id", "wave", "service_level").unique()

    assert waves["service_level"].n_unique() > 1
    for pick_list_id, wave, level in waves.rows():
        assert f"Wave {wave} ({level})" in pages[pick_list_id]
