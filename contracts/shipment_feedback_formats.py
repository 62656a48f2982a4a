"""The files that tell each channel its orders shipped, as the channels take them.

Headers are the channels' own (docs/channels.md, "Shipment confirmations", names the sources);
carrier names are mapped to each channel's list of carriers, keyed by the carrier's code
(`contracts.vocabulary.carrier_code`: upper case, letters and digits), so `Royal Mail`,
`ROYAL MAIL` and `royal-mail` in reference/carrier_services.csv map alike.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class FeedbackFile:
    """One file a channel uploads: where it goes under the date's `channels/<channel>/`, its
    header as the channel writes it, and its delimiter."""

    channel: str
    name: str
    header: tuple[str, ...]
    delimiter: str = ","

    @property
    def path(self) -> str:
        """The file under `$OMS_OUTPUT/<date>/`."""
        return f"channels/{self.channel}/{self.name}"


AMAZON_SHIPPING_CONFIRMATION = FeedbackFile(
    "amazon",
    "shipping-confirmation.txt",
    (
        "order-id",
        "order-item-id",
        "quantity",
        "ship-date",
        "carrier-code",
        "carrier-name",
        "tracking-number",
        "ship-method",
    ),
    delimiter="\t",
)
"""Seller Central Shipping Confirmation flat file (POST_FLAT_FILE_FULFILLMENT_DATA)."""

EBAY_ADD_TRACKING = FeedbackFile(
    "ebay",
    "add-tracking.csv",
    (
        "Shipping Status",
        "Order Number",
        "Item Number",
        "Item Title",
        "Custom Label",
        "Transaction ID",
        "Shipping Carrier Used",
        "Tracking Number",
    ),
)
"""Seller Hub Reports > Uploads, "Add order tracking and shipping info" template."""

SHOPIFY_MATRIXIFY_ORDERS = FeedbackFile(
    "shopify",
    "Orders-fulfillments.csv",
    (
        "Name",
        "Command",
        "Line: Type",
        "Fulfillment: Status",
        "Fulfillment: Tracking Company",
        "Fulfillment: Location",
        "Fulfillment: Tracking Number",
        "Fulfillment: Tracking URL",
        "Fulfillment: Send Receipt",
    ),
)
"""Matrixify Orders sheet (the file name must contain "Orders"), one fulfilment per row."""

SHOPIFY_FULFILLMENT_CREATE = FeedbackFile("shopify", "fulfillmentCreate.jsonl", ())
"""The same fulfilments as GraphQL `fulfillmentCreate` inputs, one JSON object a line."""

WOOCOMMERCE_AST_TRACKING = FeedbackFile(
    "woocommerce",
    "ast-tracking-import.csv",
    ("order_id", "tracking_provider", "tracking_number", "date_shipped", "status_shipped"),
)
"""Advanced Shipment Tracking (zorem) CSV import; date_shipped is written DD-MM-YYYY."""

GENERIC_SHIPMENT_CONFIRMATIONS = FeedbackFile(
    "generic",
    "shipment-confirmations.csv",
    (
        "channel_order_id",
        "channel_line_id",
        "line_no",
        "sku",
        "quantity",
        "shipment_id",
        "package_id",
        "ship_date",
        "carrier",
        "service",
        "tracking_number",
        "order_complete",
    ),
)
"""batch-oms's own layout, for a channel that reads what it is handed (docs/channels.md)."""

FEEDBACK_FILE_OF_CHANNEL: dict[str, FeedbackFile] = {
    "amazon": AMAZON_SHIPPING_CONFIRMATION,
    "ebay": EBAY_ADD_TRACKING,
    "shopify": SHOPIFY_MATRIXIFY_ORDERS,
    "woocommerce": WOOCOMMERCE_AST_TRACKING,
    "generic": GENERIC_SHIPMENT_CONFIRMATIONS,
}
"""The file that records a channel's rows in oms.channel_feedback."""

FEEDBACK_FILES: tuple[FeedbackFile, ...] = (
    *FEEDBACK_FILE_OF_CHANNEL.values(),
    SHOPIFY_FULFILLMENT_CREATE,
)
"""Every file the shipment step may write: a re-run removes those it no longer writes."""

AMAZON_OTHER_CARRIER = "Other"
"""Amazon's carrier-code for a carrier not on its list; carrier-name then names it."""

AMAZON_CARRIER_CODES: dict[str, str] = {
    "USPS": "USPS",
    "UPS": "UPS",
    "UPSMI": "UPSMI",
    "FEDEX": "FedEx",
    "FEDEXSMARTPOST": "FedEx SmartPost",
    "DHL": "DHL",
    "DHLECOMMERCE": "DHL eCommerce",
    "ROYALMAIL": "Royal Mail",
    "PARCELFORCE": "Parcelforce",
    "CANADAPOST": "Canada Post",
    "ONTRAC": "OnTrac",
    "LASERSHIP": "Lasership",
    "GLS": "GLS",
    "TNT": "TNT",
    "ARAMEX": "Aramex",
    "CHINAPOST": "China Post",
    "SFEXPRESS": "SF Express",
    "SINGAPOREPOST": "Singapore Post",
    "YAMATOTRANSPORT": "YamatoTransport",
    "4PX": "4PX",
}
"""Carrier code -> Amazon carrier-code, from the US/SG Seller Central list (help page G641).
Another marketplace's list differs: the template's "Valid Values" tab is the authority."""

EBAY_CARRIER_CODES: dict[str, str] = {
    "UPS": "UPS",
    "USPS": "USPS",
    "FEDEX": "FedEx",
    "DHL": "DHL",
    "DEUTSCHEPOST": "DeutschePost",
    "HERMES": "Hermes",
    "ILOXX": "iLoxx",
    "CHRONOPOST": "Chronopost",
    "CORREOS": "Correos",
}
"""Carrier code -> eBay ShippingCarrierCodeType; another carrier is written by its name."""

SHOPIFY_TRACKING_COMPANIES: dict[str, str] = {
    "4PX": "4PX",
    "AUSTRALIAPOST": "Australia Post",
    "CANADAPOST": "Canada Post",
    "DHL": "DHL Express",
    "DHLEXPRESS": "DHL Express",
    "DHLECOMMERCE": "DHL eCommerce",
    "DPD": "DPD",
    "EVRI": "Evri",
    "FEDEX": "FedEx",
    "ROYALMAIL": "Royal Mail",
    "UPS": "UPS",
    "USPS": "USPS",
}
"""Carrier code -> Shopify's supported tracking company (exact case: only then does Shopify link
the tracking page); another carrier is written by its name."""

WOOCOMMERCE_AST_PROVIDERS: dict[str, str] = {
    "UPS": "UPS",
    "USPS": "USPS",
    "FEDEX": "FedEx",
    "DHL": "DHL",
    "ROYALMAIL": "Royal Mail",
    "DPD": "DPD",
}
"""Carrier code -> AST provider name; another carrier is written by its name, which must then
be a provider of the store's AST list."""
