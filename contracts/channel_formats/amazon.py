"""Amazon Seller Central order reports: tab-separated, one row per order item, order fields
repeated, never quoted. `order-item-id` is a 14-digit string.

Evidence: ../shared/formats/CHANNEL-FORMATS.md §2.
"""

from functools import partial

from contracts.channel_formats.base import ExportFormat, Timestamps

UNSHIPPED_COLUMNS = (
    "order-id", "order-item-id", "purchase-date", "payments-date", "reporting-date",
    "promise-date", "days-past-promise", "buyer-email", "buyer-name", "buyer-phone-number", "sku",
    "product-name", "quantity-purchased", "quantity-shipped", "quantity-to-ship",
    "ship-service-level", "recipient-name", "ship-address-1", "ship-address-2", "ship-address-3",
    "ship-city", "ship-state", "ship-postal-code", "ship-country", "is-business-order",
    "purchase-order-number", "price-designation",
)  # fmt: skip
NEW_ORDERS_COLUMNS = (
    "order-id", "order-item-id", "purchase-date", "payments-date", "buyer-email", "buyer-name",
    "buyer-phone-number", "sku", "product-name", "quantity-purchased", "currency", "item-price",
    "item-tax", "shipping-price", "shipping-tax", "ship-service-level", "recipient-name",
    "ship-address-1", "ship-address-2", "ship-address-3", "ship-city", "ship-state",
    "ship-postal-code", "ship-country", "ship-phone-number", "delivery-start-date",
    "delivery-end-date", "delivery-time-zone", "delivery-Instructions",
)  # fmt: skip
ALL_ORDERS_COLUMNS = (
    "amazon-order-id", "merchant-order-id", "purchase-date", "last-updated-date", "order-status",
    "fulfillment-channel", "sales-channel", "order-channel", "url", "ship-service-level",
    "product-name", "sku", "asin", "item-status", "quantity", "currency", "item-price",
    "item-tax", "shipping-price", "shipping-tax", "gift-wrap-price", "gift-wrap-tax",
    "item-promotion-discount", "ship-promotion-discount", "ship-city", "ship-state",
    "ship-postal-code", "ship-country", "promotion-ids", "is-business-order",
    "purchase-order-number", "price-designation",
)  # fmt: skip

TIMESTAMPS = Timestamps(
    written="%Y-%m-%dT%H:%M:%S%:z",  # 2025-07-30T08:34:47+00:00
    offset_formats=("%Y-%m-%dT%H:%M:%S%.f%z", "%Y-%m-%d %H:%M:%S%.f%z"),
    local_formats=("%Y-%m-%dT%H:%M:%S%.f", "%Y-%m-%d %H:%M:%S%.f"),
)

FIELDS: dict[str, tuple[str, ...]] = {
    "channel_order_id": ("order-id", "amazon-order-id"),
    "channel_line_id": ("order-item-id",),
    "placed_at": ("purchase-date",),
    "service_name": ("ship-service-level",),
    "ship_name": ("recipient-name",),
    "ship_address1": ("ship-address-1",),
    "ship_address2": ("ship-address-2",),
    "ship_city": ("ship-city",),
    "ship_region": ("ship-state",),
    "ship_postal_code": ("ship-postal-code",),
    "ship_country": ("ship-country",),
    "ship_phone": ("ship-phone-number", "buyer-phone-number"),
    "sku": ("sku",),
    "quantity": ("quantity-purchased", "quantity"),
    "listing_id": ("asin",),
    "listing_title": ("product-name",),
    "line_price": ("item-price",),
    "currency": ("currency",),
    "buyer_email": ("buyer-email",),
}
"""The same in every report; the All Orders report has no recipient name or street. The
listing is the ASIN where the report has one (the seller SKU is `sku` itself). A third street
line (`ship-address-3`) is joined to the second; the recipient's phone is the buyer's where the
report has no ship phone. `item-price` is the price of the item times the quantity ordered
(Amazon's ListOrderItems documentation says so of ItemPrice, which the reports carry), so the
unit price is it divided by the quantity; the Unshipped report carries no price at all.
`buyer-email` (Unshipped and New Orders reports; not in All Orders) is Amazon's anonymised
relay address (`…@marketplace.amazon.com`), one per buyer and
marketplace (CHANNEL-FORMATS.md §2.2): kept, but it does not identify the person."""
ADDRESS_3 = "ship-address-3"

_layout = partial(
    ExportFormat, channel="amazon", separator="\t", placed_at=TIMESTAMPS, fields=FIELDS
)
"""What the three reports share: tab-separated, their dates and field columns alike."""

UNSHIPPED = _layout(
    name="amazon_unshipped",
    signature=("order-id", "order-item-id", "quantity-to-ship"),
    description="Amazon Unshipped Orders report",
    columns=UNSHIPPED_COLUMNS,
)
NEW_ORDERS = _layout(
    name="amazon_new_orders",
    signature=("order-id", "order-item-id", "quantity-purchased"),
    description="Amazon (legacy) New Orders report",
    columns=NEW_ORDERS_COLUMNS,
)
ALL_ORDERS = _layout(
    name="amazon_all_orders",
    signature=("amazon-order-id", "purchase-date", "quantity", "item-status"),
    description="Amazon All Orders report",
    columns=ALL_ORDERS_COLUMNS,
)

SHIPPED = "Shipped"
"""`order-status` / `item-status` of what has left: an order (or an item) Amazon reports as
Shipped is not shipped again. A partly shipped order keeps its other items to ship."""
CANCELLED_STATUSES = ("Cancelled", "Canceled")
"""`order-status` / `item-status` of a cancelled order or item (both spellings occur)."""
UNPAID_ORDER_STATUSES = ("Pending", *CANCELLED_STATUSES)
"""All Orders report: Amazon holds an order in Pending until payment is authorised."""
FULFILLED_BY_AMAZON = ("Amazon", "AFN")
MERCHANT_FULFILLED = "Merchant"
"""`fulfillment-channel`: FBA orders (Amazon ships them) and merchant-fulfilled ones."""

SERVICE_NAMES = {"standard": "Standard", "expedited": "Expedited", "overnight": "NextDay"}
"""`ship-service-level` for the three speeds."""
