"""WooCommerce plugin exports: SkyVerge (one row per order, items packed in `line_items`; or
one row per item) and AlgolPlus "Advanced Order Export" (one row per item, labelled columns).

WooCommerce dates carry no offset: they are store-local and read in the channel's configured
zone (UTC unless configured).
"""

import polars as pl

from assets.ingest.readers.staging import ORDER_KEY, lower, read_fields, staged, void_lines
from assets.ingest.readers.tabular import has_column, text
from assets.ingest.timestamps import with_placed_at
from contracts.channel_formats import ExportFormat
from contracts.channel_formats.woocommerce import (
    ALGOLPLUS,
    ALGOLPLUS_SHIPPING_METHOD,
    SKYVERGE_ORDERS,
    STATUSES,
)

STATUS_OF = {slug: status for slug, (status, _) in STATUSES.items()}
PAID_STATUSES = [slug for slug, (_, is_paid) in STATUSES.items() if is_paid]


def stage_woocommerce(
    raw: pl.DataFrame, export_format: ExportFormat, local_tz: str
) -> pl.DataFrame:
    """Staged lines from any of the WooCommerce export layouts."""
    fields = read_fields(raw, export_format)
    if export_format == ALGOLPLUS:
        net_quantity = text(raw, "Quantity (- Refund)").cast(pl.Int64, strict=False)
        ordered = fields["quantity_raw"].cast(pl.Int64, strict=False)
        return _stage(
            raw,
            fields,
            export_format,
            local_tz,
            service_name=_algolplus_service(raw),
            ship_name=_full_name(
                text(raw, "First Name (Shipping)"), text(raw, "Last Name (Shipping)")
            ),
            # A line refunded down to zero units is gone from the order.
            is_void=(net_quantity == 0) & (ordered > 0),
        )
    frame, items = raw, {}
    if export_format == SKYVERGE_ORDERS:
        frame = _unpack_line_items(raw)
        items = {"sku": pl.col("_item_sku"), "quantity_raw": pl.col("_item_quantity")}
    shipping_items_method = text(raw, "shipping_items").str.extract(r"(?:^|\|)method:([^|;]*)")
    return _stage(
        frame,
        fields,
        export_format,
        local_tz,
        service_name=pl.coalesce(text(raw, "shipping_method"), shipping_items_method),
        ship_name=_full_name(text(raw, "shipping_first_name"), text(raw, "shipping_last_name")),
        is_void=pl.lit(False),
        **items,
    )


def _algolplus_service(raw: pl.DataFrame) -> pl.Expr:
    """The shipping method when the export was configured to carry it; the plugin's default
    column set has none, and then every order ships standard."""
    if has_column(raw, ALGOLPLUS_SHIPPING_METHOD) or has_column(raw, "Shipping Method"):
        return text(raw, ALGOLPLUS_SHIPPING_METHOD, "Shipping Method")
    return pl.lit("standard")


def _stage(
    frame: pl.DataFrame,
    fields: dict[str, pl.Expr],
    export_format: ExportFormat,
    local_tz: str,
    *,
    is_void: pl.Expr,
    **columns: pl.Expr,
) -> pl.DataFrame:
    frame = frame.with_columns(fields["channel_order_id"].alias(ORDER_KEY))
    word = lower(fields["status_raw"]).str.strip_prefix("wc-").str.replace_all(r"\s+", "-")
    status = (
        pl.when(word.is_null())
        .then(pl.lit("open"))
        .otherwise(word.replace_strict(STATUS_OF, default=None, return_dtype=pl.String))
    )
    frame = void_lines(frame, is_void=is_void, status=status)
    frame = with_placed_at(frame, fields["placed_at_raw"], export_format.placed_at, local_tz)
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
