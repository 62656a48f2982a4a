"""WooCommerce plugin exports: SkyVerge (one row per order, items packed in `line_items`; or
one row per item) and AlgolPlus "Advanced Order Export" (one row per item, labelled columns).

WooCommerce dates carry no offset: they are store-local and read in the channel's configured
zone (UTC unless configured). A file re-saved by a spreadsheet writes dd/mm/yyyy or mm/dd/yyyy;
which one is decided for the whole file from its own dates, never value by value.
"""

import polars as pl

from assets.ingest.encoding import UnreadableFile
from assets.ingest.readers.formats import ExportFormat
from assets.ingest.readers.staging import ORDER_KEY, lower, staged, void_lines
from assets.ingest.readers.tabular import SOURCE_ROW, has_column, text
from assets.ingest.timestamps import (
    WOOCOMMERCE_DAY_FIRST_FORMATS,
    WOOCOMMERCE_FORMATS,
    WOOCOMMERCE_MONTH_FIRST_FORMATS,
    with_instant,
)

OPEN_STATUSES = ["pending", "pending-payment", "processing", "on-hold"]
CANCELLED_STATUSES = ["cancelled", "refunded", "failed"]
FULFILLED_STATUSES = ["completed"]
PAID_STATUSES = ["processing", "completed", "refunded"]
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
    if export_format.name == "woocommerce_algolplus":
        return _stage_algolplus(raw, export_format, local_tz, date_order)
    frame = raw
    if export_format.name == "woocommerce_skyverge_orders":
        frame = _unpack_line_items(raw)
        sku, quantity = pl.col("_item_sku"), pl.col("_item_quantity")
    else:
        sku, quantity = text(raw, "item_sku"), text(raw, "item_quantity")
    frame = frame.with_columns(text(raw, "order_number", "order_id").alias(ORDER_KEY))
    shipping_items_method = text(raw, "shipping_items").str.extract(r"(?:^|\|)method:([^|;]*)")
    return _stage(
        frame,
        status_raw=text(raw, "status"),
        placed_at_raw=_placed_at_raw(raw, export_format),
        service_name=pl.coalesce(text(raw, "shipping_method"), shipping_items_method),
        ship_name=_full_name(text(raw, "shipping_first_name"), text(raw, "shipping_last_name")),
        ship_address1=text(raw, "shipping_address_1"),
        ship_city=text(raw, "shipping_city"),
        ship_region=text(raw, "shipping_state"),
        ship_postal_code_raw=text(raw, "shipping_postcode"),
        ship_country_raw=text(raw, "shipping_country"),
        sku=sku,
        quantity_raw=quantity,
        is_void=pl.lit(False),
        local_tz=local_tz,
        date_order=date_order,
    )


def _stage_algolplus(
    raw: pl.DataFrame, export_format: ExportFormat, local_tz: str, date_order: str | None
) -> pl.DataFrame:
    frame = raw.with_columns(text(raw, "Order Number").alias(ORDER_KEY))
    net_quantity = text(raw, "Quantity (- Refund)").cast(pl.Int64, strict=False)
    return _stage(
        frame,
        status_raw=text(raw, "Order Status"),
        placed_at_raw=_placed_at_raw(raw, export_format),
        service_name=_algolplus_service(raw),
        ship_name=_full_name(text(raw, "First Name (Shipping)"), text(raw, "Last Name (Shipping)")),
        ship_address1=text(raw, "Address 1&2 (Shipping)", "Address 1 (Shipping)"),
        ship_city=text(raw, "City (Shipping)"),
        ship_region=text(raw, "State Code (Shipping)", "State Name (Shipping)"),
        ship_postal_code_raw=text(raw, "Postcode (Shipping)"),
        ship_country_raw=text(raw, "Country Code (Shipping)", "Country Name (Shipping)"),
        sku=text(raw, "SKU"),
        quantity_raw=text(raw, "Quantity"),
        # A line refunded down to zero units is gone from the order.
        is_void=(net_quantity == 0) & (text(raw, "Quantity").cast(pl.Int64, strict=False) > 0),
        local_tz=local_tz,
        date_order=date_order,
    )


