"""What each channel is offered tonight, per SKU and, where its file needs one, listing or location.

The night's available to promise (ATP, per warehouse and SKU, from sql/stock_feeds/
available_to_promise.sql) becomes each channel's sellable quantity by its share and buffer:
sellable = max(0, floor(ATP x share / 100) - buffer). A SKU a channel sells under several listings
has that quantity split between them, so that no channel is offered more than ATP in all.

Which rows each channel gets:
- Amazon and WooCommerce: every catalogue SKU (reference/skus.csv and the kits). Amazon's seller
  SKU is the catalogue SKU unless reference/listings.csv renames it (an Amazon row whose
  listing_id is not an ASIN);
- eBay: every eBay row of reference/listings.csv (File Exchange needs the item number);
- Shopify: every row of its own inventory export (reference/shopify_inventory.csv) whose location
  is a warehouse, with that warehouse's ATP.
Rows of those reference files that no feed can use are rejects, with what to change.
"""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl

from contracts.stock_feed_formats import (
    AMAZON_PRICE_QUANTITY,
    EBAY_REVISE_QUANTITY,
    SHOPIFY_INVENTORY,
    WOOCOMMERCE_STOCK,
    StockFile,
)

LISTINGS_FILE = "reference/listings.csv"
SHOPIFY_EXPORT_FILE = "reference/shopify_inventory.csv"
FEED_FILES: dict[str, StockFile] = {
    "amazon": AMAZON_PRICE_QUANTITY,
    "shopify": SHOPIFY_INVENTORY,
    "ebay": EBAY_REVISE_QUANTITY,
    "woocommerce": WOOCOMMERCE_STOCK,
}
ASIN_OR_ISBN = r"^(?i)(B0[0-9A-Z]{8}|[0-9]{9}[0-9X])$"
"""An Amazon listing id that names the product, not the seller's SKU."""
WHOLE_NUMBER = r"^-?[0-9]+$"

OFFER_SCHEMA: dict[str, pl.DataType] = {
    "channel": pl.String(),
    "sku": pl.String(),
    "listing": pl.String(),
    "location": pl.String(),
    "atp": pl.Int64(),
    "sellable": pl.Int64(),
    "file": pl.String(),
}
REJECT_SCHEMA: dict[str, pl.DataType] = {
    "source_file": pl.String(),
    "source_row": pl.Int64(),
    "channel": pl.String(),
    "sku": pl.String(),
    "listing": pl.String(),
    "reason": pl.String(),
}


@dataclass(frozen=True)
class Offers:
    """Tonight's offers (OFFER_SCHEMA) and the reference rows no feed could use."""

    offers: pl.DataFrame
    rejects: pl.DataFrame


def feed_file(channel: str) -> str:
    """The channel's stock file, relative to the date's output folder."""
    return f"channels/{channel}/{FEED_FILES[channel].name}"


