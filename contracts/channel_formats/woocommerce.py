"""WooCommerce plugin exports (WooCommerce has no order export of its own): SkyVerge "Customer/
Order CSV Export" (one row per order with items packed in `line_items`, or one row per item),
the "CSV Import" layout (one row per order, one packed `line_item_N` column per item) and
AlgolPlus "Advanced Order Export" (one row per item, labelled columns). Dates carry no
offset: they are store-local.

Evidence: ../shared/formats/CHANNEL-FORMATS.md §3.1.
"""

from functools import partial

from contracts.channel_formats.base import ExportFormat, Timestamps

SKYVERGE_COLUMNS = (
    "order_id", "order_number", "date", "status", "shipping_total", "shipping_tax_total",
    "fee_total", "fee_tax_total", "tax_total", "cart_discount", "order_discount",
    "discount_total", "order_total", "refunded_total", "order_currency", "payment_method",
    "shipping_method", "customer_id", "billing_first_name", "billing_last_name",
    "billing_company", "billing_email", "billing_phone", "billing_address_1",
    "billing_address_2", "billing_postcode", "billing_city", "billing_state", "billing_country",
    "shipping_first_name", "shipping_last_name", "shipping_address_1", "shipping_address_2",
    "shipping_postcode", "shipping_city", "shipping_state", "shipping_country",
    "shipping_company", "customer_note", "line_items", "shipping_items", "fee_items",
    "tax_items", "coupons", "order_notes", "download_permissions_granted",
)  # fmt: skip
SKYVERGE_ITEM_COLUMNS = (
    *SKYVERGE_COLUMNS[: SKYVERGE_COLUMNS.index("line_items")],
    "item_name", "item_sku", "item_quantity", "item_tax", "item_total", "item_refunded",
    "item_meta", *SKYVERGE_COLUMNS[SKYVERGE_COLUMNS.index("line_items") + 1 :],
)  # fmt: skip
CSV_IMPORT_HEADER = (
    "order_id,order_number,order_date,status,shipping_total,shipping_tax_total,fee_total,"
    "fee_tax_total,tax_total,cart_discount,order_discount,discount_total,order_total,"
    "order_currency,payment_method,shipping_method,customer_id,customer_user,customer_email,"
    "billing_first_name,billing_last_name,billing_company,billing_email,billing_phone,"
    "billing_address_1,billing_address_2,billing_postcode,billing_city,billing_state,"
    "billing_country,shipping_first_name,shipping_last_name,shipping_company,"
    "shipping_address_1,shipping_address_2,shipping_postcode,shipping_city,shipping_state,"
    "shipping_country,customer_note,shipping_items,fee_items,tax_items,coupon_items,"
    "refund_items,order_notes,download_permissions,customer_ip_address,paid_date,"
    "completed_date,line_item_1"
)
CSV_IMPORT_COLUMNS = tuple(CSV_IMPORT_HEADER.split(","))
"""As WebToffee's "Order Export & Order Import for WooCommerce" wrote it in 2020: the header
line of the real export in tests/ingest/fixtures/real/woocommerce/, to the letter. One
`line_item_N` column per item of the order with the most items, each packed as
`name:…|product_id:…|sku:…|quantity:…|total:…|…`."""
CSV_IMPORT_LINE_ITEM = r"(?i)^line_item_(\d+)$"
"""The item columns: `line_item_1`, `line_item_2`, … (`line_item_1_name` and the like, which
the plugin can add beside them, are not)."""
ALGOLPLUS_COLUMNS = (
    "Order Number", "Order Status", "Order Date", "Customer Note", "First Name (Billing)",
    "Last Name (Billing)", "Company (Billing)", "Address 1&2 (Billing)", "City (Billing)",
    "State Code (Billing)", "Postcode (Billing)", "Country Code (Billing)", "Email (Billing)",
    "Phone (Billing)", "First Name (Shipping)", "Last Name (Shipping)",
    "Address 1&2 (Shipping)", "City (Shipping)", "State Code (Shipping)",
    "Postcode (Shipping)", "Country Code (Shipping)", "Item #", "SKU", "Name",
    "Product Variation", "Quantity", "Quantity (- Refund)", "Item Cost",
    "Order Line (w/o tax)", "Order Line Tax", "Order Line Total", "Order Line Total Refunded",
    "Order Line Total (- Refund)", "Image URL", "Coupon Code", "Discount Amount",
    "Discount Amount Tax", "Payment Method Title", "Coupons Used", "Cart Discount Amount",
    "Order Subtotal Amount", "Order Tax Amount", "Order Shipping Amount",
    "Order Refund Amount", "Order Total Amount", "Order Total Tax Amount", "Total items",
    "Total products",
)  # fmt: skip
"""The plugin's default column set; it carries no shipping method unless one is added."""
ALGOLPLUS_SHIPPING_METHOD = "Shipping Method Title"
ALGOLPLUS_CURRENCY = "Order Currency"
"""A column the merchant may add: the currency of `Item Cost`."""
ALGOLPLUS_JOINED_STREET = "Address 1&2 (Shipping)"
"""The plugin's default street column: both address lines in one, so address 2 is not read
again from an `Address 2 (Shipping)` column the merchant added."""

TIMESTAMPS = Timestamps(
    written="%Y-%m-%d %H:%M:%S",
    offset_formats=(),
    local_formats=(
        "%Y-%m-%d %H:%M:%S%.f",
        "%Y-%m-%dT%H:%M:%S%.f",
        "%Y-%m-%d %H:%M",
    ),
)
# Files re-saved by a spreadsheet write slash dates in the order of the machine's locale. Which
# of the two a file uses is decided for the whole file (assets/ingest/readers/woocommerce.py).
SLASH_MONTH_FIRST = ("%m/%d/%Y %H:%M", "%m/%d/%Y %H:%M:%S", "%m/%d/%Y")
SLASH_DAY_FIRST = ("%d/%m/%Y %H:%M", "%d/%m/%Y %H:%M:%S", "%d/%m/%Y")

