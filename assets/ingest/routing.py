"""Decide the fate of every staged line: candidate, rejected, held with its order, superseded by
a later file tonight, or an unchanged earlier copy — and say why in words an operator can use.
"""

import polars as pl

from assets.ingest.canonical import ORDER_FIELDS
from assets.ingest.content_hash import content_hashes
from assets.ingest.validation import ROW_ID

COPY_KEYS = ["channel", "order_key", "source_file"]
ORDER_KEYS = ["channel", "order_key"]
COPY_ID, ORDER_ID = "_copy_id", "_order_id"

CANDIDATE, REJECTED, UNCHANGED = "candidate", "rejected", "unchanged"


def route(normalised: pl.DataFrame, violations: pl.DataFrame) -> pl.DataFrame:
    """Add `line_no`, `outcome` (candidate|rejected|unchanged), `rule` and `reason`.

    - the copy of an order in the last file (sorted path order) is the one that counts;
    - in that copy, a line breaking a rule is rejected and its sibling lines are held
      (`order_held`), so an order is never half-shipped;
    - an earlier copy identical to a valid last copy is an unchanged re-export; any other
      earlier copy is rejected as `superseded`.
    """
    frame = (
        normalised.join(violations, on=ROW_ID, how="left", maintain_order="left")
        .sort(ROW_ID)
        .with_columns(_order_id=_group_id(ORDER_KEYS), _copy_id=_group_id(COPY_KEYS))
        .with_columns(
            line_no=(pl.int_range(pl.len()).over(COPY_ID) + 1).cast(pl.Int32),
            winner_file=pl.col("source_file").max().over(ORDER_ID),
        )
        .with_columns(is_winner=pl.col("source_file") == pl.col("winner_file"))
    )
    frame = frame.join(_copy_hashes(frame), on=COPY_ID, how="left", maintain_order="left")
    frame = frame.with_columns(reason=rule_reason()).with_columns(
        copy_failed=pl.col("rule").is_not_null().any().over(COPY_ID),
        first_failure=pl.format(
            "line {} (row {}): {}", pl.col("line_no"), pl.col("source_row"), pl.col("reason")
        )
        .filter(pl.col("rule").is_not_null())
        .first()
        .over(COPY_ID),
    )
    winner = pl.col("is_winner")
    frame = frame.with_columns(
        winner_hash=pl.col("copy_hash").filter(winner).first().over(ORDER_ID),
        winner_failed=pl.col("copy_failed").filter(winner).first().over(ORDER_ID),
    )
    is_unchanged_copy = (
        ~winner & (pl.col("copy_hash") == pl.col("winner_hash")) & ~pl.col("winner_failed")
    )
    outcome = (
        pl.when(winner & ~pl.col("copy_failed"))
        .then(pl.lit(CANDIDATE))
        .when(is_unchanged_copy)
        .then(pl.lit(UNCHANGED))
        .otherwise(pl.lit(REJECTED))
    )
    held = winner & pl.col("copy_failed") & pl.col("rule").is_null()
    superseded = ~winner & ~is_unchanged_copy
    return frame.with_columns(
        outcome=outcome,
        rule=pl.when(superseded)
        .then(pl.lit("superseded"))
        .when(held)
        .then(pl.lit("order_held"))
        .otherwise(pl.col("rule")),
        reason=pl.when(superseded)
        .then(
            pl.format(
                "order {} appears again in {}, a later file tonight; that copy is used",
                pl.col("channel_order_id"),
                pl.col("winner_file"),
            )
        )
        .when(held)
        .then(
            pl.format(
                "order {} held whole because another line was rejected — {}",
                pl.col("channel_order_id"),
                pl.col("first_failure"),
            )
        )
        .otherwise(pl.col("reason")),
    )


def _group_id(keys: list[str]) -> pl.Expr:
    """A small integer per distinct key combination, so window functions group on integers."""
    joined = pl.concat_str([pl.col(k).fill_null("") for k in keys], separator="\x1f")
    return joined.cast(pl.Categorical).to_physical()


def _copy_hashes(frame: pl.DataFrame) -> pl.DataFrame:
    copies = frame.group_by(COPY_ID, maintain_order=True).agg(
        pl.col(field).first() for field in ORDER_FIELDS
    )
    lines = frame.select(COPY_ID, "line_no", "channel_line_id", "sku", "quantity")
    return content_hashes(copies, lines, [COPY_ID]).rename({"content_hash": "copy_hash"})


def _quoted(column: str) -> pl.Expr:
    return pl.format("'{}'", pl.col(column))


def empty_or(column: str, empty: str | pl.Expr, filled: pl.Expr) -> pl.Expr:
    """`empty` when the column is null, else `filled`."""
    empty_expr = pl.lit(empty) if isinstance(empty, str) else empty
    return pl.when(pl.col(column).is_null()).then(empty_expr).otherwise(filled)


def rule_reason() -> pl.Expr:
    """The reason for a row's own rule, quoting the value it broke it with."""
    rule = pl.col("rule")
    return (
        pl.when(rule == "missing_order_id")
        .then(pl.lit("the order number is empty"))
        .when(rule == "bad_placed_at")
        .then(
            empty_or(
                "placed_at_raw",
                "the order date is empty",
                pl.format(
                    "order date {} is not a date and time we can read", _quoted("placed_at_raw")
                ),
            )
        )
        .when(rule == "unknown_country")
        .then(
            empty_or(
                "ship_country_raw",
                "the ship-to country is empty",
                pl.format(
                    "ship-to country {} is not an ISO 3166 country name or code",
                    _quoted("ship_country_raw"),
                ),
            )
        )
        .when(rule == "bad_postal_code")
        .then(
            empty_or(
                "ship_postal_code",
                pl.format("the postal code is empty but required for {}", pl.col("ship_country")),
                pl.format(
                    "postal code {} is not a valid postal code for {}",
                    _quoted("ship_postal_code_raw"),
                    pl.col("ship_country"),
                ),
            )
        )
        .when(rule == "unknown_service_level")
        .then(
            empty_or(
                "service_name",
                "the shipping service is empty",
                pl.format(
                    "shipping service {} is not mapped to standard, expedited or overnight "
                    "(add it to reference/service_levels.csv)",
                    _quoted("service_name"),
                ),
            )
        )
        .when(rule == "bad_status")
        .then(pl.format("order status {} is not one we recognise", _quoted("status_raw")))
        .when(rule == "bad_is_paid")
        .then(pl.lit("is_paid is neither true nor false"))
        .when(rule == "missing_sku")
        .then(pl.lit("the SKU is empty"))
        .when(rule == "unknown_sku")
        .then(pl.format("unknown SKU {} (not in reference/skus.csv)", _quoted("sku")))
        .when(rule == "bad_quantity")
        .then(
            pl.format(
                "quantity {} is not a whole number from 1 to 10000",
                pl.format("'{}'", pl.col("quantity_raw").fill_null("")),
            )
        )
        .when(rule == "duplicate_line")
        .then(
            pl.when(pl.col("channel_line_id").is_not_null())
            .then(
                pl.format(
                    "line id {} appears more than once in order {}",
                    _quoted("channel_line_id"),
                    pl.col("channel_order_id"),
                )
            )
            .otherwise(
                pl.format(
                    "SKU {} appears more than once in order {}",
                    _quoted("sku"),
                    pl.col("channel_order_id"),
                )
            )
        )
        .otherwise(pl.lit(None, dtype=pl.String))
    )