def sellable(atp: pl.Expr, share_percent: int, buffer_units: int) -> pl.Expr:
    """max(0, floor(ATP x share / 100) - buffer): never more than ATP, never negative."""
    return ((atp * share_percent) // 100 - buffer_units).clip(lower_bound=0)


def network_atp(atp_by_warehouse: pl.DataFrame, catalogue: pl.Series) -> pl.DataFrame:
    """ATP per catalogue SKU over every warehouse (0 for a SKU nobody holds)."""
    totals = atp_by_warehouse.group_by("sku").agg(pl.col("atp").sum())
    return (
        pl.DataFrame({"sku": catalogue.unique().sort()})
        .join(totals, on="sku", how="left")
        .with_columns(pl.col("atp").fill_null(0).cast(pl.Int64))
    )


def _split_between_listings(frame: pl.DataFrame) -> pl.DataFrame:
    """`sellable` shared by the listings of one channel and SKU: equal parts, the remainder
    one unit each to the first listings in name order."""
    per_sku = pl.len().over("channel", "sku")
    rank = pl.int_range(pl.len()).over("channel", "sku", order_by="listing")
    return frame.with_columns(
        sellable=pl.col("sellable") // per_sku
        + (rank < pl.col("sellable") % per_sku).cast(pl.Int64)
    )


def _listing_rows(listings: pl.DataFrame, channel: str) -> pl.DataFrame:
    """The channel's rows of reference/listings.csv, trimmed, with their row number."""
    return (
        listings.with_row_index("source_row", offset=1)
        .with_columns(
            pl.col("source_row").cast(pl.Int64),
            pl.col("channel").str.strip_chars().str.to_lowercase(),
            pl.col("listing_id").str.strip_chars(),
            pl.col("sku").str.strip_chars(),
        )
        .filter(pl.col("channel") == channel)
        .filter(pl.col("listing_id").is_not_null() & (pl.col("listing_id") != ""))
    )


def _rejected(rows: pl.DataFrame, source_file: str, reason: pl.Expr) -> pl.DataFrame:
    """Rows whose reason is not null, as rejects."""
    return (
        rows.with_columns(reason=reason)
        .filter(pl.col("reason").is_not_null())
        .select(
            pl.lit(source_file).alias("source_file"),
            "source_row",
            "channel",
            "sku",
            pl.col("listing"),
            "reason",
        )
        .cast(REJECT_SCHEMA)
    )


def _listing_reason(known: pl.Series, *, needs_item_number: bool) -> pl.Expr:
    """Why a listings row cannot be fed: unknown SKU, a listing naming two SKUs, no item no."""
    skus_of_listing = pl.col("sku").n_unique().over(pl.col("listing").str.to_lowercase())
    reason = (
        pl.when(pl.col("sku").is_null() | ~pl.col("sku").is_in(known.implode()))
        .then(pl.format("SKU {} is not in reference/skus.csv", pl.col("sku").fill_null("(empty)")))
        .when(skus_of_listing > 1)
        .then(
            pl.format("listing {} names more than one SKU: keep one row for it", pl.col("listing"))
        )
    )
    if needs_item_number:
        reason = reason.when(~pl.col("listing").str.contains(r"^[0-9]+")).then(
            pl.format(
                "listing {} does not start with the eBay item number: write it as eBay's "
                "export does (item number, then the variation in brackets)",
                pl.col("listing"),
            )
        )
    return reason


def catalogue_offers(
    channel: str, atp: pl.DataFrame, listings: pl.DataFrame, rule: tuple[int, int]
) -> Offers:
    """Amazon and WooCommerce: every catalogue SKU, under Amazon's seller SKU where
    reference/listings.csv gives one."""
    renamed = pl.DataFrame(schema={"sku": pl.String(), "listing": pl.String()})
    rejects = pl.DataFrame(schema=REJECT_SCHEMA)
    if channel == "amazon":
        rows = _listing_rows(listings, "amazon").rename({"listing_id": "listing"})
        rows = rows.filter(~pl.col("listing").str.contains(ASIN_OR_ISBN))
        rejects = _rejected(
            rows, LISTINGS_FILE, _listing_reason(atp["sku"], needs_item_number=False)
        )
        renamed = rows.join(rejects.select("source_row"), on="source_row", how="anti").select(
            "sku", "listing"
        )
    offers = atp.join(renamed.unique(), on="sku", how="left").with_columns(
        channel=pl.lit(channel),
        location=pl.lit(None, pl.String),
        sellable=sellable(pl.col("atp"), *rule),
    )
    return Offers(_split_between_listings(_conformed(offers, channel)), rejects)


def ebay_offers(atp: pl.DataFrame, listings: pl.DataFrame, rule: tuple[int, int]) -> Offers:
    """eBay: one row per eBay listing of reference/listings.csv (its item number and
    variation as eBay's export writes them)."""
    rows = _listing_rows(listings, "ebay").rename({"listing_id": "listing"})
    rejects = _rejected(rows, LISTINGS_FILE, _listing_reason(atp["sku"], needs_item_number=True))
    kept = rows.join(rejects.select("source_row"), on="source_row", how="anti")
    offers = (
        kept.select("sku", "listing")
        .unique()
        .join(atp, on="sku", how="inner")
        .with_columns(
            channel=pl.lit("ebay"),
            location=pl.lit(None, pl.String),
            sellable=sellable(pl.col("atp"), *rule),
        )
    )
    return Offers(_split_between_listings(_conformed(offers, "ebay")), rejects)


def shopify_export_rows(
    export: pl.DataFrame, catalogue: pl.Series, warehouses: pl.DataFrame
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """The rows of Shopify's inventory export a feed can fill in, with the warehouse each
    location is (matched to warehouse_id or name, whatever the case), and the others as
    rejects. Shopify keeps the quantity of a row left out of the import."""
    names = pl.concat(
        [
            warehouses.select("warehouse_id", key=pl.col("warehouse_id")),
            warehouses.select("warehouse_id", key=pl.col("name")),
        ]
    ).with_columns(pl.col("key").str.strip_chars().str.to_lowercase())
    names = names.filter(pl.col("key").is_not_null()).unique("key", keep="first")
    rows = (
        export.with_row_index("source_row", offset=1)
        .with_columns(
            pl.col("source_row").cast(pl.Int64),
            channel=pl.lit("shopify"),
            listing=pl.col("location"),
            key=pl.col("location").str.to_lowercase(),
        )
        .join(names, on="key", how="left", maintain_order="left")
    )
    unavailable, committed = (
        pl.col("unavailable (not editable)"),
        pl.col("committed (not editable)"),
    )
    reason = (
        pl.when(pl.col("sku").is_null())
        .then(pl.lit("the variant has no SKU in Shopify: give it its catalogue SKU there"))
        .when(~pl.col("sku").is_in(catalogue.implode()))
        .then(pl.format("SKU {} is not in reference/skus.csv", pl.col("sku")))
        .when(pl.col("warehouse_id").is_null())
        .then(
            pl.format(
                "location {} is not a warehouse of reference/warehouses.csv (by id or name): "
                "Shopify keeps its quantity",
                pl.col("location").fill_null("(empty)"),
            )
        )
        .when(pl.col("on hand (current)").str.to_lowercase() == "not stocked")
        .then(
            pl.format("SKU {} is not stocked at {} in Shopify", pl.col("sku"), pl.col("location"))
        )
        .when(
            ~pl.col("on hand (current)").fill_null("0").str.contains(WHOLE_NUMBER)
            | ~unavailable.fill_null("0").str.contains(WHOLE_NUMBER)
            | ~committed.fill_null("0").str.contains(WHOLE_NUMBER)
        )
        .then(
            pl.lit(
                "On hand (current), Committed or Unavailable is not a whole number: export "
                "the inventory from Shopify again"
            )
        )
        .when(~pl.struct("sku", "key").is_first_distinct())
        .then(pl.format("SKU {} at {} repeats an earlier row", pl.col("sku"), pl.col("location")))
    )
    rejects = _rejected(rows, SHOPIFY_EXPORT_FILE, reason)
    kept = rows.join(rejects.select("source_row"), on="source_row", how="anti").with_columns(
        held_by_shopify=unavailable.fill_null("0").cast(pl.Int64)
        + committed.fill_null("0").cast(pl.Int64)
    )
    return kept.drop("key", "listing"), rejects


def shopify_offers(
    atp_by_warehouse: pl.DataFrame,
    atp: pl.DataFrame,
    export_rows: pl.DataFrame,
    rule: tuple[int, int],
) -> pl.DataFrame:
    """Shopify: each exported row's sellable from its own warehouse's ATP (share and buffer
    per location); `atp` is the SKU's over every warehouse, as for the other channels."""
    at_warehouse = export_rows.join(
        atp_by_warehouse.rename({"atp": "warehouse_atp"}),
        on=["warehouse_id", "sku"],
        how="left",
    ).join(atp, on="sku", how="left")
    offers = at_warehouse.with_columns(
        channel=pl.lit("shopify"),
        listing=pl.lit(None, pl.String),
        sellable=sellable(pl.col("warehouse_atp").fill_null(0), *rule),
    )
    return _conformed(offers, "shopify")


def _conformed(offers: pl.DataFrame, channel: str) -> pl.DataFrame:
    return offers.with_columns(file=pl.lit(feed_file(channel))).select(
        [pl.col(name).cast(dtype) for name, dtype in OFFER_SCHEMA.items()]
    )


def channel_offers(
    *,
    atp_by_warehouse: pl.DataFrame,
    catalogue: pl.Series,
    listings: pl.DataFrame,
    shopify_export: pl.DataFrame,
    warehouses: pl.DataFrame,
    rules: dict[str, tuple[int, int]],
) -> Offers:
    """Every channel's offers tonight, and the reference rows none could use."""
    atp = network_atp(atp_by_warehouse, catalogue)
    amazon = catalogue_offers("amazon", atp, listings, rules["amazon"])
    woocommerce = catalogue_offers("woocommerce", atp, listings, rules["woocommerce"])
    ebay = ebay_offers(atp, listings, rules["ebay"])
    export_rows, shopify_rejects = shopify_export_rows(shopify_export, catalogue, warehouses)
    shopify = shopify_offers(atp_by_warehouse, atp, export_rows, rules["shopify"])
    return Offers(
        offers=pl.concat([amazon.offers, shopify, ebay.offers, woocommerce.offers]).sort(
            "channel", "sku", "listing", "location", nulls_last=True
        ),
        rejects=pl.concat([amazon.rejects, ebay.rejects, shopify_rejects]),
    )