def _algolplus_service(raw: pl.DataFrame) -> pl.Expr:
    """The shipping method when the export was configured to carry it; the plugin's default
    column set has none, and then every order ships standard."""
    if has_column(raw, "Shipping Method Title") or has_column(raw, "Shipping Method"):
        return text(raw, "Shipping Method Title", "Shipping Method")
    return pl.lit("standard")


def _stage(
    frame: pl.DataFrame,
    *,
    status_raw: pl.Expr,
    placed_at_raw: pl.Expr,
    is_void: pl.Expr,
    local_tz: str,
    date_order: str | None,
    **columns: pl.Expr,
) -> pl.DataFrame:
    word = lower(status_raw).str.strip_prefix("wc-").str.replace_all(r"\s+", "-")
    status = (
        pl.when(word.is_null() | word.is_in(OPEN_STATUSES))
        .then(pl.lit("open"))
        .when(word.is_in(CANCELLED_STATUSES))
        .then(pl.lit("cancelled"))
        .when(word.is_in(FULFILLED_STATUSES))
        .then(pl.lit("fulfilled_by_channel"))
        .otherwise(pl.lit(None, dtype=pl.String))
    )
    frame = void_lines(frame, is_void=is_void, status=status)
    frame = with_instant(
        frame,
        "_placed_at",
        placed_at_raw,
        offset_formats=(),
        local_formats=WOOCOMMERCE_FORMATS + _slash_date_formats(date_order),
        local_time_zone=local_tz,
    )
    return staged(
        frame,
        channel_order_id=pl.col(ORDER_KEY),
        channel_line_id=pl.lit(None, dtype=pl.String),
        placed_at_raw=placed_at_raw,
        placed_at=pl.col("_placed_at"),
        status_raw=status_raw,
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
    placed_at_raw = _placed_at_raw(raw, export_format)
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
            f"the order dates are written day first (row {day_first_row}: its first number is "
            f"above 12) and month first (row {month_first_row}: its second number is above 12), "
            "so a date such as 05/11 cannot be read safely and no row is used — export the "
            "file again with one date format (YYYY-MM-DD is safest)",
        )
    if day_first_row is not None:
        return "day_first"
    if month_first_row is not None:
        return "month_first"
    return f"{setting} (setting)"


def _placed_at_raw(raw: pl.DataFrame, export_format: ExportFormat) -> pl.Expr:
    if export_format.name == "woocommerce_algolplus":
        return text(raw, "Order Date")
    return text(raw, "date")


def _slash_date_formats(date_order: str | None) -> tuple[str, ...]:
    if date_order is None:
        return ()
    if date_order.startswith("day_first"):
        return WOOCOMMERCE_DAY_FIRST_FORMATS
    return WOOCOMMERCE_MONTH_FIRST_FORMATS


def _unpack_line_items(raw: pl.DataFrame) -> pl.DataFrame:
    """One row per packed item: `name:…|sku:…|quantity:…|total:…;name:…` (source_row repeats)."""
    items = text(raw, "line_items").str.strip_chars("; ").str.split(";")
    return (
        raw.with_columns(_item=items)
        .explode("_item")
        .with_columns(
            _item_sku=pl.col("_item").str.extract(r"(?:^|\|)\s*sku:([^|]*)").str.strip_chars(),
            _item_quantity=pl.col("_item")
            .str.extract(r"(?:^|\|)\s*quantity:([^|]*)")
            .str.strip_chars(),
        )
        .with_columns(
            pl.when(pl.col(c) != "").then(pl.col(c)).alias(c)
            for c in ("_item_sku", "_item_quantity")
        )
    )


def _full_name(first: pl.Expr, last: pl.Expr) -> pl.Expr:
    name = pl.concat_str([first, last], separator=" ", ignore_nulls=True).str.strip_chars()
    return pl.when(name != "").then(name)
