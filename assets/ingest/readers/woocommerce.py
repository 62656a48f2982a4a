"""WooCommerce plugin exports: SkyVerge (one row per order, items packed in `line_items`; or
one row per item), the "CSV Import" layout (one row per order, one packed `line_item_N` column
per item) and AlgolPlus "Advanced Order Export" (one row per item, labelled columns).

WooCommerce dates carry no offset: they are store-local and read in the channel's configured
zone (UTC unless configured). A file re-saved by a spreadsheet writes dd/mm/yyyy or mm/dd/yyyy;
which one is decided for the whole file from its own dates, never value by value.
"""

import re
from dataclasses import replace

import polars as pl

from assets.ingest.encoding import UnreadableFile
from assets.ingest.readers.staging import (
    ORDER_KEY,
    is_store_pickup,
    listing_identity,
    lower,
    read_fields,
    staged,
    void_lines,
)
from assets.ingest.readers.tabular import SOURCE_ROW, has_column, text
from assets.ingest.timestamps import with_placed_at
from contracts.channel_formats import ExportFormat, Timestamps
from contracts.channel_formats.woocommerce import (
    ALGOLPLUS,
    ALGOLPLUS_JOINED_STREET,
    ALGOLPLUS_SHIPPING_METHOD,
    CSV_IMPORT,
    CSV_IMPORT_LINE_ITEM,
    PICKUP_METHOD_IDS,
    SKYVERGE_ORDERS,
    SLASH_DAY_FIRST,
    SLASH_MONTH_FIRST,
    STATUSES,
)

PRODUCT_ID_COLUMNS = ("Product ID", "product_id", "item_product_id")

STATUS_OF = {slug: status for slug, (status, _) in STATUSES.items()}
PAID_STATUSES = [slug for slug, (_, is_paid) in STATUSES.items() if is_paid]


_SLASH_DATE = r"^(\d{1,2})/(\d{1,2})/\d{4}(?:\s|$)"


def stage_woocommerce(
    raw: pl.DataFrame,
    export_format: ExportFormat,
    local_tz: str,
    *,
    date_order: str | None = None,
) -> pl.DataFrame:
    """Staged lines from any of the WooCommerce export layouts.

    `date_order` is the order of the file's slash dates as `file_date_order` decided it for
    the whole file (None: the file has none).
    """
    fields = read_fields(raw, export_format)
    timestamps = replace(
        export_format.placed_at,
        local_formats=export_format.placed_at.local_formats + _slash_date_formats(date_order),
    )
    if export_format == ALGOLPLUS:
        net_quantity = text(raw, "Quantity (- Refund)").cast(pl.Int64, strict=False)
        ordered = fields["quantity_raw"].cast(pl.Int64, strict=False)
        return _stage(
            raw,
            fields,
            timestamps,
            local_tz,
            service_name=_algolplus_service(raw),
            ship_name=_full_name(
                text(raw, "First Name (Shipping)"), text(raw, "Last Name (Shipping)")
            ),
            ship_address2=pl.lit(None, dtype=pl.String)
            if has_column(raw, ALGOLPLUS_JOINED_STREET)
            else fields["ship_address2"],
            # A line refunded down to zero units is gone from the order.
            is_void=(net_quantity == 0) & (ordered > 0),
            **_listing(raw, text(raw, "Name"), text(raw, "Product Variation")),
        )
    frame, items = raw, _listing(raw, text(raw, "item_name"), text(raw, "item_meta"))
    if export_format == SKYVERGE_ORDERS:
        frame = _unpack_line_items(raw)
        items = {
            "sku": pl.col("_item_sku"),
            "quantity_raw": pl.col("_item_quantity"),
            "line_price_raw": pl.col("_item_total"),
            **_listing(frame, pl.col("_item_name"), pl.col("_item_meta"), pl.col("_item_product")),
        }
    elif export_format == CSV_IMPORT:
        frame = _unpivot_line_item_columns(raw)
        # a variable product's item names the parent product and the variation bought: the
        # variation's own id is the listing, as two variations are two things to pick
        product = pl.coalesce(pl.col("_item_variation"), pl.col("_item_product"))
        items = {
            "sku": pl.col("_item_sku"),
            "quantity_raw": pl.col("_item_quantity"),
            "line_price_raw": pl.col("_item_total"),
            **_listing(frame, pl.col("_item_name"), pl.lit(None, dtype=pl.String), product),
        }
    shipping_items = text(raw, "shipping_items")
    shipping_items_method = shipping_items.str.extract(r"(?:^|\|)method:([^|;]*)")
    pickup_id = "|".join(PICKUP_METHOD_IDS)
    return _stage(
        frame,
        fields,
        timestamps,
        local_tz,
        is_pickup=shipping_items.str.contains(rf"(?:^|\|)method_id:\s*({pickup_id})\b").fill_null(
            False
        ),
        service_name=pl.coalesce(text(raw, "shipping_method"), shipping_items_method),
        ship_name=_full_name(text(raw, "shipping_first_name"), text(raw, "shipping_last_name")),
        is_void=pl.lit(False),
        **items,
    )


