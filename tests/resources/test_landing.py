"""The landing zone finds every landed file or says why it cannot, and reads a remote landing area
through a local cache that follows the store."""

from __future__ import annotations

import uuid
from datetime import date
from pathlib import Path

import fsspec
import pytest
from fsspec.implementations.local import LocalFileSystem

from resources.landing import LandingZone
from resources.storage import Location

NIGHT = date(2026, 11, 20)


class FolderWithoutReadPermission(LocalFileSystem):
    """The local disk, but listing `blocked` fails as it does for a folder without the read
    permission (`chmod 0` does not stop root, who runs these tests in containers)."""

    def __init__(self, blocked: Path, **kwargs):
        super().__init__(**kwargs)
        self.blocked = blocked.as_posix()

    def ls(self, path, detail=False, **kwargs):
        if self._strip_protocol(path).rstrip("/") == self.blocked:
            raise PermissionError(13, "Permission denied", self.blocked)
        return super().ls(path, detail=detail, **kwargs)


def _landed(root: Path) -> Path:
    """orders/amazon/<night>/ with one file and a sub-folder holding another; returns the
    sub-folder."""
    night = root / "orders" / "amazon" / NIGHT.isoformat()
    (night / "late").mkdir(parents=True)
    (night / "report.txt").write_text("order-id\tsku\n")
    (night / "late" / "report-2.txt").write_text("order-id\tsku\n")
    return night / "late"


def test_every_file_below_a_folder_is_found_sorted(tmp_path):
    _landed(tmp_path)
    location = Location.of(str(tmp_path))
    assert location.files_under("orders", "amazon", NIGHT.isoformat()) == [
        "orders/amazon/2026-11-20/late/report-2.txt",
        "orders/amazon/2026-11-20/report.txt",
    ]


def test_a_folder_that_cannot_be_listed_is_reported_not_skipped(tmp_path):
    late = _landed(tmp_path)
    location = Location(fs=FolderWithoutReadPermission(late), base=tmp_path.as_posix())
    with pytest.raises(PermissionError, match="Permission denied") as raised:
        location.files_under("orders", "amazon", NIGHT.isoformat())
    assert raised.value.filename == late.as_posix()


def test_the_landing_zone_fails_the_night_on_an_unreadable_channel_folder(tmp_path, monkeypatch):
    late = _landed(tmp_path)
    denied = Location(fs=FolderWithoutReadPermission(late), base=tmp_path.as_posix())
    monkeypatch.setattr(LandingZone, "location", property(lambda self: denied))
    with pytest.raises(PermissionError):
        LandingZone(root=str(tmp_path)).order_files(NIGHT)


@pytest.fixture
def remote_landing(tmp_path):
    """A landing area on a non-local filesystem (fsspec's memory store) and its cache folder."""
    root = f"memory://landing-{uuid.uuid4().hex}"
    store = fsspec.filesystem("memory")
    yield store, root, tmp_path / "cache"
    store.rm(root, recursive=True)


def test_a_remote_file_is_read_from_a_local_copy(remote_landing):
    store, root, cache = remote_landing
    store.pipe(f"{root}/orders/amazon/{NIGHT.isoformat()}/report.txt", b"order-id\tsku\n")
    [landed] = LandingZone(root=root, cache_dir=str(cache)).order_files(NIGHT)
    assert landed.relative_path == "orders/amazon/2026-11-20/report.txt"
    assert landed.path.is_relative_to(cache) and landed.path.read_bytes() == b"order-id\tsku\n"


def test_a_re_landed_remote_file_is_read_anew_not_from_the_stale_copy(remote_landing):
    store, root, cache = remote_landing
    path = f"{root}/inventory/{NIGHT.isoformat()}/stock.csv"
    landing = LandingZone(root=root, cache_dir=str(cache))
    store.pipe(path, b"warehouse_id,sku,on_hand\nWH1,A,1\n")
    [(first, _)] = landing.dated_files("inventory", NIGHT)
    assert first.read_bytes().endswith(b"WH1,A,1\n")
    store.pipe(path, b"warehouse_id,sku,on_hand\nWH1,A,100\n")  # the export sent again
    [(again, _)] = landing.dated_files("inventory", NIGHT)
    assert again.read_bytes().endswith(b"WH1,A,100\n")
