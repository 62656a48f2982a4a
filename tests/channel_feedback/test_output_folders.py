"""The channels' files and the warehouses' documents share a date's folder: each stage replaces
only its own part, and only under the output root."""

import uuid
from datetime import date
from pathlib import Path

import fsspec
import pytest

from resources.output_store import OutputStore, OutsideOutputError

NIGHT = date(2026, 11, 21)


def documents(store: OutputStore, name: str) -> None:
    store.begin_staging(NIGHT)
    store.warehouse_folder(NIGHT, "WH1").mkdir()
    (store.warehouse_folder(NIGHT, "WH1") / name).write_text("slip")
    store.swap_in(NIGHT, ["WH1"])


def channel_files(store: OutputStore, *names: tuple[str, str]) -> None:
    for channel, name in names:
        store.write_channel_file(NIGHT, channel, name, b"told")


def files(root: Path) -> list[str]:
    return sorted(p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file())


def published(root: Path) -> list[str]:
    """The files of the date's folder."""
    return files(root / str(NIGHT))


@pytest.fixture
def store(tmp_path: Path) -> OutputStore:
    """An output root where the date's documents are published."""
    store = OutputStore(root=str(tmp_path))
    documents(store, "slips.pdf")
    return store


def test_channel_files_are_published_beside_the_documents(store, tmp_path):
    channel_files(store, ("amazon", "shipping-confirmation.txt"))

    assert published(tmp_path) == ["WH1/slips.pdf", "channels/amazon/shipping-confirmation.txt"]


def test_a_documents_rerun_keeps_the_channel_files_of_the_date(store, tmp_path):
    channel_files(store, ("amazon", "shipping-confirmation.txt"))
    documents(store, "pick-lists.pdf")

    assert published(tmp_path) == [
        "WH1/pick-lists.pdf",
        "channels/amazon/shipping-confirmation.txt",
    ]


def test_a_channel_file_a_rerun_no_longer_writes_is_removed_and_nothing_else(store, tmp_path):
    channel_files(store, ("amazon", "shipping-confirmation.txt"), ("ebay", "add-tracking.csv"))
    store.remove_channel_file(NIGHT, "amazon", "shipping-confirmation.txt")

    assert published(tmp_path) == ["WH1/slips.pdf", "channels/ebay/add-tracking.csv"]
    assert files(tmp_path / ".staging") == []


def test_a_warehouse_called_channels_is_refused(tmp_path):
    store = OutputStore(root=str(tmp_path))
    with pytest.raises(OutsideOutputError, match="holds the files for the channels"):
        store.warehouse_folder(NIGHT, "channels")


@pytest.mark.parametrize("name", ["..", "a/b", ""])
def test_a_channel_file_outside_the_channel_folder_is_refused(tmp_path, name):
    store = OutputStore(root=str(tmp_path))
    with pytest.raises(OutsideOutputError):
        store.write_channel_file(NIGHT, name, "x.csv", b"x")
    with pytest.raises(OutsideOutputError):
        store.remove_channel_file(NIGHT, "amazon", name)


def test_on_a_remote_root_a_documents_swap_keeps_the_published_channel_files():
    bucket = f"memory://out-{uuid.uuid4().hex}"
    store = OutputStore(root=bucket)
    fs = fsspec.filesystem("memory")
    channel_files(store, ("amazon", "shipping-confirmation.txt"))
    store.begin_staging(NIGHT)
    folder = store.warehouse_folder(NIGHT, "WH1")
    folder.mkdir(parents=True)
    (folder / "slips.pdf").write_text("slip")
    store.stage_warehouse(NIGHT, "WH1")
    store.swap_in(NIGHT, ["WH1"])

    published = sorted(p.split(f"{NIGHT}/", 1)[1] for p in fs.find(f"{bucket}/{NIGHT}"))
    assert published == [
        "WH1/slips.pdf",
        "_SUCCESS",
        "channels/amazon/shipping-confirmation.txt",
    ]
    assert fs.cat_file(f"{bucket}/{NIGHT}/channels/amazon/shipping-confirmation.txt") == b"told"
