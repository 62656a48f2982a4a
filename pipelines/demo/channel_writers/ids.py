"""The order number each channel shows for a demo order's `order_seq` (what ingest reads back)."""

import polars as pl


def channel_order_id(channel: str) -> pl.Expr:
    """The order number a channel shows for `order_seq`."""
    seq = pl.col("order_seq")
    ids = {
        "shopify": pl.format("#{}", seq + 1000),
        "amazon": _amazon_order_id(seq),
        "ebay": _ebay_order_number(seq),
        "woocommerce": (seq + 5000).cast(pl.String),
        "generic": pl.format("GEN-{}", seq.cast(pl.String).str.zfill(8)),
    }
    return ids[channel]


def _amazon_order_id(seq: pl.Expr) -> pl.Expr:
    """3-7-7 digits, e.g. `100-0007919-0000001`."""
    return pl.format(
        "{}-{}-{}",
        (100 + (seq // 10_000_000) % 900).cast(pl.String),
        (seq * 7_919 % 10_000_000).cast(pl.String).str.zfill(7),
        (seq % 10_000_000).cast(pl.String).str.zfill(7),
    )


def _ebay_order_number(seq: pl.Expr) -> pl.Expr:
    """2-5-5 digits, e.g. `10-00000-00001`."""
    return pl.format(
        "{}-{}-{}",
        (10 + (seq // 10_000_000_000) % 90).cast(pl.String),
        ((seq // 100_000) % 100_000).cast(pl.String).str.zfill(5),
        (seq % 100_000).cast(pl.String).str.zfill(5),
    )
