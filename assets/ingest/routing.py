"""Decide the fate of every staged line: candidate, rejected, held with its order, superseded by
a later file tonight, or an unchanged earlier copy — and say why in words an operator can use.

Files are routed one at a time, newest path first, so when a file is routed every later copy of
its orders is already known (`LaterCopies`) and the fate of each of its copies is final.
"""

from dataclasses import dataclass
from datetime import date

import polars as pl

from assets.ingest.content_hash import copy_contents
from contracts.policy import OrderDatePolicy

ORDER_KEYS = ["channel", "order_key"]
CANDIDATE, REJECTED, UNCHANGED = "candidate", "rejected", "unchanged"
LATER_COPIES_SCHEMA: dict[str, pl.DataType] = {
    "channel": pl.String(),
    "order_key": pl.String(),
    "winner_file": pl.String(),
    "winner_hash": pl.String(),
    "winner_failed": pl.Boolean(),
}


@dataclass(frozen=True)
class RoutedFile:
    """One file's lines by fate, and the copies of its orders (for the files before it)."""

    lines: pl.DataFrame  # every line with `_copy` (its copy's number), `line_no` and `outcome`
    fates: pl.DataFrame  # copies not accepted: `_copy`, is_superseded, winner_file, first_failure
    orders: pl.DataFrame  # candidate copies: channel_order_id, ORDER_FIELDS, copy_hash
    copies: pl.DataFrame  # LATER_COPIES_SCHEMA rows of the copies that won their order


def no_later_copies() -> pl.DataFrame:
    """The order copies seen in later files, before any file is routed."""
    return pl.DataFrame(schema=LATER_COPIES_SCHEMA)


def route_file(lines: pl.DataFrame, later_copies: pl.DataFrame) -> RoutedFile:
    """Add `line_no`, `outcome` (candidate|rejected|unchanged), `rule` and `reason`.

    `lines` are one file's normalised lines with `rule` (its first broken rule, or null);
    `later_copies` the winning copies of orders in files after it (sorted path order).

    - the copy of an order in the last file (sorted path order) is the one that counts;
    - in that copy, a line breaking a rule is rejected and its sibling lines are held
      (`order_held`), so an order is never half-shipped;
    - an earlier copy identical to a valid last copy is an unchanged re-export; any other
      earlier copy is rejected as `superseded`.

    A copy's lines share its fate, so fates are decided per copy and spread to lines in one join.
    """
    lines = pl.concat([lines, _copy_numbers(lines["order_key"])], how="horizontal")
    failing = lines.filter(pl.col("rule").is_not_null()).with_columns(reason=rule_reason())
    first_failure = failing.group_by("_copy").agg(
        first_failure=pl.format(
            # the data row as the merchant counts it in the file; `source_row` is our column
            "line {} of the order (data row {} of the file, after its header): {}",
            pl.col("line_no"),
            pl.col("source_row"),
            pl.col("reason"),
        ).first(),
        copy_failed=pl.lit(True),
    )
    copies = (
        copy_contents(
            lines,
            "_copy",
            extra=["channel", "order_key", "channel_order_id", "source_file", "buyer_email"],
        )
        .join(first_failure, on="_copy", how="left", maintain_order="left")
        .join(later_copies, on=ORDER_KEYS, how="left", maintain_order="left")
        .with_columns(pl.col("copy_failed").fill_null(False))
    )
    winner = pl.col("winner_file").is_null()
    unchanged = ~winner & (pl.col("copy_hash") == pl.col("winner_hash")) & ~pl.col("winner_failed")
    copies = copies.with_columns(
        outcome=pl.when(winner & ~pl.col("copy_failed"))
        .then(pl.lit(CANDIDATE))
        .when(unchanged)
        .then(pl.lit(UNCHANGED))
        .otherwise(pl.lit(REJECTED)),
        is_superseded=~winner & ~unchanged,
    )
    # Spread each copy's fate over its lines by position (copy numbers index `copies`).
    lines = lines.with_columns(outcome=copies["outcome"].gather(lines["_copy"]))
    return RoutedFile(
        lines=lines,
        fates=copies.filter(pl.col("outcome") != CANDIDATE),
        orders=copies.filter(pl.col("outcome") == CANDIDATE),
        copies=copies.filter(winner).select(
            "channel",
            "order_key",
            winner_file=pl.col("source_file"),
            winner_hash=pl.col("copy_hash"),
            winner_failed=pl.col("copy_failed"),
        ),
    )


def _copy_numbers(order_key: pl.Series) -> pl.DataFrame:
    """`_copy`, 0, 1, 2… per copy of an order in the file, numbered in order of first
    appearance, and `line_no`, each line's position in its copy from 1.

    Exports list an order's lines together, so copies are usually runs of equal keys and are
    numbered from the run starts without hashing every key; otherwise by a lookup per line.
    """
    is_head = (order_key != order_key.shift()).fill_null(True)
    position = pl.int_range(order_key.len(), dtype=pl.UInt32, eager=True)
    if order_key.filter(is_head).is_unique().all():
        copy = (is_head.cum_sum().cast(pl.UInt32) - 1).set_sorted()
        line_no = position - position.filter(is_head).gather(copy) + 1
        return pl.DataFrame({"_copy": copy, "line_no": line_no.cast(pl.Int32)})
    numbers = order_key.unique(maintain_order=True).to_frame().with_row_index("_copy")
    return (
        order_key.to_frame()
        .join(numbers, on=order_key.name, how="left", maintain_order="left")
        .select("_copy", line_no=(pl.int_range(pl.len()).over("_copy") + 1).cast(pl.Int32))
    )


