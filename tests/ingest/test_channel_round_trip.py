"""Demo channel writers → channel readers give back the orders that were written."""

from datetime import date
from itertools import pairwise
from pathlib import Path

import polars as pl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assets.ingest.reading import IngestReference, read_and_validate
from bench.bench_ingest import demo_lines, sku_catalogue
from contracts.landing_file import LandingFile
from contracts.vocabulary import CHANNELS
from pipelines.demo.channel_writers import channel_order_id, write_channel_export

DAY = date(2026, 9, 18)
ORDER_COLUMNS = [
    "channel_order_id", "placed_at", "service_level", "ship_name", "ship_company",
    "ship_address1", "ship_address2", "ship_city", "ship_region", "ship_postal_code",
    "ship_country", "ship_phone", "status", "is_paid",
]  # fmt: skip


def _ingest(lines: pl.DataFrame, channel: str, root: Path, seed: int):
    folder = root / "orders" / channel / DAY.isoformat()
    paths = write_channel_export(lines, channel, folder, seed=seed)
    files = [LandingFile(channel, p, p.relative_to(root).as_posix()) for p in paths]
    return read_and_validate(files, business_date=DAY, reference=IngestReference(sku_catalogue()))


def expected_orders(lines: pl.DataFrame, channel: str) -> pl.DataFrame:
    """What each format can carry back: the documented losses of each export are applied."""
    orders = lines.group_by("order_seq", maintain_order=True).first()
    status = pl.col("status").replace({"fulfilled": "fulfilled_by_channel"})
    orders = orders.with_columns(channel_order_id=channel_order_id(channel), status=status)
    closed = pl.col("status") != "open"
    no_company = pl.lit(None, dtype=pl.String).alias("ship_company")
    if channel == "amazon":  # cancelled / FBA orders come in the All Orders report
        recipient = ["ship_name", "ship_address1", "ship_address2", "ship_phone"]
        orders = orders.with_columns(
            no_company,
            *(pl.when(closed).then(None).otherwise(pl.col(c)).alias(c) for c in recipient),
            is_paid=pl.when(closed)
            .then(pl.col("status") == "fulfilled_by_channel")
            .otherwise(pl.col("is_paid")),
        )
    if channel == "ebay":  # sale dates have day precision; no company
        orders = orders.with_columns(pl.col("placed_at").dt.truncate("1d"), no_company)
    if channel == "woocommerce":  # "completed" implies paid
        orders = orders.with_columns(
            is_paid=pl.col("is_paid") | (pl.col("status") == "fulfilled_by_channel")
        )
        # AlgolPlus (odd orders): one street column holding both lines, no shipping company
        algolplus = pl.col("order_seq") % 2 == 1
        joined = pl.concat_str(
            ["ship_address1", "ship_address2"], separator=", ", ignore_nulls=True
        )
        orders = orders.with_columns(
            ship_address1=pl.when(algolplus).then(joined).otherwise("ship_address1"),
            ship_address2=pl.when(algolplus).then(None).otherwise("ship_address2"),
            ship_company=pl.when(algolplus).then(None).otherwise("ship_company"),
        )
    return orders.select(ORDER_COLUMNS).sort("channel_order_id")


def expected_lines(lines: pl.DataFrame, channel: str) -> pl.DataFrame:
    return (
        lines.with_columns(channel_order_id=channel_order_id(channel))
        .select(
            "channel_order_id",
            pl.col("line_no").cast(pl.Int32),
            "sku",
            pl.col("quantity").cast(pl.Int32),
        )
        .sort("channel_order_id", "line_no")
    )


