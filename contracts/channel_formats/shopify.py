"""Shopify admin "Export orders" CSV: one row per line item, order fields on the first row only.

Evidence: ../shared/formats/CHANNEL-FORMATS.md §1 (three real exports share this header).
"""

from contracts.channel_formats.base import ExportFormat, Timestamps

COLUMNS = (
    "Name", "Email", "Financial Status", "Paid at", "Fulfillment Status", "Fulfilled at",
    "Accepts Marketing", "Currency", "Subtotal", "Shipping", "Taxes", "Total", "Discount Code",
    "Discount Amount", "Shipping Method", "Created at", "Lineitem quantity", "Lineitem name",
    "Lineitem price", "Lineitem compare at price", "Lineitem sku", "Lineitem requires shipping",
    "Lineitem taxable", "Lineitem fulfillment status", "Billing Name", "Billing Street",
    "Billing Address1", "Billing Address2", "Billing Company", "Billing City", "Billing Zip",
    "Billing Province", "Billing Country", "Billing Phone", "Shipping Name", "Shipping Street",
    "Shipping Address1", "Shipping Address2", "Shipping Company", "Shipping City",
    "Shipping Zip", "Shipping Province", "Shipping Country", "Shipping Phone", "Notes",
    "Note Attributes", "Cancelled at", "Payment Method", "Payment Reference", "Refunded Amount",
    "Vendor", "Outstanding Balance", "Employee", "Location", "Device ID", "Id", "Tags",
    "Risk Level", "Source", "Lineitem discount", "Tax 1 Name", "Tax 1 Value", "Tax 2 Name",
    "Tax 2 Value", "Tax 3 Name", "Tax 3 Value", "Tax 4 Name", "Tax 4 Value", "Tax 5 Name",
    "Tax 5 Value", "Phone", "Receipt Number", "Duties", "Billing Province Name",
    "Shipping Province Name", "Payment ID", "Payment Terms Name", "Next Payment Due At",
    "Payment References",
)  # fmt: skip

ORDERS_EXPORT = ExportFormat(
    name="shopify_orders_export",
    channel="shopify",
    separator=",",
    signature=("Name", "Created at", "Lineitem quantity", "Lineitem sku"),
    description='Shopify admin "Export orders" CSV',
    columns=COLUMNS,
    placed_at=Timestamps(
        written="%Y-%m-%d %H:%M:%S %z",  # 2025-05-11 09:55:16 -0400, in the shop's zone
        offset_formats=("%Y-%m-%d %H:%M:%S %z", "%Y-%m-%d %H:%M:%S%z"),
        local_formats=("%Y-%m-%d %H:%M:%S",),
    ),
    fields={
        "channel_order_id": ("Name",),
        "placed_at": ("Created at",),
        "sku": ("Lineitem sku",),
        # the listing: product and variant title as the shop names them ("Tee - Black / M")
        "listing_id": ("Lineitem name",),
        "listing_title": ("Lineitem name",),
        "quantity": ("Lineitem quantity",),
        "unit_price": ("Lineitem price",),  # a unit price (CHANNEL-FORMATS.md §1.2)
    },
)

ORDER_FIELDS = {
    "financial_status": ("Financial Status",),
    "fulfillment_status": ("Fulfillment Status",),
    "cancelled_at": ("Cancelled at",),
    "paid_at": ("Paid at",),
    "service_name": ("Shipping Method",),
    "ship_name": ("Shipping Name",),
    "ship_company": ("Shipping Company",),
    "ship_address1": ("Shipping Address1",),
    "ship_address2": ("Shipping Address2",),
    "ship_street": ("Shipping Street",),
    "ship_city": ("Shipping City",),
    "ship_region": ("Shipping Province",),
    "ship_postal_code": ("Shipping Zip",),
    "ship_country": ("Shipping Country",),
    "ship_phone": ("Shipping Phone",),
    "currency": ("Currency",),
    "buyer_email": ("Email",),
}
"""Order-level fields, filled on an order's first row only. `Shipping Street` is Address1 and
Address2 joined, for when Address1 is empty. `Currency` (ISO 4217) is the currency of every
line's `Lineitem price`. `Email` is repeated on every row and blank on all of them when the
order has none (CHANNEL-FORMATS.md §1.2)."""

FINANCIAL_STATUS = {
    (True, True): "refunded",
    (False, True): "voided",
    (True, False): "paid",
    (False, False): "pending",
}
"""`Financial Status` for an order that is (paid, cancelled)."""
PAID_FINANCIAL_STATUSES = ("paid", "partially_refunded", "refunded")
CANCELLED_FINANCIAL_STATUSES = ("refunded", "voided")
FULFILLED = "fulfilled"
UNFULFILLED = "unfulfilled"
"""`Fulfillment Status` of an order the shop shipped itself, and of one still to ship."""

LINE_FIELDS = {
    "line_fulfillment_status": ("Lineitem fulfillment status",),
    "requires_shipping": ("Lineitem requires shipping",),
}
"""Line-level fields, on every row: `Lineitem fulfillment status` is `fulfilled` for a line the
shop has fulfilled (a `partial` order has some), `pending` otherwise; `Lineitem requires
shipping` is `false` for gift cards and digital products (CHANNEL-FORMATS.md §1)."""
LINE_FULFILLED = "fulfilled"

SERVICE_NAMES = {
    "standard": "Standard Shipping",
    "expedited": "Express Shipping",
    "overnight": "Overnight Shipping",
}
"""`Shipping Method` as a shop commonly names its three speeds."""