def rejected_lines(routed: RoutedFile) -> pl.DataFrame:
    """The rejected lines of a routed file, with the rule and the reason in words."""
    fates = routed.fates.select("_copy", "is_superseded", "winner_file", "first_failure")
    rejected = routed.lines.filter(pl.col("outcome") == REJECTED).join(
        fates, on="_copy", how="left", maintain_order="left"
    )
    superseded = pl.col("is_superseded")
    held = ~superseded & pl.col("rule").is_null()
    return rejected.with_columns(
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
        .otherwise(rule_reason()),
    )


def _quoted(column: str) -> pl.Expr:
    return pl.format("'{}'", pl.col(column))


def empty_or(column: str, empty: str | pl.Expr, filled: pl.Expr) -> pl.Expr:
    """`empty` when the column is null, else `filled`."""
    empty_expr = pl.lit(empty) if isinstance(empty, str) else empty
    return pl.when(pl.col(column).is_null()).then(empty_expr).otherwise(filled)


def _value_reason(column: str, what: str, problem: str) -> pl.Expr:
    """`the <what> is empty` when the column is null, else `<what> '<value>' <problem>`: the
    three rules that refuse a value the channel wrote say so in the same words."""
    return empty_or(
        column, f"the {what} is empty", pl.format(f"{what} {{}} {problem}", _quoted(column))
    )


def implausible_date_reason(policy: OrderDatePolicy, business_date: date) -> pl.Expr:
    """`placed_at_reason`: why an `implausible_placed_at` row's date is not believed, in terms of
    the night's window (never the file's value: `original_values` has that); null elsewhere."""
    earliest, latest = policy.placed_at_window(business_date)
    too_old = (
        f"the order date is more than {policy.days_before} days before business date "
        f"{business_date}, too long ago to be a real order date (a placeholder?); the order is "
        "held — correct the date in the channel and export the order again, or raise "
        "placed_at_days_before in the ingest settings if orders this old are expected"
    )
    too_late = (
        f"the order date is later than {latest:%Y-%m-%d %H:%M} UTC (the end of business date "
        f"{business_date} plus {policy.hours_after} hours), so it lies in the future of this "
        "night; the order is held — correct the date (or the time zone configured for the "
        "channel) and export the order again; an order of a later day enters on that day's night"
    )
    return (
        pl.when(pl.col("rule") != "implausible_placed_at")
        .then(pl.lit(None, dtype=pl.String))
        .when(pl.col("placed_at") < earliest)
        .then(pl.lit(too_old))
        .otherwise(pl.lit(too_late))
        .alias("placed_at_reason")
    )


def _missing_sku_reason() -> pl.Expr:
    """Why a line has no SKU, and how the merchant gives it one: the listings file."""
    return (
        pl.when(pl.col("listing_conflict").is_not_null())
        .then(
            pl.format(
                "listing {} has rows for more than one SKU in reference/listings.csv ({}), so "
                "which one was sold cannot be told; keep the right row and land the file again",
                _quoted("mapped_listing"),
                pl.col("listing_conflict"),
            )
        )
        .when(pl.col("listing_id").is_null())
        .then(pl.lit("the SKU is empty and the export names no listing to map it by"))
        .otherwise(
            pl.format(
                "the SKU is empty and listing {} is not in reference/listings.csv: add a row "
                "with channel {}, this listing_id and its catalogue SKU (oms.unmapped_listings "
                "lists every such listing of the night), then land the file again",
                _quoted("listing_id"),
                pl.col("channel"),
            )
        )
    )


def rule_reason() -> pl.Expr:
    """The reason for a row's own rule, quoting the value it broke it with."""
    rule = pl.col("rule")
    return (
        pl.when(rule == "split_export_part_missing")
        .then(
            pl.format(
                "the export is in parts and part {} has not landed; this order may go on in it, "
                "so it waits until that part lands",
                pl.col("missing_part"),
            )
        )
        .when(rule == "missing_order_id")
        .then(pl.lit("the order number is empty"))
        .when(rule == "bad_placed_at")
        .then(_value_reason("placed_at_raw", "order date", "is not a date and time we can read"))
        .when(rule == "implausible_placed_at")
        .then(pl.col("placed_at_reason"))
        .when(rule == "unknown_country")
        .then(
            _value_reason(
                "ship_country_raw", "ship-to country", "is not an ISO 3166 country name or code"
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
            _value_reason(
                "service_name",
                "shipping service",
                "is not mapped to standard, expedited or overnight "
                "(add it to reference/service_levels.csv)",
            )
        )
        .when(rule == "bad_status")
        .then(pl.format("order status {} is not one we recognise", _quoted("status_raw")))
        .when(rule == "bad_is_paid")
        .then(pl.lit("is_paid is neither true nor false"))
        .when(rule == "missing_sku")
        .then(_missing_sku_reason())
        .when(rule == "unknown_sku")
        .then(
            pl.when(pl.col("is_sku_from_listing"))
            .then(
                pl.format(
                    "unknown SKU {} (reference/listings.csv maps listing {} to it, but it is not "
                    "in reference/skus.csv): correct the row in listings.csv or add the SKU to "
                    "skus.csv",
                    _quoted("sku"),
                    _quoted("mapped_listing"),
                )
            )
            .otherwise(pl.format("unknown SKU {} (not in reference/skus.csv)", _quoted("sku")))
        )
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