def _listing(
    frame: pl.DataFrame, name: pl.Expr, variation: pl.Expr, product_id: pl.Expr | None = None
) -> dict[str, pl.Expr]:
    """`listing_id`: the product id where the export carries one (a column the plugins can add),
    else the item name, with the variation bought; `listing_title`: the item name."""
    if product_id is None:
        product_id = text(frame, *PRODUCT_ID_COLUMNS)
    return {
        "listing_id": listing_identity(pl.coalesce(product_id, name), variation),
        "listing_title": name,
    }


def _algolplus_service(raw: pl.DataFrame) -> pl.Expr:
    """The shipping method when the export was configured to carry it; the plugin's default
    column set has none, and then every order ships standard."""
    if has_column(raw, ALGOLPLUS_SHIPPING_METHOD) or has_column(raw, "Shipping Method"):
        return text(raw, ALGOLPLUS_SHIPPING_METHOD, "Shipping Method")
    return pl.lit("standard")


def _stage(
    frame: pl.DataFrame,
    fields: dict[str, pl.Expr],
    timestamps: Timestamps,
    local_tz: str,
    *,
    is_void: pl.Expr,
    is_pickup: pl.Expr | None = None,
    **columns: pl.Expr,
) -> pl.DataFrame:
    frame = frame.with_columns(fields["channel_order_id"].alias(ORDER_KEY))
    word = lower(fields["status_raw"]).str.strip_prefix("wc-").str.replace_all(r"\s+", "-")
    status = (
        pl.when(word.is_null())
        .then(pl.lit("open"))
        .otherwise(word.replace_strict(STATUS_OF, default=None, return_dtype=pl.String))
    )
    # the customer collects it: an open order is recorded as a store pickup, never shipped
    pickup = is_store_pickup(columns["service_name"])
    if is_pickup is not None:
        pickup = pickup | is_pickup
    status = pl.when((status == "open") & pickup).then(pl.lit("store_pickup")).otherwise(status)
    frame = void_lines(frame, is_void=is_void, status=status)
    frame = with_placed_at(frame, fields["placed_at_raw"], timestamps, local_tz)
    return staged(
        frame,
        fields,
        channel_line_id=pl.lit(None, dtype=pl.String),
        placed_at=pl.col("_placed_at"),
        status=pl.col("_status"),
        is_paid=word.is_in(PAID_STATUSES).fill_null(False),
        is_structural=pl.col("_structural"),
        **columns,
    )


