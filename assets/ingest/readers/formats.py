"""Which export formats each landing folder accepts, recognised by the columns they carry.

A format is recognised when all its signature columns are present (names compared
case-insensitively); any other columns, missing or extra, are tolerated.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class ExportFormat:
    """One recognisable export layout of a channel."""

    name: str
    channel: str
    separator: str
    signature: tuple[str, ...]
    description: str


EXPORT_FORMATS = (
    ExportFormat(
        "shopify_orders_export",
        "shopify",
        ",",
        ("Name", "Created at", "Lineitem quantity", "Lineitem sku"),
        'Shopify admin "Export orders" CSV',
    ),
    ExportFormat(
        "amazon_unshipped",
        "amazon",
        "\t",
        ("order-id", "order-item-id", "quantity-to-ship"),
        "Amazon Unshipped Orders report",
    ),
    ExportFormat(
        "amazon_new_orders",
        "amazon",
        "\t",
        ("order-id", "order-item-id", "quantity-purchased"),
        "Amazon (legacy) New Orders report",
    ),
    ExportFormat(
        "amazon_all_orders",
        "amazon",
        "\t",
        ("amazon-order-id", "purchase-date", "quantity", "item-status"),
        "Amazon All Orders report",
    ),
    ExportFormat(
        "woocommerce_skyverge_orders",
        "woocommerce",
        ",",
        ("order_id", "date", "status", "line_items"),
        "WooCommerce Customer/Order CSV Export (one row per order)",
    ),
    ExportFormat(
        "woocommerce_skyverge_items",
        "woocommerce",
        ",",
        ("order_id", "date", "status", "item_sku", "item_quantity"),
        "WooCommerce Customer/Order CSV Export (one row per item)",
    ),
    ExportFormat(
        "woocommerce_algolplus",
        "woocommerce",
        ",",
        ("Order Number", "Order Status", "Order Date", "SKU", "Quantity"),
        "Advanced Order Export For WooCommerce (one row per item)",
    ),
    ExportFormat(
        "ebay_orders_report",
        "ebay",
        ",",
        ("Sales Record Number", "Order Number", "Quantity", "Sale Date"),
        "eBay Seller Hub Orders report",
    ),
    ExportFormat(
        "generic_csv",
        "generic",
        ",",
        ("channel_order_id", "placed_at", "sku", "quantity"),
        "batch-oms canonical order lines",
    ),
)
CHANNELS = ("shopify", "amazon", "woocommerce", "ebay", "generic")


def formats_of(channel: str) -> tuple[ExportFormat, ...]:
    """The layouts accepted in a channel's landing folder."""
    return tuple(f for f in EXPORT_FORMATS if f.channel == channel)


def recognise(columns: list[str], channel: str) -> ExportFormat | None:
    """The first format of the channel whose signature columns are all present."""
    present = {c.strip().lower() for c in columns}
    for export_format in formats_of(channel):
        if all(s.lower() in present for s in export_format.signature):
            return export_format
    return None


def describe_mismatch(columns: list[str], channel: str) -> str:
    """Why a header is not one of the channel's formats, naming the look-alike if any."""
    present = {c.strip().lower() for c in columns}
    for export_format in EXPORT_FORMATS:
        if export_format.channel != channel and all(
            s.lower() in present for s in export_format.signature
        ):
            return (
                f"the file looks like a {export_format.description} ({export_format.channel}), "
                f"but it landed in the {channel} folder"
            )
    expected = "; ".join(f"{f.description}: {', '.join(f.signature)}" for f in formats_of(channel))
    shown = ", ".join(columns[:6]) + (", …" if len(columns) > 6 else "")
    return f"the header ({shown}) is not a {channel} export; expected columns — {expected}"
