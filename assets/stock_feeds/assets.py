"""Stock feeds: after allocation, what each channel may sell, told to the channels whose
quantity changed (docs/channels.md, "Stock feeds").

Two steps with a blocking check between them, so that no file offering more than the night can
promise is ever written:

    compute_stock_feed        oms.stock_feed (every offer, sent or not) and its rejects
    stock_feed_within_atp     blocking: no channel offered more than ATP
    write_stock_feeds         one file asset per channel in $OMS_OUTPUT/<date>/channels/<channel>/

The files are written after the date's documents are swapped in, and the swap carries the
`channels/` folder over (resources/output_store.py), so neither step wipes the other's files.
"""

import dagster as dg
import polars as pl

from assets.partitions import business_date_of, business_day
from assets.specs import OWNER, oms_key, table_spec, table_step
from assets.stock_feeds.files import (
    amazon_listings_feed,
    amazon_price_quantity,
    ebay_revise_quantity,
    shopify_inventory,
    woocommerce_stock,
)
from assets.stock_feeds.offers import FEED_FILES, channel_offers, shopify_export_rows
from contracts.stock_feed_formats import AMAZON_LISTINGS_FEED_NAME, FEED_CHANNELS
from resources.landing import LandingZone
from resources.output_store import OutputStore
from resources.policies import StockFeedSettings
from resources.storage import OBJECT_STORAGE_RETRY
from resources.warehouse import Warehouse, read_partition, replace_partitions, run_sql_file

DOCUMENTS = dg.AssetKey(["files", "warehouse_documents"])


def channel_feed_key(channel: str) -> dg.AssetKey:
    return dg.AssetKey(["channels", channel, "stock_feed"])


def _catalogue(landing: LandingZone) -> pl.Series:
    """Every SKU a channel can sell: the catalogue's and the kits'."""
    return pl.concat(
        [landing.reference("skus")["sku"], landing.reference("kits")["kit_sku"]]
    ).drop_nulls()


@table_step(
    "compute_stock_feed",
    [
        table_spec(
            "stock_feed",
            group="stock_feeds",
            description=(
                "Per channel and SKU (and listing or Shopify location), the quantity it may sell "
                "after tonight's allocation, what it was last told, and whether it is told tonight."
            ),
            deps=[oms_key("inventory_positions"), oms_key("allocations")],
        ),
        table_spec(
            "stock_feed_rejects",
            group="stock_feeds",
            description=(
                "Rows of reference/listings.csv and reference/shopify_inventory.csv no stock feed "
                "could use, with what to change."
            ),
        ),
    ],
    retry_policy=OBJECT_STORAGE_RETRY,
)
def compute_stock_feed(
    context: dg.AssetExecutionContext,
    landing: LandingZone,
    warehouse: Warehouse,
    stock_feed_settings: StockFeedSettings,
):
    """ATP per warehouse and SKU, each channel's share of it, compared with what it was told."""
    business_date = business_date_of(context)
    tonight = {"business_date": business_date}
    with warehouse.connect() as con:
        atp_by_warehouse = run_sql_file(
            con,
            "stock_feeds/available_to_promise",
            frames={"kits": landing.reference("kits")},
            params=tonight,
        )
        offers = channel_offers(
            atp_by_warehouse=atp_by_warehouse,
            catalogue=_catalogue(landing),
            listings=landing.reference("listings"),
            shopify_export=landing.reference("shopify_inventory"),
            warehouses=landing.reference("warehouses"),
            rules=stock_feed_settings.rules(),
        )
        feed = run_sql_file(
            con,
            "stock_feeds/stock_feed",
            frames={"offers": offers.offers},
            params=tonight | {"full_feed": stock_feed_settings.full_feed},
        )
        frames = {"stock_feed": feed, "stock_feed_rejects": offers.rejects}
        replace_partitions(con, business_date, frames, run_id=context.run_id)
    sent = feed.filter("sent")
    yield dg.MaterializeResult(
        asset_key=oms_key("stock_feed"),
        metadata={
            "dagster/row_count": feed.height,
            "rows_sent": sent.height,
            "full_feed": stock_feed_settings.full_feed,
            **{
                f"sent_{channel}": sent.filter(pl.col("channel") == channel).height
                for channel in FEED_CHANNELS
            },
        },
    )
    yield dg.MaterializeResult(
        asset_key=oms_key("stock_feed_rejects"),
        metadata={"dagster/row_count": offers.rejects.height},
    )