SKYVERGE_FIELDS = {
    "channel_order_id": ("order_number", "order_id"),
    "placed_at": ("date",),
    "status": ("status",),
    "ship_company": ("shipping_company",),
    "ship_address1": ("shipping_address_1",),
    "ship_address2": ("shipping_address_2",),
    "ship_city": ("shipping_city",),
    "ship_region": ("shipping_state",),
    "ship_postal_code": ("shipping_postcode",),
    "ship_country": ("shipping_country",),
    "ship_phone": ("shipping_phone", "billing_phone"),
    "currency": ("order_currency",),
    "buyer_email": ("billing_email", "customer_email"),
}
"""Both SkyVerge layouts; the name is split in two, and the one-row-per-order layout packs
SKUs and quantities into `line_items`. WooCommerce asks for a shipping phone only when the store
turns it on, so the billing phone stands in; the buyer's e-mail is the billing e-mail (the CSV
Import layout also has the account's `customer_email`)."""
ALGOLPLUS_FIELDS = {
    "channel_order_id": ("Order Number",),
    "placed_at": ("Order Date",),
    "status": ("Order Status",),
    "ship_company": ("Company (Shipping)",),
    "ship_address1": ("Address 1&2 (Shipping)", "Address 1 (Shipping)"),
    "ship_address2": ("Address 2 (Shipping)",),
    "ship_city": ("City (Shipping)",),
    "ship_region": ("State Code (Shipping)", "State Name (Shipping)"),
    "ship_postal_code": ("Postcode (Shipping)",),
    "ship_country": ("Country Code (Shipping)", "Country Name (Shipping)"),
    "ship_phone": ("Phone (Shipping)", "Phone (Billing)"),
    "sku": ("SKU",),
    "quantity": ("Quantity",),
    "unit_price": ("Item Cost",),
    "currency": (ALGOLPLUS_CURRENCY, "Currency"),
    "buyer_email": ("Email (Billing)",),
}
"""AlgolPlus: where two columns can carry a field, the plugin's default one is read first (the
joined street, state and country codes), but a shipping phone the merchant added wins over the
default billing phone. `Item Cost` is the unit price; the default column set names no currency
(a merchant may add `Order Currency`), so the channel's configured currency stands in."""

_layout = partial(ExportFormat, channel="woocommerce", separator=",", placed_at=TIMESTAMPS)
"""Every plugin writes a comma-separated file with store-local dates."""

SKYVERGE_ORDERS = _layout(
    name="woocommerce_skyverge_orders",
    signature=("order_id", "date", "status", "line_items"),
    description="WooCommerce Customer/Order CSV Export (one row per order)",
    columns=SKYVERGE_COLUMNS,
    fields=SKYVERGE_FIELDS,
)
SKYVERGE_ITEMS = _layout(
    name="woocommerce_skyverge_items",
    signature=("order_id", "date", "status", "item_sku", "item_quantity"),
    description="WooCommerce Customer/Order CSV Export (one row per item)",
    columns=SKYVERGE_ITEM_COLUMNS,
    fields={
        **SKYVERGE_FIELDS,
        "sku": ("item_sku",),
        "quantity": ("item_quantity",),
        "line_price": ("item_total",),  # the item's total for all its units
    },
)
CSV_IMPORT = _layout(
    name="woocommerce_csv_import",
    signature=("order_id", "order_date", "status", "line_item_1"),
    description="WooCommerce order export, CSV Import layout (one row per order, line_item_N)",
    columns=CSV_IMPORT_COLUMNS,
    fields={**SKYVERGE_FIELDS, "placed_at": ("order_date",)},
)
ALGOLPLUS = _layout(
    name="woocommerce_algolplus",
    signature=("Order Number", "Order Status", "Order Date", "SKU", "Quantity"),
    description="Advanced Order Export For WooCommerce (one row per item)",
    columns=ALGOLPLUS_COLUMNS,
    fields=ALGOLPLUS_FIELDS,
)

STATUSES = {
    "pending": ("open", False),
    "pending-payment": ("open", False),
    "processing": ("open", True),
    "on-hold": ("open", False),
    "completed": ("fulfilled_by_channel", True),
    "cancelled": ("cancelled", False),
    "refunded": ("cancelled", True),
    "failed": ("cancelled", False),
}
"""Order status slug (lower case, `wc-` prefix dropped, spaces as `-`) → (our status, is_paid)."""
ALGOLPLUS_STATUS_LABELS = {
    "completed": "Completed",
    "refunded": "Refunded",
    "cancelled": "Cancelled",
    "processing": "Processing",
    "pending": "Pending payment",
}
"""How AlgolPlus labels a status slug (SkyVerge writes the slug itself)."""

PICKUP_METHOD_IDS = ("local_pickup", "pickup_location")
"""Shipping method ids of WooCommerce's Local pickup (classic) and pickup locations (checkout
blocks), as `shipping_items` writes them (`method_id:local_pickup|…`): the customer collects
the order, nothing is shipped. A store that names the method otherwise is still recognised by
its title ("Local pickup", "Collect from …", see vocabulary.STORE_PICKUP_METHOD)."""

SERVICE_NAMES = {"standard": "Flat rate", "expedited": "Express", "overnight": "Next Day"}
"""Shipping method titles a store commonly sets up for the three speeds."""
