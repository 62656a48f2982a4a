"""The canonical generic feed: CSV, Parquet and JSON Lines, optional columns."""

from datetime import datetime

import polars as pl

from tests.ingest.conftest import FIXTURES, Landing

CSV = FIXTURES / "generic" / "orders.csv"


def _order(batch, order_id: str) -> dict:
    return batch.orders.filter(pl.col("channel_order_id") == order_id).to_dicts()[0]


def test_iso_timestamps_with_z_offset_or_none_become_utc(landing: Landing) -> None:
    batch = landing.read([landing.put_fixture(CSV)])
    assert _order(batch, "GEN-0001")["placed_at"] == datetime(2026, 9, 17, 14, 3, 22)
    assert _order(batch, "GEN-0002")["placed_at"] == datetime(2026, 9, 17, 14, 0, 0)
    assert _order(batch, "GEN-0003")["placed_at"] == datetime(2026, 9, 17, 18, 30, 0)


def test_status_and_is_paid_are_read_and_unknown_columns_ignored(landing: Landing) -> None:
    batch = landing.read([landing.put_fixture(CSV)])
    assert (_order(batch, "GEN-0002")["status"], _order(batch, "GEN-0002")["is_paid"]) == (
        "cancelled",
        False,
    )
    assert _order(batch, "GEN-0003")["status"] == "fulfilled_by_channel"
    assert batch.rejects.is_empty()


def test_missing_optional_columns_mean_open_and_paid(landing: Landing) -> None:
    batch = landing.read([landing.put_fixture(FIXTURES / "generic" / "orders_minimal.csv")])
    order = _order(batch, "GEN-0101")
    assert (order["status"], order["is_paid"]) == ("open", True)
    assert batch.lines["channel_line_id"].to_list() == [None, None]


def test_parquet_and_jsonl_give_the_same_orders_as_csv(landing: Landing) -> None:
    frame = pl.read_csv(CSV, infer_schema=False)
    from_csv = landing.read([landing.put_fixture(CSV)]).orders.drop("source_file")
    parquet_path = landing.root / "x.parquet"
    parquet_path.parent.mkdir(parents=True, exist_ok=True)
    frame.with_columns(
        pl.col("quantity").cast(pl.Int64), pl.col("is_paid") == "true"
    ).write_parquet(parquet_path)
    parquet = landing.put("generic", "orders.parquet", parquet_path.read_bytes())
    jsonl = landing.put("generic", "orders.jsonl", frame.write_ndjson())
    for file in (parquet, jsonl):
        assert landing.read([file]).orders.drop("source_file").equals(from_csv), file.path
