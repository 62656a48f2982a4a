"""One demo night through Dagster: every channel's stock file sits beside the warehouses'
documents, and says what oms.stock_feed offered, never more than ATP."""

from __future__ import annotations

import polars as pl

from tests.conftest import SECOND_DAY, make_site
from tests.e2e.nights import published_table, run_night
from tests.stock_feeds.channel_readers import read_listings_feed, read_rows


def test_a_night_writes_each_channels_stock_file_next_to_the_documents(tmp_path):
    site = make_site(tmp_path, days=1, orders_per_day=40)
    result = run_night(site, SECOND_DAY)
    (check,) = [e for e in result.get_asset_check_evaluations() if e.check_name == "within_atp"]
    assert check.passed
    night = site.output / SECOND_DAY.isoformat()
    assert any(night.glob("*/pick-lists.csv"))  # the documents' swap kept the channel files
    feed = published_table(site, "stock_feed").filter(pl.col("sent"))
    told = {
        channel: dict(rows.select("sku", "sellable").iter_rows())
        for (channel,), rows in feed.partition_by("channel", as_dict=True).items()
    }
    amazon = night / "channels" / "amazon"
    rows = read_rows("amazon", (amazon / "stock-price-quantity.txt").read_bytes())
    assert {r["sku"]: int(r["quantity"]) for r in rows} == told["amazon"]
    assert read_listings_feed((amazon / "stock-listings-feed.json").read_bytes()) == told["amazon"]
    woo = read_rows("woocommerce", (night / "channels/woocommerce/stock-products.csv").read_bytes())
    assert {r["SKU"]: int(r["Stock"]) for r in woo} == told["woocommerce"]
    assert (night / "channels/shopify/stock-inventory.csv").exists()
    assert (night / "channels/ebay/stock-revise-quantity.csv").exists()
    assert feed.height and (feed["sellable"] <= feed["atp"]).all()
    assert _left_after_allocation(site).items() <= _atp_of_stocked_skus(feed).items()


def _atp_of_stocked_skus(feed: pl.DataFrame) -> dict[str, int]:
    amazon = feed.filter(pl.col("channel") == "amazon")
    return dict(amazon.select("sku", "atp").iter_rows())


def _left_after_allocation(site) -> dict[str, int]:
    """Per SKU with stock, what the warehouses can still promise after tonight's allocations,
    worked out here from the published tables."""
    allocated = (
        published_table(site, "allocations")
        .group_by("warehouse_id", "sku")
        .agg(allocated=pl.col("quantity").sum())
    )
    left = (
        published_table(site, "inventory_positions")
        .join(allocated, on=["warehouse_id", "sku"], how="left")
        .group_by("sku")
        .agg((pl.col("available") - pl.col("allocated").fill_null(0)).clip(lower_bound=0).sum())
    )
    return {sku: units for sku, units in left.iter_rows() if sku in _catalogue(site)}


def _catalogue(site) -> set[str]:
    return set(pl.read_csv(site.landing / "reference" / "skus.csv")["sku"])
