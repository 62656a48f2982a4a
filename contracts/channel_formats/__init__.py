"""Every channel export format batch-oms reads, described once.

Each channel's module holds its layouts (the header as the platform writes it, the columns
that recognise it, how it writes the order time) and the words its values use. The ingest
readers recognise and read files by these descriptions, and the demo writes its files from
them, so what is written and what is read cannot drift apart.
"""

from contracts.channel_formats import amazon, ebay, generic, shopify, woocommerce
from contracts.channel_formats.base import ExportFormat, Timestamps

EXPORT_FORMATS: tuple[ExportFormat, ...] = (
    shopify.ORDERS_EXPORT,
    amazon.UNSHIPPED,
    amazon.NEW_ORDERS,
    amazon.ALL_ORDERS,
    woocommerce.SKYVERGE_ORDERS,
    woocommerce.SKYVERGE_ITEMS,
    woocommerce.CSV_IMPORT,
    woocommerce.ALGOLPLUS,
    ebay.ORDERS_REPORT,
    ebay.SALES_HISTORY,
    generic.CANONICAL_LINES,
)
"""In the order a channel's formats are tried: the first whose signature matches wins."""

__all__ = ["EXPORT_FORMATS", "ExportFormat", "Timestamps"]
