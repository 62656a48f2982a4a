"""The landing zone finds every landed file or says why it cannot, and reads a remote landing area
through a local cache that follows the store."""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Callable
from datetime import date
from pathlib import Path

import dagster as dg
import fsspec
import pytest
from fsspec.implementations.local import LocalFileSystem

from contracts.landing_file import LandingFile
from resources.landing import LandingZone, ReplacedAfterListing, read_landed
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


PRIVATE_LINE = "root:$6$private-line-never-published"


@pytest.fixture
def secret(tmp_path: Path) -> Path:
    """A file only its owner may read, outside the landing area."""
    path = tmp_path / "secret"
    path.write_text(PRIVATE_LINE + "\n")
    path.chmod(0o600)
    return path


def _night(root: Path, *parts: str) -> Path:
    folder = root.joinpath(*parts, NIGHT.isoformat())
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _refusals(files) -> dict[str, tuple[str, str]]:
    return {f.relative_path: (f.refused.rule, f.refused.reason) for f in files if f.refused}


def test_a_link_to_a_file_outside_the_landing_area_is_refused_naming_the_path(tmp_path, secret):
    landing = tmp_path / "landing"
    (_night(landing, "orders", "generic") / "orders.csv").symlink_to(secret)
    [file] = LandingZone(root=str(landing)).order_files(NIGHT)
    assert file.refused.rule == "outside_landing_area"
    assert file.refused.reason.startswith("orders/generic/2026-11-20/orders.csv is a link that")
    assert PRIVATE_LINE not in file.refused.reason and str(secret) not in file.refused.reason


def test_a_link_to_a_folder_outside_is_one_refusal_that_lists_nothing_of_it(tmp_path, secret):
    landing = tmp_path / "landing"
    (_night(landing, "orders", "shopify") / "more").symlink_to(tmp_path, target_is_directory=True)
    _night(landing, "orders", "amazon").rmdir()
    (landing / "orders" / "amazon" / NIGHT.isoformat()).symlink_to(tmp_path)
    refused = _refusals(LandingZone(root=str(landing)).order_files(NIGHT))
    assert {path: rule for path, (rule, _) in refused.items()} == {
        "orders/amazon/2026-11-20": "outside_landing_area",
        "orders/shopify/2026-11-20/more": "outside_landing_area",
    }


def test_a_dangling_link_is_not_a_regular_file(tmp_path):
    landing = tmp_path / "landing"
    (_night(landing, "orders", "ebay") / "gone.csv").symlink_to(landing / "nowhere.csv")
    [file] = LandingZone(root=str(landing)).order_files(NIGHT)
    assert file.refused.rule == "not_a_regular_file"
    assert "link to nothing" in file.refused.reason


def test_a_link_to_a_regular_file_inside_the_landing_area_is_read(tmp_path):
    landing = tmp_path / "landing"
    kept = landing / "archive" / "orders.csv"
    kept.parent.mkdir(parents=True)
    kept.write_text("order-id\tsku\n")
    (_night(landing, "orders", "amazon") / "orders.txt").symlink_to(kept)
    [file] = LandingZone(root=str(landing)).order_files(NIGHT)
    assert file.refused is None and file.path.read_text() == "order-id\tsku\n"


def test_a_fifo_is_refused_before_it_is_opened(tmp_path):
    landing = tmp_path / "landing"
    os.mkfifo(_night(landing, "orders", "generic") / "pipe.csv")
    [file] = LandingZone(root=str(landing)).order_files(NIGHT)
    assert file.refused.rule == "not_a_regular_file"
    assert "named pipe (FIFO)" in file.refused.reason


def test_stock_and_confirmations_outside_the_landing_area_are_refused_not_read(tmp_path, secret):
    landing = tmp_path / "landing"
    elsewhere = tmp_path / "stock.csv"
    elsewhere.write_text("warehouse_id,sku,on_hand\nWH1,A,1000\n")
    (_night(landing, "inventory") / "stock.csv").symlink_to(elsewhere)
    (_night(landing, "confirmations") / "shipped.csv").symlink_to(secret)
    zone = LandingZone(root=str(landing))
    assert zone.dated_files("inventory", NIGHT) == []
    assert zone.dated_files("confirmations", NIGHT) == []
    assert [(path, r.rule) for path, r in zone.refused_files("inventory", NIGHT)] == [
        ("inventory/2026-11-20/stock.csv", "outside_landing_area")
    ]
    assert [(path, r.rule) for path, r in zone.refused_files("confirmations", NIGHT)] == [
        ("confirmations/2026-11-20/shipped.csv", "outside_landing_area")
    ]


def test_a_reference_file_linked_from_outside_fails_the_night(tmp_path, secret):
    landing = tmp_path / "landing"
    (landing / "reference").mkdir(parents=True)
    (landing / "reference" / "warehouses.csv").symlink_to(secret)
    with pytest.raises(dg.Failure, match=r"reference/warehouses\.csv is a link") as raised:
        LandingZone(root=str(landing)).reference("warehouses")
    assert PRIVATE_LINE not in str(raised.value.description)


