"""Stock is never invented: a snapshot counted twice, a negative safety stock or an absurd count
becomes a reject with a reason, not units a pick list can promise."""

from pathlib import Path

import polars as pl

from assets.inventory.safety_stock import checked_safety_stock
from assets.inventory.snapshot import MAX_UNITS, read_snapshot

WAREHOUSES = pl.Series(["WH-EAST", "WH-WEST"])
SNAPSHOT = "warehouse_id,sku,on_hand\nWH-EAST,MUG,4\nWH-EAST,TEE,10\n"


def _files(tmp_path: Path, named: dict[str, str]) -> list[tuple[Path, str]]:
    files = []
    for name, text in named.items():
        path = tmp_path / name
        path.write_text(text)
        files.append((path, f"inventory/2026-11-20/{name}"))
    return files


def test_the_same_snapshot_landed_twice_counts_once(tmp_path):
    files = _files(tmp_path, {"stock-wh-east.csv": SNAPSHOT, "stock-wh-east (1).csv": SNAPSHOT})
    snapshot = read_snapshot(files, WAREHOUSES)
    assert snapshot.stock.group_by("sku").agg(pl.col("on_hand").sum()).sort("sku").rows() == [
        ("MUG", 4),
        ("TEE", 10),
    ]
    (reject,) = snapshot.rejects.to_dicts()
    assert reject["source_file"] == "inventory/2026-11-20/stock-wh-east (1).csv"
    assert "inventory/2026-11-20/stock-wh-east.csv" in reject["reason"]


def test_two_different_snapshot_files_are_still_summed(tmp_path):
    other = "warehouse_id,sku,on_hand\nWH-EAST,MUG,1\n"
    snapshot = read_snapshot(_files(tmp_path, {"a.csv": SNAPSHOT, "b.csv": other}), WAREHOUSES)
    assert snapshot.stock.filter(pl.col("sku") == "MUG")["on_hand"].sum() == 5
    assert snapshot.rejects.is_empty()


def test_an_absurd_count_is_rejected_and_nothing_overflows(tmp_path):
    huge = 2**62
    text = f"warehouse_id,sku,on_hand\nWH-EAST,MUG,{huge}\nWH-EAST,MUG,{huge}\nWH-EAST,TEE,3\n"
    snapshot = read_snapshot(_files(tmp_path, {"stock.csv": text}), WAREHOUSES)
    assert snapshot.stock.rows() == [("WH-EAST", "TEE", 3)]
    assert snapshot.rejects["source_row"].to_list() == [1, 2]
    assert snapshot.rejects["reason"].str.contains(f"{MAX_UNITS:,}", literal=True).all()


def test_a_negative_or_absurd_safety_stock_is_rejected_not_added():
    safety = pl.DataFrame(
        {
            "warehouse_id": ["WH-EAST", "WH-EAST", "WH-WEST", "WH-WEST"],
            "sku": ["MUG", "TEE", "MUG", "CAP"],
            "units": [-1000, 2, MAX_UNITS + 1, None],
        }
    )
    kept, rejects = checked_safety_stock(safety)
    assert kept.rows() == [("WH-EAST", "TEE", 2)]
    assert rejects["source_file"].unique().to_list() == ["reference/safety_stock.csv"]
    assert rejects["source_row"].to_list() == [1, 3, 4]
    reasons = rejects["reason"].to_list()
    assert "negative" in reasons[0] and "not a whole number" in reasons[2]
