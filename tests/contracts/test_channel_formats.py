"""The channel export formats are described consistently: what a layout is recognised by, it
carries, and every word a writer may use is one the reader gives a meaning to."""

from pathlib import Path

import pytest

from contracts.channel_formats import EXPORT_FORMATS, shopify, woocommerce
from contracts.vocabulary import CHANNELS


@pytest.mark.parametrize("export_format", EXPORT_FORMATS, ids=lambda f: f.name)
def test_a_layout_carries_the_columns_it_is_recognised_by(export_format) -> None:
    columns = {name.lower() for name in export_format.columns}
    assert {name.lower() for name in export_format.signature} <= columns
    assert len(columns) == len(export_format.columns), "a column name repeats"


def test_every_channel_folder_accepts_at_least_one_layout_and_no_other_folder_does() -> None:
    assert {f.channel for f in EXPORT_FORMATS} == set(CHANNELS)
    assert len({f.name for f in EXPORT_FORMATS}) == len(EXPORT_FORMATS)


def test_the_layouts_of_a_channel_share_one_delimiter() -> None:
    for channel in CHANNELS:
        assert len({f.separator for f in EXPORT_FORMATS if f.channel == channel}) == 1, channel


def test_shopify_financial_status_says_whether_an_order_is_paid_and_cancelled() -> None:
    for (is_paid, is_cancelled), word in shopify.FINANCIAL_STATUS.items():
        assert (word in shopify.PAID_FINANCIAL_STATUSES) == is_paid, word
        assert (word in shopify.CANCELLED_FINANCIAL_STATUSES) == is_cancelled, word


def test_every_algolplus_status_label_reads_as_the_slug_it_labels() -> None:
    for slug, label in woocommerce.ALGOLPLUS_STATUS_LABELS.items():
        read = "-".join(label.lower().split())
        assert read in woocommerce.STATUSES, label
        assert woocommerce.STATUSES[read] == woocommerce.STATUSES[slug], label


def test_the_inputs_guide_names_the_columns_each_layout_is_recognised_by() -> None:
    guide = (Path(__file__).parents[2] / "docs" / "inputs.md").read_text(encoding="utf-8")
    rows: dict[str, str] = {}  # the first table naming a channel per row is the layouts table
    for line in guide.splitlines():
        if line[:3] == "| `":
            rows.setdefault(line.split("|")[1].strip(" `"), line)
    for export_format in EXPORT_FORMATS:
        row = rows[export_format.channel]
        missing = [c for c in export_format.signature if f"`{c}`" not in row]
        assert not missing, f"docs/inputs.md does not name {missing} of {export_format.name}"
