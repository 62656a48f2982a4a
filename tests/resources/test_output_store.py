"""The output store writes and removes only under its root, whatever an id or a link says."""

from datetime import date

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