@dg.asset_check(
    asset=oms_key("stock_feed"),
    name="within_atp",
    description=(
        "No channel is offered more of a SKU than the night's available to promise, and that "
        "ATP is no more than the warehouses hold after tonight's allocations. Blocking: the "
        "channel files are not written."
    ),
    blocking=True,
    additional_deps=[oms_key("inventory_positions"), oms_key("allocations")],
)
def stock_feed_within_atp(
    context: dg.AssetCheckExecutionContext, warehouse: Warehouse
) -> dg.AssetCheckResult:
    with warehouse.connect() as con:
        violations = run_sql_file(
            con, "stock_feeds/check_within_atp", params={"business_date": business_date_of(context)}
        )
    return dg.AssetCheckResult(
        passed=violations.height == 0,
        metadata={
            "violations": violations.height,
            "first_violations": dg.MetadataValue.md(str(violations.head(10))),
        },
    )


@table_step(
    "write_stock_feeds",
    [
        dg.AssetSpec(
            key=channel_feed_key(channel),
            group_name="stock_feeds",
            description=f"Tonight's stock file(s) for {channel}: the SKUs whose quantity changed.",
            kinds={"csv"} if channel != "amazon" else {"csv", "json"},
            owners=[OWNER],
            deps=[oms_key("stock_feed"), DOCUMENTS],
            partitions_def=business_day,
        )
        for channel in FEED_CHANNELS
    ],
    retry_policy=OBJECT_STORAGE_RETRY,
)
def write_stock_feeds(
    context: dg.AssetExecutionContext,
    landing: LandingZone,
    warehouse: Warehouse,
    output_store: OutputStore,
    stock_feed_settings: StockFeedSettings,
):
    """Every channel's file, rewritten whole on every run (a header alone when nothing changed),
    so a re-run never leaves an earlier run's rows behind."""
    business_date = business_date_of(context)
    with warehouse.connect() as con:
        sent = read_partition(con, "stock_feed", business_date).filter("sent")
    export_rows, _ = shopify_export_rows(
        landing.reference("shopify_inventory"),
        _catalogue(landing),
        landing.reference("warehouses"),
    )
    by_channel = {channel: sent.filter(pl.col("channel") == channel) for channel in FEED_CHANNELS}
    contents = {
        "amazon": {
            FEED_FILES["amazon"].name: amazon_price_quantity(by_channel["amazon"]),
            AMAZON_LISTINGS_FEED_NAME: amazon_listings_feed(
                by_channel["amazon"], stock_feed_settings.amazon_seller_id
            ),
        },
        "shopify": {
            FEED_FILES["shopify"].name: shopify_inventory(by_channel["shopify"], export_rows)
        },
        "ebay": {
            FEED_FILES["ebay"].name: ebay_revise_quantity(
                by_channel["ebay"], stock_feed_settings.ebay_site
            )
        },
        "woocommerce": {
            FEED_FILES["woocommerce"].name: woocommerce_stock(by_channel["woocommerce"])
        },
    }
    for channel, files in contents.items():
        written = [
            output_store.write_channel_file(business_date, channel, name, content)
            for name, content in files.items()
        ]
        yield dg.MaterializeResult(
            asset_key=channel_feed_key(channel),
            metadata={
                "dagster/row_count": by_channel[channel].height,
                "files": dg.MetadataValue.md("\n".join(f"- `{path}`" for path in written)),
                "path": dg.MetadataValue.path(written[0]),
            },
        )