def test_files_outside_a_date_folder_are_recorded_every_night_as_misplaced(tmp_path):
    orders = tmp_path / "orders" / "generic"
    for relative in ["x.csv", "20261121/a.csv", "2026-11-21 /a.csv", "2026-11-31/a.csv"]:
        (orders / relative).parent.mkdir(parents=True, exist_ok=True)
        (orders / relative).write_text("channel_order_id\n")
    (_night(tmp_path, "orders", "generic", "2026-11-19").parent / "old.csv").write_text("x\n")
    for night in [NIGHT, date(2026, 11, 21)]:
        refused = _refusals(LandingZone(root=str(tmp_path)).order_files(night))
        assert {path: rule for path, (rule, _) in refused.items()} == {
            "orders/generic/2026-11-21 /a.csv": "misplaced_file",
            "orders/generic/2026-11-31/a.csv": "misplaced_file",
            "orders/generic/20261121/a.csv": "misplaced_file",
            "orders/generic/x.csv": "misplaced_file",
        }
    assert (
        "its folder '2026-11-21 ' is not a date written YYYY-MM-DD"
        in refused["orders/generic/2026-11-21 /a.csv"][1]
    )
    assert "it lies directly in orders/generic/" in refused["orders/generic/x.csv"][1]


def test_a_file_lying_directly_in_orders_is_recorded_as_misplaced_with_no_channel(tmp_path):
    _landed(tmp_path)
    (tmp_path / "orders" / "orders_export.csv").write_text("Name,Email\n")
    (loose,) = LandingZone(root=str(tmp_path)).loose_order_files()
    assert (loose.channel, loose.relative_path) == ("", "orders/orders_export.csv")
    assert loose.refused.rule == "misplaced_file"
    assert "it lies directly in orders/, in no channel's folder" in loose.refused.reason


def test_an_unreadable_inventory_folder_fails_instead_of_reading_as_no_stock(
    tmp_path, unreadable_folder
):
    (_night(tmp_path, "inventory") / "stock.csv").write_text("warehouse_id,sku,on_hand\n")
    unreadable_folder(tmp_path / "inventory")
    with pytest.raises(PermissionError) as raised:
        LandingZone(root=str(tmp_path)).dated_files("inventory", NIGHT)
    assert raised.value.filename.startswith(str(tmp_path / "inventory"))
    assert isinstance(raised.value, dg.Failure) and not raised.value.allow_retries


def test_an_unreadable_channel_date_folder_fails_the_night(tmp_path, unreadable_folder):
    _landed(tmp_path)
    unreadable_folder(tmp_path / "orders" / "amazon" / NIGHT.isoformat())
    with pytest.raises(PermissionError) as raised:
        LandingZone(root=str(tmp_path)).order_files(NIGHT)
    assert raised.value.filename == str(tmp_path / "orders" / "amazon" / NIGHT.isoformat())


def test_an_unreadable_channel_folder_fails_the_night(tmp_path, unreadable_folder):
    _landed(tmp_path)
    unreadable_folder(tmp_path / "orders" / "amazon")
    with pytest.raises(PermissionError) as raised:
        LandingZone(root=str(tmp_path)).order_files(NIGHT)
    assert raised.value.filename.startswith(str(tmp_path / "orders" / "amazon"))


def _listed_then_swapped(tmp_path: Path, swap: Callable[[Path], None]) -> LandingFile:
    """orders/amazon/<night>/report.txt as the listing saw it (a regular file), then changed."""
    _landed(tmp_path)
    (listed,) = [
        f for f in LandingZone(root=str(tmp_path)).order_files(NIGHT) if f.path.name == "report.txt"
    ]
    assert listed.refused is None
    swap(listed.path)
    return listed


def test_a_file_swapped_for_a_link_to_a_secret_after_listing_is_not_read(tmp_path, secret):
    def to_link(path: Path) -> None:
        path.unlink()
        path.symlink_to(secret)

    listed = _listed_then_swapped(tmp_path / "landing", to_link)
    with pytest.raises(ReplacedAfterListing) as refused:
        read_landed(listed.path, listed.relative_path)
    assert "was replaced after the landing area was listed" in str(refused.value)
    assert PRIVATE_LINE not in str(refused.value)


def test_a_file_swapped_for_a_fifo_after_listing_is_refused_without_blocking(tmp_path):
    def to_fifo(path: Path) -> None:
        path.unlink()
        os.mkfifo(path)

    listed = _listed_then_swapped(tmp_path, to_fifo)
    with pytest.raises(ReplacedAfterListing):  # open() of a FIFO would wait for a writer
        read_landed(listed.path, listed.relative_path)


def test_a_folder_swapped_for_a_link_leading_out_after_listing_is_not_read(tmp_path, secret):
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "report.txt").write_text(PRIVATE_LINE + "\n")

    def folder_to_link(path: Path) -> None:
        shutil.rmtree(path.parent)
        path.parent.symlink_to(outside)

    listed = _listed_then_swapped(tmp_path / "landing", folder_to_link)
    with pytest.raises(ReplacedAfterListing):
        read_landed(listed.path, listed.relative_path)


def test_a_link_inside_the_landing_area_to_a_file_inside_it_is_read(tmp_path):
    _landed(tmp_path)
    night = tmp_path / "orders" / "amazon" / NIGHT.isoformat()
    (night / "copy.txt").symlink_to(night / "report.txt")
    assert read_landed(night / "copy.txt", f"orders/amazon/{NIGHT}/copy.txt") == b"order-id\tsku\n"
