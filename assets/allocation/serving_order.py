"""The order in which tonight's orders are served, and their lines with them.

Orders are ranked by service level (fastest first), then age (placed_at), then channel priority,
then their keys, as docs/allocation.md states; lines follow their order, in line_no order.
"""

import numpy as np
import polars as pl

from assets.allocation.candidates import ORDER_KEY
from assets.allocation.kernel import group_permutation
from assets.allocation.keys import order_facts
from contracts.policy import AllocationPolicy
from contracts.vocabulary import TRUE_WORDS

VERSION_KEY = [*ORDER_KEY, "version"]


def channel_rules(channels: pl.DataFrame | None, policy: AllocationPolicy) -> pl.DataFrame:
    """Priority (null = unlisted, served after listed channels) and allow_split per channel."""
    rules = pl.DataFrame(
        schema={"channel": pl.String, "priority": pl.Int64, "allow_split": pl.Boolean}
    )
    if channels is not None and channels.height:
        allow = pl.lit(True)
        if "allow_split" in channels.columns:
            raw = pl.col("allow_split")
            if channels.schema["allow_split"] != pl.Boolean:
                raw = raw.cast(pl.String).str.strip_chars().str.to_lowercase().is_in(TRUE_WORDS)
            allow = raw.fill_null(True)
        priority = (
            pl.col("priority").cast(pl.Int64)
            if "priority" in channels.columns
            else pl.lit(None, pl.Int64)
        )
        rules = channels.select(
            pl.col("channel").cast(pl.String),
            priority.alias("priority"),
            allow.alias("allow_split"),
        ).unique(subset="channel", keep="first", maintain_order=True)
    if policy.split_override:
        override = pl.DataFrame(
            {
                "channel": list(policy.split_override),
                "override": [bool(v) for v in policy.split_override.values()],
            },
            schema={"channel": pl.String, "override": pl.Boolean},
        )
        rules = (
            rules.join(override, on="channel", how="full", coalesce=True)
            .with_columns(pl.coalesce("override", "allow_split").alias("allow_split"))
            .drop("override")
        )
    return rules


def ranked_orders(
    order_keys: pl.DataFrame,
    lines: pl.DataFrame,
    order_code: np.ndarray,
    rules: pl.DataFrame,
    policy: AllocationPolicy,
) -> pl.DataFrame:
    """One row per order version in serving order: service level, age, channel priority, keys.

    Lines carry a dense code per order version (see keys.dense_codes; `order_keys` holds each
    code's keys); the per-order facts are folded in one compiled pass, so only the million-row
    sort is left to Polars.
    """
    fastest, earliest, paid = order_facts(
        order_code,
        order_keys.height,
        lines["service_speed"].to_numpy(),
        lines["placed_at"].to_physical().to_numpy(),
        lines["is_paid"].fill_null(True).to_numpy(),
    )
    return (
        order_keys.with_columns(
            pl.Series("order_code", np.arange(order_keys.height, dtype=np.int64)),
            pl.Series("service_speed", fastest),
            pl.Series("placed_at", earliest),
            pl.Series("is_paid", paid),
        )
        .join(rules, on="channel", how="left", maintain_order="left")
        .sort(["service_speed", "placed_at", "priority", *VERSION_KEY], nulls_last=True)
        .with_columns(
            pl.col("allow_split").fill_null(True),
            (pl.lit(policy.hold_unpaid) & ~pl.col("is_paid")).alias("is_held"),
            pl.int_range(pl.len(), dtype=pl.Int64).alias("order_idx"),
        )
    )


def serving_order(
    line_no: np.ndarray, order_code: np.ndarray, idx_of_code: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """The permutation that puts lines in serving order (order rank, then line_no), and the
    order_idx of each line in that order."""
    order_idx = idx_of_code[order_code]
    serving = group_permutation(order_idx, line_no, idx_of_code.shape[0])
    order_idx, line_no = order_idx[serving], line_no[serving]
    if np.any((order_idx[1:] == order_idx[:-1]) & (line_no[1:] == line_no[:-1])):
        raise ValueError("demand has the same (channel, channel_order_id, version, line_no) twice")
    return serving, order_idx