def file_date_order(raw: pl.DataFrame, export_format: ExportFormat, setting: str) -> str | None:
    """How the file's slash dates are read, decided once for the whole file: "day_first" or
    "month_first" when its own dates show it, "<setting> (setting)" when none of them can tell,
    None when it has no slash dates (as WooCommerce itself writes them: YYYY-MM-DD).

    A date whose first number is above 12 (21/11/2026) can only be day first, one whose second
    number is (11/21/2026) only month first. A file showing both is rejected: reading each value
    in whichever order parses would turn 05/11 into 11 May beside a 21/11 read as 21 November.
    """
    placed_at_raw = read_fields(raw, export_format)["placed_at_raw"]
    if not raw.select(placed_at_raw.str.contains("/", literal=True).any()).item():
        return None
    first = placed_at_raw.str.strip_chars().str.extract(_SLASH_DATE, 1).cast(pl.Int32)
    second = placed_at_raw.str.strip_chars().str.extract(_SLASH_DATE, 2).cast(pl.Int32)
    day_first = first.is_between(13, 31) & second.is_between(1, 12)
    month_first = second.is_between(13, 31) & first.is_between(1, 12)
    day_first_row, month_first_row = raw.select(
        day_first=pl.col(SOURCE_ROW).filter(day_first).min(),
        month_first=pl.col(SOURCE_ROW).filter(month_first).min(),
    ).row(0)
    if day_first_row is not None and month_first_row is not None:
        raise UnreadableFile(
            "mixed_date_order",
            f"the order dates are written day first (data row {day_first_row} of the file: its "
            f"first number is above 12) and month first (data row {month_first_row}: its second "
            "number is above 12), "
            "so a date such as 05/11 cannot be read safely and no row is used — export the "
            "file again with one date format (YYYY-MM-DD is safest)",
        )
    if day_first_row is not None:
        return "day_first"
    if month_first_row is not None:
        return "month_first"
    return f"{setting} (setting)"


def _slash_date_formats(date_order: str | None) -> tuple[str, ...]:
    if date_order is None:
        return ()
    return SLASH_DAY_FIRST if date_order.startswith("day_first") else SLASH_MONTH_FIRST


_PACKED_KEYS = {
    "sku": "sku",
    "quantity": "quantity",
    "name": "name",
    "meta": "meta",
    "product": "product_id",
    "variation": "_variation_id",
    "total": "total",
}


def _unpack_line_items(raw: pl.DataFrame) -> pl.DataFrame:
    """One row per packed item: `name:…|sku:…|quantity:…|total:…;name:…` (source_row repeats)."""
    items = text(raw, "line_items").str.strip_chars("; ").str.split(";")
    return _with_packed_fields(raw.with_columns(_item=items).explode("_item"))


def _unpivot_line_item_columns(raw: pl.DataFrame) -> pl.DataFrame:
    """One row per non-empty `line_item_N` cell, in column order (source_row repeats). A row
    whose item cells are all empty keeps one row without an item, rejected like any line
    without a SKU or quantity, so the row is still accounted for."""
    numbered = {
        column: int(match[1])
        for column in raw.columns
        if (match := re.match(CSV_IMPORT_LINE_ITEM, column.strip()))
    }
    columns = sorted(numbered, key=numbered.get)
    items = pl.concat_list(text(raw, column) for column in columns).list.drop_nulls()
    exploded = raw.with_columns(_item=items).explode("_item", empty_as_null=True)
    return _with_packed_fields(exploded)


def _with_packed_fields(frame: pl.DataFrame) -> pl.DataFrame:
    """`_item_<field>` from the packed `_item`, '' as null."""
    return frame.with_columns(
        pl.col("_item")
        .str.extract(rf"(?:^|\|)\s*{key}:([^|]*)")
        .str.strip_chars()
        .replace("", None)
        .alias(f"_item_{name}")
        for name, key in _PACKED_KEYS.items()
    )


def _full_name(first: pl.Expr, last: pl.Expr) -> pl.Expr:
    name = pl.concat_str([first, last], separator=" ", ignore_nulls=True).str.strip_chars()
    return pl.when(name != "").then(name)