@pytest.mark.parametrize("channel", CHANNELS)
@pytest.mark.parametrize("seed", [0, 1, 2])
def test_written_exports_read_back_as_the_same_orders(
    tmp_path: Path, channel: str, seed: int
) -> None:
    lines = demo_lines(60, seed=seed, day=DAY)
    batch = _ingest(lines, channel, tmp_path, seed)
    assert batch.rejects.is_empty(), batch.rejects.to_dicts()[:3]
    got = batch.orders.select(ORDER_COLUMNS).sort("channel_order_id")
    assert got.equals(expected_orders(lines, channel))
    got_lines = batch.lines.select("channel_order_id", "line_no", "sku", "quantity").sort(
        "channel_order_id", "line_no"
    )
    assert got_lines.equals(expected_lines(lines, channel))


@pytest.mark.parametrize("channel", CHANNELS)
def test_same_seed_writes_the_same_bytes(tmp_path: Path, channel: str) -> None:
    lines = demo_lines(40, seed=3, day=DAY)
    first = write_channel_export(lines, channel, tmp_path / "a" / "2026-09-18", seed=5)
    second = write_channel_export(lines, channel, tmp_path / "b" / "2026-09-18", seed=5)
    assert [p.name for p in first] == [p.name for p in second]
    assert all(a.read_bytes() == b.read_bytes() for a, b in zip(first, second, strict=True))


def test_large_shopify_exports_are_cut_at_a_row_count_and_read_back_whole(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import pipelines.demo.channel_writers.shopify as writers

    monkeypatch.setattr(writers, "SHOPIFY_MAX_ROWS_PER_FILE", 50)
    lines = demo_lines(80, seed=4, day=DAY)
    paths = write_channel_export(lines, "shopify", tmp_path / "s" / DAY.isoformat(), seed=0)
    assert [p.name for p in paths][:2] == ["orders_export_1.csv", "orders_export_2.csv"]
    names = [pl.read_csv(p, infer_schema=False)["Name"] for p in paths]
    assert any(a[-1] == b[0] for a, b in pairwise(names)), "no order is cut between parts"

    batch = _ingest(lines, "shopify", tmp_path / "b", seed=0)
    assert batch.rejects.is_empty(), batch.rejects.to_dicts()[:3]
    got = batch.orders.select(ORDER_COLUMNS).sort("channel_order_id")
    assert got.equals(expected_orders(lines, "shopify"))
    got_lines = batch.lines.select("channel_order_id", "line_no", "sku", "quantity").sort(
        "channel_order_id", "line_no"
    )
    assert got_lines.equals(expected_lines(lines, "shopify"))


def test_amazon_writes_windows_1252_on_some_seeds(tmp_path: Path) -> None:
    lines = demo_lines(20, seed=1, day=DAY).with_columns(ship_name=pl.lit("Chloé Müller"))
    path = write_channel_export(lines, "amazon", tmp_path / "a", seed=2)[0]
    assert "Chloé".encode("cp1252") in path.read_bytes()
    batch = _ingest(lines, "amazon", tmp_path / "b", seed=2)
    assert "Chloé Müller" in batch.orders["ship_name"].to_list()


words = st.text(
    alphabet=st.sampled_from("abcdefghijklmnopqrstuvwxyzABCXYZ0123456789éüßøç',.#&-/\"()"),
    min_size=1,
    max_size=8,
)
names = st.lists(words, min_size=1, max_size=3).map(" ".join)


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(channel=st.sampled_from(CHANNELS), ship_name=names, address=names, city=names)
def test_free_text_address_fields_survive_every_format(
    tmp_path_factory: pytest.TempPathFactory, channel: str, ship_name: str, address: str, city: str
) -> None:
    lines = demo_lines(3, seed=0, day=DAY).with_columns(
        status=pl.lit("open"), ship_name=pl.lit(ship_name), ship_address1=pl.lit(address),
        ship_city=pl.lit(city),
    )  # fmt: skip
    batch = _ingest(lines, channel, tmp_path_factory.mktemp("rt"), seed=0)
    got = batch.orders.select("ship_name", "ship_address1", "ship_city").unique().rows()
    assert got == [(ship_name, address, city)]
