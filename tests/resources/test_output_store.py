"""The output store writes and removes only under its root, whatever an id or a link says."""

from datetime import date
from pathlib import Path

import pytest

from resources.output_store import OutputStore, OutsideOutputError

NIGHT = date(2026, 11, 19)


@pytest.mark.parametrize("warehouse_id", ["../../../../victim", "..", "a/b", "", "a\\b"])
def test_a_warehouse_folder_outside_the_staging_folder_is_refused(tmp_path, warehouse_id):
    store = OutputStore(root=str(tmp_path / "out"))
    with pytest.raises(OutsideOutputError):
        store.warehouse_folder(NIGHT, warehouse_id)


def test_a_link_planted_in_the_output_folder_does_not_carry_writes_elsewhere(tmp_path):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / ".staging").symlink_to(elsewhere)
    store = OutputStore(root=str(tmp_path / "out"))
    with pytest.raises(OutsideOutputError):
        store.begin_staging(NIGHT)
    assert list(elsewhere.iterdir()) == []


def test_a_plain_warehouse_id_gets_its_folder_in_the_staging_area(tmp_path):
    store = OutputStore(root=str(tmp_path / "out"))
    folder = store.warehouse_folder(NIGHT, "WH-EAST")
    assert folder == tmp_path / "out" / ".staging" / "2026-11-19" / "WH-EAST"


def _documents_swapped_in(store: OutputStore, warehouse_id: str = "WH-EAST") -> None:
    store.begin_staging(NIGHT)
    folder = store.warehouse_folder(NIGHT, warehouse_id)
    folder.mkdir()
    (folder / "pick-lists.csv").write_text("pick\n")
    store.swap_in(NIGHT, [warehouse_id])


def test_a_channel_file_is_kept_when_the_documents_are_swapped_in_again(tmp_path):
    store = OutputStore(root=str(tmp_path / "out"))
    _documents_swapped_in(store)
    written = store.write_channel_file(NIGHT, "amazon", "stock-price-quantity.txt", b"sku\n")
    _documents_swapped_in(store)
    assert (tmp_path / "out" / "2026-11-19" / "channels" / "amazon").is_dir()
    assert Path(written).read_bytes() == b"sku\n"
    assert (tmp_path / "out" / "2026-11-19" / "WH-EAST" / "pick-lists.csv").exists()


def test_a_channel_file_written_before_any_document_survives_the_first_swap(tmp_path):
    store = OutputStore(root=str(tmp_path / "out"))
    store.write_channel_file(NIGHT, "ebay", "stock-revise-quantity.csv", b"x\n")
    _documents_swapped_in(store)
    assert (
        tmp_path / "out" / "2026-11-19" / "channels" / "ebay" / "stock-revise-quantity.csv"
    ).exists()


def test_a_channel_file_replaces_its_earlier_copy_whole(tmp_path):
    store = OutputStore(root=str(tmp_path / "out"))
    store.write_channel_file(NIGHT, "shopify", "stock-inventory.csv", b"first run, longer\n")
    written = store.write_channel_file(NIGHT, "shopify", "stock-inventory.csv", b"re-run\n")
    assert Path(written).read_bytes() == b"re-run\n"
    assert sorted(
        p.name for p in (tmp_path / "out" / "2026-11-19" / "channels" / "shopify").iterdir()
    ) == ["stock-inventory.csv"]


@pytest.mark.parametrize("name", ["../../escape.csv", "..", "a/b.csv", ""])
def test_a_channel_file_name_outside_its_channel_folder_is_refused(tmp_path, name):
    store = OutputStore(root=str(tmp_path / "out"))
    with pytest.raises(OutsideOutputError):
        store.write_channel_file(NIGHT, "amazon", name, b"x")
    with pytest.raises(OutsideOutputError):
        store.write_channel_file(NIGHT, name or ".", "stock.csv", b"x")


def test_a_link_planted_as_the_channels_folder_does_not_carry_writes_elsewhere(tmp_path):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (tmp_path / "out" / "2026-11-19").mkdir(parents=True)
    (tmp_path / "out" / "2026-11-19" / "channels").symlink_to(elsewhere)
    store = OutputStore(root=str(tmp_path / "out"))
    with pytest.raises(OutsideOutputError):
        store.write_channel_file(NIGHT, "amazon", "stock.txt", b"x")
    assert list(elsewhere.iterdir()) == []


def test_the_crm_file_is_kept_when_the_documents_are_swapped_in_again(tmp_path):
    store = OutputStore(root=str(tmp_path / "out"))
    _documents_swapped_in(store)
    written = store.write_date_file(NIGHT, "crm", "customers.csv", b"customer_id\n")
    _documents_swapped_in(store)
    assert Path(written) == tmp_path / "out" / "2026-11-19" / "crm" / "customers.csv"
    assert Path(written).read_bytes() == b"customer_id\n"


@pytest.mark.parametrize("folder", ["channels", "..", "WH-EAST"])
def test_a_date_file_goes_only_into_a_folder_kept_across_swaps(tmp_path, folder):
    store = OutputStore(root=str(tmp_path / "out"))
    with pytest.raises(OutsideOutputError):
        store.write_date_file(NIGHT, folder, "customers.csv", b"x\n")
