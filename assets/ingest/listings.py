"""Channel listings → catalogue SKUs, for stores whose exports leave the SKU blank or use SKUs of
their own.

Many small sellers never set SKUs on Shopify or eBay; their exports only name the listing (eBay
item number and variation, Shopify product and variant title, Amazon ASIN, WooCommerce product).
`reference/listings.csv` (channel, listing_id, sku) says which catalogue SKU each listing is. A
row matches a line when its `listing_id` is the line's listing, or else the SKU the channel
wrote (so a seller SKU that differs from the catalogue's can be renamed too); the matched SKU
replaces whatever the channel wrote. Names match ignoring case and runs of spaces.

A listing with rows naming two different SKUs is ambiguous: it maps to nothing, and its lines
are rejected saying so, rather than guessing one. Lines still without a SKU are rejected as
`missing_sku` and counted per listing in `oms.unmapped_listings`, so the merchant can fill the
file once from that report (docs/inputs.md, "Listings").
"""

from collections.abc import Iterable

import polars as pl

from assets.ingest.canonical import UNMAPPED_LISTINGS_SCHEMA, conform, stacked

UNMAPPED_LISTINGS_COLUMNS = {
    k: v for k, v in UNMAPPED_LISTINGS_SCHEMA.items() if k != "business_date"
}
MAPPING_SCHEMA: dict[str, pl.DataType] = {
    "channel": pl.String(),
    "listing_key": pl.String(),
    "listing_sku": pl.String(),  # null when the listing's rows disagree
    "listing_conflict": pl.String(),  # the SKUs they name, when they disagree
}


def listing_mapping(rows: pl.DataFrame | None) -> pl.DataFrame:
    """The merchant's rows as one row per (channel, listing_key) (MAPPING_SCHEMA).

    Rows with an empty channel, listing or SKU say nothing and are skipped; rows repeating the
    same SKU are one.
    """
    if rows is None or rows.is_empty():
        return pl.DataFrame(schema=MAPPING_SCHEMA)
    cleaned = rows.select(
        channel=pl.col("channel").cast(pl.String).str.strip_chars().str.to_lowercase(),
        listing_key=listing_key(pl.col("listing_id").cast(pl.String)),
        sku=pl.col("sku").cast(pl.String).str.strip_chars(),
    ).filter(
        (pl.col("channel") != "") & (pl.col("listing_key") != "") & (pl.col("sku") != ""),
    )
    per_listing = cleaned.group_by("channel", "listing_key").agg(skus=pl.col("sku").unique().sort())
    return conform(
        per_listing.with_columns(
            listing_sku=pl.when(pl.col("skus").list.len() == 1).then(pl.col("skus").list.first()),
            listing_conflict=pl.when(pl.col("skus").list.len() > 1).then(
                pl.col("skus").list.join(", ")
            ),
        ).sort("channel", "listing_key"),
        MAPPING_SCHEMA,
    )


def listing_key(listing: pl.Expr) -> pl.Expr:
    """How a listing is compared: trimmed, lower case, runs of spaces as one."""
    return listing.str.strip_chars().str.replace_all(r"\s+", " ").str.to_lowercase()


def with_listing_sku(frame: pl.DataFrame, mapping: pl.DataFrame) -> pl.DataFrame:
    """`sku` from the mapping where a row matches the line's listing (or else its SKU as the
    channel wrote it), else as the channel wrote it; with `is_sku_from_listing`,
    `mapped_listing` (the listing or channel SKU a row matched, as the export writes it) and
    `listing_conflict` (the SKUs an ambiguous listing names; its line gets no SKU).
    """
    if mapping.is_empty():  # no listings file: nothing to look up
        return frame.with_columns(
            is_sku_from_listing=pl.lit(False),
            listing_conflict=pl.lit(None, dtype=pl.String),
            mapped_listing=pl.lit(None, dtype=pl.String),
        )
    found = pl.concat(
        [
            frame,
            _matched(frame, mapping, "listing_id", "_by_listing"),
            _matched(frame, mapping, "sku", "_by_sku"),
        ],
        how="horizontal",
    )
    by_listing = pl.col("_by_listing_is_matched")
    is_matched = by_listing | pl.col("_by_sku_is_matched")
    mapped = {
        name: pl.when(by_listing)
        .then(pl.col(f"_by_listing_{name}"))
        .otherwise(pl.col(f"_by_sku_{name}"))
        for name in ("listing_sku", "listing_conflict")
    }
    return found.with_columns(
        sku=pl.when(is_matched).then(mapped["listing_sku"]).otherwise(pl.col("sku")),
        is_sku_from_listing=is_matched & mapped["listing_sku"].is_not_null(),
        listing_conflict=mapped["listing_conflict"],
        mapped_listing=pl.when(by_listing)
        .then(pl.col("listing_id"))
        .when(pl.col("_by_sku_is_matched"))
        .then(pl.col("sku")),
    ).drop(pl.selectors.starts_with("_by_"))


def _matched(frame: pl.DataFrame, mapping: pl.DataFrame, column: str, prefix: str) -> pl.DataFrame:
    """Per line, in line order, the mapping row whose key is the line's `column`:
    `<prefix>_is_matched`, `<prefix>_listing_sku`, `<prefix>_listing_conflict`.

    A night has far fewer distinct listings than lines, so keys are worked out once per
    distinct value and the lines joined to that small lookup on the value as written.
    """
    lookup = (
        frame.select("channel", pl.col(column).alias("_value"))
        .unique()
        .with_columns(listing_key=listing_key(pl.col("_value")))
        .join(mapping, on=["channel", "listing_key"], how="inner")
        .with_columns(is_matched=pl.lit(True))
    )
    found = frame.select("channel", pl.col(column).alias("_value")).join(
        lookup, on=["channel", "_value"], how="left", maintain_order="left"
    )
    return found.select(
        pl.col("is_matched").fill_null(False).alias(f"{prefix}_is_matched"),
        pl.col("listing_sku").alias(f"{prefix}_listing_sku"),
        pl.col("listing_conflict").alias(f"{prefix}_listing_conflict"),
    )


def unmapped_listings(lines: pl.DataFrame) -> pl.DataFrame:
    """Per channel and listing, the lines (and their units) rejected `missing_sku`: what the
    merchant has to add to reference/listings.csv. `lines` are rejected lines with their
    final `rule`."""
    missing = lines.filter(pl.col("rule") == "missing_sku")
    if missing.is_empty():
        return pl.DataFrame(schema=UNMAPPED_LISTINGS_COLUMNS)
    counts = missing.group_by("channel", "listing_id").agg(
        listing_title=pl.col("listing_title").min(),
        lines=pl.len(),
        units=pl.col("quantity").sum(),
    )
    return unmapped_listings_total([counts])


def unmapped_listings_total(frames: Iterable[pl.DataFrame]) -> pl.DataFrame:
    """Several exports' (or channels') counts as one, in channel and listing order."""
    stacked_counts = stacked(frames, UNMAPPED_LISTINGS_COLUMNS)
    keys = ["channel", "listing_id"]
    return conform(
        stacked_counts.group_by(keys)
        .agg(pl.col("listing_title").min(), pl.col("lines").sum(), pl.col("units").sum())
        .sort(keys, nulls_last=True),
        UNMAPPED_LISTINGS_COLUMNS,
    )
