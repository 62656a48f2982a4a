"""Write demo order lines in each channel's real export format (`contracts.channel_formats`).

Ids are derived from `order_seq` (Shopify `#1001`, Amazon 3-7-7 order ids with 14-digit item
ids, eBay 2-5-5 order numbers), so re-writing the same orders gives the same files, and the
channel quirks the readers must survive are reproduced on purpose: Shopify order fields on the
first row only, apostrophe zips, multi-line notes and split files; Amazon tab files, sometimes
in Windows-1252; eBay preamble, summary rows and footer; WooCommerce packed and per-item
layouts. Same seed, same bytes. Headers, date shapes and value words come from the contract the
readers read by, so a file the demo writes is one ingest can read.
"""

from pathlib import Path

import polars as pl

from pipelines.demo.channel_writers.amazon import write_amazon
from pipelines.demo.channel_writers.ebay import write_ebay
from pipelines.demo.channel_writers.generic import write_generic
from pipelines.demo.channel_writers.ids import channel_order_id
from pipelines.demo.channel_writers.shopify import write_shopify
from pipelines.demo.channel_writers.woocommerce import write_woocommerce

WRITERS = {
    "shopify": write_shopify,
    "amazon": write_amazon,
    "woocommerce": write_woocommerce,
    "ebay": write_ebay,
    "generic": write_generic,
}


def write_channel_export(
    lines: pl.DataFrame, channel: str, folder: Path, *, seed: int
) -> list[Path]:
    """Write `lines` (one row per order line) as `channel`'s export(s) into `folder`."""
    if channel not in WRITERS:
        raise ValueError(f"no writer for channel {channel!r}")
    folder.mkdir(parents=True, exist_ok=True)
    ordered = lines.sort("order_seq", "line_no")
    return WRITERS[channel](ordered, folder, seed)


__all__ = ["channel_order_id", "write_channel_export"]
